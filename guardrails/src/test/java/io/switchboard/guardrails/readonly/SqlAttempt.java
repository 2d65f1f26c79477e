package io.switchboard.guardrails.readonly;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.sql.Dialect;
import io.switchboard.guardrails.GuardTesting;
import java.util.ArrayList;
import java.util.List;

/** One entry of the ReadOnly corpora: a text in a dialect, and the code it must be denied with (null: allowed). */
record SqlAttempt(int line, Dialect dialect, String sql, ErrorCode expected) {

    static List<SqlAttempt> denied() {
        List<SqlAttempt> attempts = new ArrayList<>();
        int line = 0;
        for (String entry : GuardTesting.resourceLines("/readonly/denied.tsv")) {
            line++;
            String[] parts = entry.split("\t", 3);
            ErrorCode code = switch (parts[1]) {
                case "RO" -> ErrorCode.READ_ONLY_VIOLATION;
                case "QD" -> ErrorCode.QUERY_DENIED;
                default -> throw new IllegalArgumentException("unknown code " + parts[1] + " in: " + entry);
            };
            attempts.add(new SqlAttempt(line, GuardTesting.dialect(parts[0]), GuardTesting.unescape(parts[2]), code));
        }
        return attempts;
    }

    static List<SqlAttempt> allowed() {
        List<SqlAttempt> reads = new ArrayList<>();
        int line = 0;
        for (String entry : GuardTesting.resourceLines("/readonly/allowed.tsv")) {
            line++;
            String[] parts = entry.split("\t", 2);
            reads.add(new SqlAttempt(line, GuardTesting.dialect(parts[0]), GuardTesting.unescape(parts[1]), null));
        }
        return reads;
    }

    @Override
    public String toString() {
        return dialect.sqlglotName() + ": " + sql.replace("\n", "\\n");
    }
}
