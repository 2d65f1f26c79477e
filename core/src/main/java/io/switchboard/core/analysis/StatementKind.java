package io.switchboard.core.analysis;

import java.util.Locale;
import java.util.Map;

/** What a statement does, as far as guards, routers and frontends need to know. */
public enum StatementKind {
    SELECT(true),
    /** A bare {@code VALUES (...)} list. */
    VALUES(true),
    SHOW(true),
    DESCRIBE(true),
    EXPLAIN(true),
    INSERT(false),
    UPDATE(false),
    DELETE(false),
    MERGE(false),
    UPSERT(false),
    REPLACE(false),
    CREATE(false),
    ALTER(false),
    DROP(false),
    TRUNCATE(false),
    GRANT(false),
    REVOKE(false),
    COPY(false),
    CALL(false),
    SET(false),
    RESET(false),
    USE(false),
    TRANSACTION(false),
    OTHER(false),
    /** The text was empty or could not be classified at all. */
    UNKNOWN(false);

    private static final Map<String, StatementKind> FIRST_WORDS = Map.ofEntries(
            Map.entry("SELECT", SELECT),
            Map.entry("WITH", SELECT),
            Map.entry("TABLE", SELECT),
            Map.entry("FROM", SELECT),
            Map.entry("VALUES", VALUES),
            Map.entry("SHOW", SHOW),
            Map.entry("DESCRIBE", DESCRIBE),
            Map.entry("DESC", DESCRIBE),
            Map.entry("EXPLAIN", EXPLAIN),
            Map.entry("INSERT", INSERT),
            Map.entry("UPDATE", UPDATE),
            Map.entry("DELETE", DELETE),
            Map.entry("MERGE", MERGE),
            Map.entry("UPSERT", UPSERT),
            Map.entry("REPLACE", REPLACE),
            Map.entry("CREATE", CREATE),
            Map.entry("ALTER", ALTER),
            Map.entry("DROP", DROP),
            Map.entry("TRUNCATE", TRUNCATE),
            Map.entry("GRANT", GRANT),
            Map.entry("REVOKE", REVOKE),
            Map.entry("COPY", COPY),
            Map.entry("CALL", CALL),
            Map.entry("EXECUTE", CALL),
            Map.entry("EXEC", CALL),
            Map.entry("SET", SET),
            Map.entry("RESET", RESET),
            Map.entry("USE", USE),
            Map.entry("BEGIN", TRANSACTION),
            Map.entry("START", TRANSACTION),
            Map.entry("COMMIT", TRANSACTION),
            Map.entry("END", TRANSACTION),
            Map.entry("ROLLBACK", TRANSACTION),
            Map.entry("ABORT", TRANSACTION),
            Map.entry("SAVEPOINT", TRANSACTION),
            Map.entry("RELEASE", TRANSACTION));

    private final boolean returnsRowsByNature;

    StatementKind(boolean returnsRowsByNature) {
        this.returnsRowsByNature = returnsRowsByNature;
    }

    /**
     * True for statements whose purpose is to return rows. This is a classification, not a
     * safety judgement: {@code EXPLAIN ANALYZE DELETE} is an EXPLAIN and still writes, which is
     * why the ReadOnly guard looks deeper.
     */
    public boolean returnsRowsByNature() {
        return returnsRowsByNature;
    }

    /** Classifies by the first word alone, for text no parser accepted. */
    public static StatementKind fromFirstWord(String word) {
        if (word == null) {
            return UNKNOWN;
        }
        return FIRST_WORDS.getOrDefault(word.toUpperCase(Locale.ROOT), OTHER);
    }
}
