package io.switchboard.wire.postgres;

import io.switchboard.core.result.Column;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A statement the frontend answers itself, without an engine: client settings, transaction
 * control (acknowledged; Switchboard runs each statement on its own), DISCARD, DEALLOCATE, and a
 * clear refusal of COPY through the client connection. Recognized from the lexer's tokens; a
 * text that does not match exactly goes to the engine like any other statement.
 */
sealed interface LocalStatement {

    /** The result columns, empty for statements that return no rows. */
    default List<Column> columns() {
        return List.of();
    }

    /** Transaction control is allowed in a failed transaction; everything else is refused there. */
    default boolean allowedInFailedTransaction() {
        return false;
    }

    /** @param values the value list, or null for DEFAULT */
    record Set(String name, String values) implements LocalStatement {}

    /** {@code SET TRANSACTION ...} and {@code SET SESSION CHARACTERISTICS ...}: accepted, nothing to keep. */
    record SetTransaction() implements LocalStatement {}

    /** @param name the setting, or null for RESET ALL */
    record Reset(String name) implements LocalStatement {}

    /** @param name the setting, or null for SHOW ALL */
    record Show(String name) implements LocalStatement {
        @Override
        public List<Column> columns() {
            if (name == null) {
                return List.of(new Column("name", DataType.VARCHAR), new Column("setting", DataType.VARCHAR),
                        new Column("description", DataType.VARCHAR));
            }
            return List.of(new Column(SessionSettings.displayName(name), DataType.VARCHAR));
        }
    }

    record Begin() implements LocalStatement {}

    record Commit() implements LocalStatement {
        @Override
        public boolean allowedInFailedTransaction() {
            return true;
        }
    }

    record Rollback() implements LocalStatement {
        @Override
        public boolean allowedInFailedTransaction() {
            return true;
        }
    }

    /** @param kind SAVEPOINT, RELEASE or ROLLBACK TO */
    record Savepoint(String kind) implements LocalStatement {
        @Override
        public boolean allowedInFailedTransaction() {
            return kind.equals("ROLLBACK");
        }
    }

    /** @param what ALL, PLANS, SEQUENCES or TEMP */
    record Discard(String what) implements LocalStatement {}

    /** @param name the prepared statement, or null for DEALLOCATE ALL */
    record Deallocate(String name) implements LocalStatement {}

    /** A statement Switchboard refuses with a clear error instead of passing it on. */
    record Refused(String sqlState, String message, String hint) implements LocalStatement {}

    static Optional<LocalStatement> recognize(String sql) {
        if (LocalStatementParser.cannotBeLocal(sql)) {
            return Optional.empty();
        }
        List<SqlToken> tokens = new ArrayList<>();
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.POSTGRES)) {
            if (!token.isTrivia() && token.type() != SqlToken.Type.SEMICOLON) {
                tokens.add(token);
            }
        }
        if (tokens.isEmpty() || tokens.get(0).type() != SqlToken.Type.WORD) {
            return Optional.empty();
        }
        Function<List<SqlToken>, LocalStatement> parser = LocalStatementParser.BY_FIRST_WORD.get(tokens.get(0).upperText());
        return parser == null ? Optional.empty() : Optional.ofNullable(parser.apply(tokens));
    }

    /** Token-level parsing of the statements above, kept apart so the record list stays readable. */
    final class LocalStatementParser {
        private LocalStatementParser() {}

        /**
         * The statements {@link LocalStatement#recognize} answers, by their first word; the parser
         * returns null for a text that only starts like one. The quick look below reads the same
         * table, so the two cannot disagree about which words matter.
         */
        static final Map<String, Function<List<SqlToken>, LocalStatement>> BY_FIRST_WORD = Map.ofEntries(
                firstWord("SET", LocalStatementParser::set),
                firstWord("RESET", LocalStatementParser::reset),
                firstWord("SHOW", LocalStatementParser::show),
                firstWord("BEGIN", tokens -> transactionWords(tokens, 1) ? new Begin() : null),
                firstWord("START", tokens -> tokens.size() >= 2 && tokens.get(1).isWord("TRANSACTION") ? new Begin() : null),
                firstWord("COMMIT", LocalStatementParser::commit),
                firstWord("END", LocalStatementParser::commit),
                firstWord("ROLLBACK", LocalStatementParser::rollback),
                firstWord("ABORT", LocalStatementParser::rollback),
                firstWord("SAVEPOINT", tokens -> tokens.size() == 2 ? new Savepoint("SAVEPOINT") : null),
                firstWord("RELEASE", tokens -> tokens.size() == 2 || (tokens.size() == 3 && tokens.get(1).isWord("SAVEPOINT"))
                        ? new Savepoint("RELEASE") : null),
                firstWord("DISCARD", LocalStatementParser::discard),
                firstWord("DEALLOCATE", LocalStatementParser::deallocate),
                firstWord("COPY", LocalStatementParser::copy),
                firstWord("PREPARE", tokens -> tokens.size() >= 2 && tokens.get(1).isWord("TRANSACTION")
                        ? new Refused("0A000", "PREPARE TRANSACTION is not supported through Switchboard",
                                "Switchboard runs each statement on its own; there are no transactions to prepare.")
                        : null));

        private static Map.Entry<String, Function<List<SqlToken>, LocalStatement>> firstWord(
                String word, Function<List<SqlToken>, LocalStatement> parser) {
            return Map.entry(word, parser);
        }

        /**
         * True when the text plainly starts with a word that begins none of the statements above, as
         * every query does: then it need not be lexed a second time. A text that starts otherwise (a
         * comment, a parenthesis, a non-ASCII name) gets the full look.
         */
        static boolean cannotBeLocal(String sql) {
            int start = 0;
            while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < sql.length() && isAsciiLetter(sql.charAt(end))) {
                end++;
            }
            if (end == start) {
                return false; // no leading word: look closer
            }
            if (end < sql.length()) {
                char next = sql.charAt(end);
                if (next > 127 || next == '_' || next == '$' || Character.isDigit(next)) {
                    return false; // the word goes on (SET2, SHOW_x): let the lexer say where it ends
                }
            }
            return !BY_FIRST_WORD.containsKey(sql.substring(start, end).toUpperCase(Locale.ROOT));
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        static LocalStatement set(List<SqlToken> tokens) {
            int i = 1;
            if (i < tokens.size() && (tokens.get(i).isWord("SESSION") || tokens.get(i).isWord("LOCAL"))) {
                if (tokens.get(i).isWord("SESSION") && i + 1 < tokens.size()
                        && (tokens.get(i + 1).isWord("CHARACTERISTICS") || tokens.get(i + 1).isWord("AUTHORIZATION"))) {
                    return tokens.get(i + 1).isWord("CHARACTERISTICS") ? new SetTransaction() : refusedRole();
                }
                i++;
            }
            if (i >= tokens.size()) {
                return null;
            }
            SqlToken first = tokens.get(i);
            if (first.isWord("TRANSACTION")) {
                return new SetTransaction();
            }
            if (first.isWord("ROLE")) {
                return refusedRole();
            }
            if (first.isWord("TIME") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("ZONE")) {
                if (isDefault(tokens, i + 2) || (i + 3 == tokens.size() && tokens.get(i + 2).isWord("LOCAL"))) {
                    return new Set("TimeZone", null);
                }
                String value = values(tokens, i + 2, "timezone");
                return value == null ? null : new Set("TimeZone", value);
            }
            if ((first.isWord("NAMES") || first.isWord("SCHEMA")) && i + 2 == tokens.size()) {
                String name = first.isWord("NAMES") ? "client_encoding" : "search_path";
                if (isDefault(tokens, i + 1)) {
                    return new Set(name, null);
                }
                String value = values(tokens, i + 1, name);
                return value == null ? null : new Set(name, value);
            }
            int afterName = i;
            String name = name(tokens, i);
            if (name == null) {
                return null;
            }
            afterName += name.contains(".") ? 3 : 1;
            if (afterName >= tokens.size() || !(tokens.get(afterName).isWord("TO") || tokens.get(afterName).isOperator("="))) {
                return null;
            }
            if (isDefault(tokens, afterName + 1)) {
                return new Set(name, null);
            }
            String value = values(tokens, afterName + 1, name);
            return value == null ? null : new Set(name, value);
        }

        static LocalStatement reset(List<SqlToken> tokens) {
            if (tokens.size() == 2 && tokens.get(1).isWord("ALL")) {
                return new Reset(null);
            }
            if (tokens.size() == 3 && tokens.get(1).isWord("TIME") && tokens.get(2).isWord("ZONE")) {
                return new Reset("TimeZone");
            }
            if (tokens.size() >= 2 && (tokens.get(1).isWord("ROLE") || tokens.get(1).isWord("SESSION"))) {
                return new SetTransaction();
            }
            String name = name(tokens, 1);
            return name != null && tokens.size() == (name.contains(".") ? 4 : 2) ? new Reset(name) : null;
        }

        static LocalStatement show(List<SqlToken> tokens) {
            if (tokens.size() == 2 && tokens.get(1).isWord("ALL")) {
                return new Show(null);
            }
            if (tokens.size() == 3 && tokens.get(1).isWord("TIME") && tokens.get(2).isWord("ZONE")) {
                return new Show("TimeZone");
            }
            if (tokens.size() == 4 && tokens.get(1).isWord("TRANSACTION") && tokens.get(2).isWord("ISOLATION")
                    && tokens.get(3).isWord("LEVEL")) {
                return new Show("transaction_isolation");
            }
            if (tokens.size() == 3 && tokens.get(1).isWord("SESSION") && tokens.get(2).isWord("AUTHORIZATION")) {
                return new Show("session_authorization");
            }
            String name = name(tokens, 1);
            return name != null && tokens.size() == (name.contains(".") ? 4 : 2) ? new Show(name) : null;
        }

        static LocalStatement commit(List<SqlToken> tokens) {
            if (tokens.size() >= 2 && tokens.get(1).isWord("PREPARED")) {
                return new Refused("0A000", "COMMIT PREPARED is not supported through Switchboard", null);
            }
            return transactionWords(tokens, 1) ? new Commit() : null;
        }

        static LocalStatement rollback(List<SqlToken> tokens) {
            if (tokens.size() >= 2 && tokens.get(1).isWord("PREPARED")) {
                return new Refused("0A000", "ROLLBACK PREPARED is not supported through Switchboard", null);
            }
            for (SqlToken token : tokens) {
                if (token.isWord("TO")) {
                    return new Savepoint("ROLLBACK");
                }
            }
            return transactionWords(tokens, 1) ? new Rollback() : null;
        }

        /** BEGIN/COMMIT followed only by WORK, TRANSACTION, isolation and access modes, or AND [NO] CHAIN. */
        static boolean transactionWords(List<SqlToken> tokens, int from) {
            for (int i = from; i < tokens.size(); i++) {
                SqlToken token = tokens.get(i);
                if (token.type() != SqlToken.Type.WORD && !token.isOperator(",")) {
                    return false;
                }
            }
            return true;
        }

        static LocalStatement discard(List<SqlToken> tokens) {
            if (tokens.size() != 2) {
                return null;
            }
            String what = tokens.get(1).upperText();
            return switch (what) {
                case "ALL", "PLANS", "SEQUENCES" -> new Discard(what);
                case "TEMP", "TEMPORARY" -> new Discard("TEMP");
                default -> null;
            };
        }

        static LocalStatement deallocate(List<SqlToken> tokens) {
            int i = tokens.size() > 1 && tokens.get(1).isWord("PREPARE") ? 2 : 1;
            if (i + 1 != tokens.size()) {
                return null;
            }
            SqlToken name = tokens.get(i);
            if (name.isWord("ALL")) {
                return new Deallocate(null);
            }
            return switch (name.type()) {
                case WORD -> new Deallocate(name.text().toLowerCase(Locale.ROOT));
                case QUOTED_IDENTIFIER -> new Deallocate(unquoteIdentifier(name.text()));
                default -> null;
            };
        }

        /** COPY ... FROM STDIN and COPY ... TO STDOUT would need the copy sub-protocol; refuse them clearly. */
        static LocalStatement copy(List<SqlToken> tokens) {
            for (int i = 1; i + 1 < tokens.size(); i++) {
                boolean fromStdin = tokens.get(i).isWord("FROM") && tokens.get(i + 1).isWord("STDIN");
                boolean toStdout = tokens.get(i).isWord("TO") && tokens.get(i + 1).isWord("STDOUT");
                if (fromStdin || toStdout) {
                    return new Refused("0A000", "COPY " + (fromStdin ? "FROM STDIN" : "TO STDOUT")
                            + " is not supported through Switchboard (psql's \\copy uses it)",
                            fromStdin ? "Load data with INSERT statements, or let the engine read the file itself, e.g. COPY t FROM '/path/file.csv' on the engine's side."
                                    : "Run the query and save its result with the client instead, e.g. psql's \\o file or --csv.");
                }
            }
            return null;
        }

        private static LocalStatement refusedRole() {
            return new Refused("0A000", "SET ROLE and SET SESSION AUTHORIZATION are not supported through Switchboard",
                    "Connect as the user you need.");
        }

        /** A setting name: a word, a quoted name, or {@code a.b}. Returns null when absent. */
        private static String name(List<SqlToken> tokens, int i) {
            if (i >= tokens.size()) {
                return null;
            }
            SqlToken token = tokens.get(i);
            String first = switch (token.type()) {
                case WORD -> token.text().toLowerCase(Locale.ROOT);
                case QUOTED_IDENTIFIER -> unquoteIdentifier(token.text());
                default -> null;
            };
            if (first == null) {
                return null;
            }
            if (i + 2 < tokens.size() && tokens.get(i + 1).isOperator(".") && tokens.get(i + 2).type() == SqlToken.Type.WORD) {
                return first + "." + tokens.get(i + 2).text().toLowerCase(Locale.ROOT);
            }
            return first;
        }

        private static boolean isDefault(List<SqlToken> tokens, int from) {
            return from + 1 == tokens.size() && tokens.get(from).isWord("DEFAULT");
        }

        /**
         * A SET value list as PostgreSQL flattens it: items joined by ", ", strings unquoted,
         * unquoted words lower-cased, signed numbers kept. Null when the tokens are not a value
         * list (the statement then goes to the engine, which may know it).
         */
        private static String values(List<SqlToken> tokens, int from, String name) {
            if (from >= tokens.size()) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            boolean expectValue = true;
            for (int i = from; i < tokens.size(); i++) {
                SqlToken token = tokens.get(i);
                if (!expectValue) {
                    if (!token.isOperator(",")) {
                        return null;
                    }
                    out.append(", ");
                    expectValue = true;
                    continue;
                }
                String sign = "";
                if ((token.isOperator("-") || token.isOperator("+")) && i + 1 < tokens.size()
                        && tokens.get(i + 1).type() == SqlToken.Type.NUMBER) {
                    sign = token.text().equals("-") ? "-" : "";
                    token = tokens.get(++i);
                }
                switch (token.type()) {
                    case STRING -> out.append(unquoteString(token.text()));
                    case NUMBER -> out.append(sign).append(token.text());
                    case WORD -> out.append(token.text().toLowerCase(Locale.ROOT));
                    case QUOTED_IDENTIFIER -> out.append(name.equals("search_path") ? token.text() : unquoteIdentifier(token.text()));
                    default -> {
                        return null;
                    }
                }
                expectValue = false;
            }
            return expectValue ? null : out.toString();
        }

        static String unquoteIdentifier(String text) {
            return text.substring(1, text.length() - 1).replace("\"\"", "\"");
        }

        static String unquoteString(String text) {
            if (text.startsWith("$")) {
                int tagEnd = text.indexOf('$', 1);
                return text.substring(tagEnd + 1, text.length() - tagEnd - 1);
            }
            if (text.startsWith("E'") || text.startsWith("e'")) {
                return unescape(text.substring(2, text.length() - 1));
            }
            if (text.startsWith("'")) {
                return text.substring(1, text.length() - 1).replace("''", "'");
            }
            return text;
        }

        private static String unescape(String body) {
            StringBuilder out = new StringBuilder(body.length());
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i++;
                } else if (c == '\\' && i + 1 < body.length()) {
                    char next = body.charAt(++i);
                    out.append(switch (next) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        case 'b' -> '\b';
                        case 'f' -> '\f';
                        default -> next;
                    });
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
