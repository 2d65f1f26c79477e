package io.switchboard.translation.postgres;

import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import io.switchboard.translation.postgres.CatalogSqlText.Edit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The generic rewrite of a catalog query: small, local edits that keep the client's query as
 * it is and make DuckDB answer it the way PostgreSQL would.
 *
 * <ul>
 *   <li>{@code OPERATOR(pg_catalog.~)} becomes {@code ~}; {@code COLLATE pg_catalog.default} goes
 *       (DuckDB's parser rejects both; PostgreSQL means the same without them).</li>
 *   <li>Catalog tables DuckDB gets wrong become the {@link VirtualCatalog} definitions, added as
 *       common table expressions in front of the query.</li>
 *   <li>Catalog functions DuckDB lacks become {@link CatalogFunctions} expressions; other
 *       {@code pg_catalog.f(...)} calls lose the qualifier (DuckDB resolves them unqualified).</li>
 *   <li>{@code regclass}, {@code regtype}, {@code regproc} casts become lookups or plain text;
 *       {@code ::pg_catalog.text} loses the qualifier.</li>
 *   <li>{@code information_schema._pg_expandarray(a)} becomes an {@code unnest} of (x, n) structs;
 *       a PostgreSQL array literal in {@code ALL ('{a,b}')} becomes {@code string_to_array}.</li>
 *   <li>A function call standing alone in a SELECT list gets PostgreSQL's label (the function's
 *       name) where DuckDB would label it with the call's text.</li>
 * </ul>
 *
 * Not thread-safe: one pass serves one query.
 */
final class CatalogRewritePass {
    private static final Set<String> NOT_AN_ALIAS = Set.of(
            "where", "join", "left", "right", "inner", "outer", "full", "cross", "natural", "on", "using", "group", "order",
            "limit", "offset", "union", "except", "intersect", "having", "window", "fetch", "for", "returning", "lateral");

    private final String serverVersion;
    private final Set<String> tablesUsed = new LinkedHashSet<>();
    private boolean changed;

    CatalogRewritePass(String serverVersion) {
        this.serverVersion = serverVersion;
    }

    /** The rewritten query, or empty when nothing needed changing. */
    Optional<String> rewriteQuery(String sql) {
        CatalogSqlText text = CatalogSqlText.of(sql);
        String body = rewrite(text);
        if (!changed) {
            return Optional.empty();
        }
        if (tablesUsed.isEmpty()) {
            return Optional.of(body);
        }
        return Optional.of(withCommonTableExpressions(body));
    }

    private String rewrite(CatalogSqlText text) {
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        while (i < text.size()) {
            Optional<Edit> edit = editAt(text, i);
            if (edit.isPresent()) {
                edits.add(edit.get());
                changed = true;
                i = edit.get().endToken();
            } else {
                i++;
            }
        }
        return edits.isEmpty() ? text.sql() : text.apply(edits);
    }

    private String rewriteFragment(String fragment) {
        return rewrite(CatalogSqlText.of(fragment));
    }

    private Optional<Edit> editAt(CatalogSqlText text, int i) {
        SqlToken token = text.token(i);
        if (token.isWord("OPERATOR") && text.matchesAt("OPERATOR ( pg_catalog .", i)) {
            int close = text.closingParenthesis(i + 1);
            if (close > i + 4) {
                return Optional.of(new Edit(i, close + 1, text.text(i + 4, close)));
            }
        }
        if (token.isWord("COLLATE") && i + 3 < text.size() && text.token(i + 1).isWord("pg_catalog")
                && text.token(i + 2).isOperator(".") && isDefaultCollation(text.token(i + 3))) {
            return Optional.of(new Edit(i, i + 4, ""));
        }
        if (token.isOperator("::")) {
            return castAt(text, i);
        }
        if ((token.isWord("ALL") || token.isWord("ANY")) && i + 3 < text.size() && text.token(i + 1).isOperator("(")
                && text.token(i + 2).type() == Type.STRING && text.token(i + 2).text().startsWith("'{")) {
            // The literal may carry an array cast ('{...}'::text[]); the list needs none.
            int end = i + 3;
            if (end + 4 < text.size() && text.token(end).isOperator("::") && text.token(end + 1).type() == Type.WORD
                    && text.token(end + 2).isOperator("[") && text.token(end + 3).isOperator("]")) {
                end += 4;
            }
            if (text.token(end).isOperator(")")) {
                return Optional.of(new Edit(i + 2, end, arrayLiteral(text.token(i + 2).text())));
            }
        }
        if (token.type() == Type.WORD) {
            return wordAt(text, i);
        }
        return Optional.empty();
    }

    private static boolean isDefaultCollation(SqlToken token) {
        return token.isWord("default") || (token.type() == Type.QUOTED_IDENTIFIER && token.text().equals("\"default\""));
    }

    private Optional<Edit> wordAt(CatalogSqlText text, int i) {
        boolean qualified = i + 2 < text.size() && text.token(i + 1).isOperator(".") && text.token(i + 2).type() == Type.WORD;
        boolean afterDot = i > 0 && text.token(i - 1).isOperator(".");
        if (afterDot) {
            return Optional.empty();
        }
        if (qualified && text.token(i).isWord("information_schema") && text.token(i + 2).isWord("_pg_expandarray")
                && i + 3 < text.size() && text.token(i + 3).isOperator("(")) {
            List<String> args = rewriteAll(text.arguments(i + 3));
            String array = "(" + args.get(0) + ")";
            String replacement = "unnest(list_transform(range(1, len(" + array + ") + 1), lambda sb_n: {'x': " + array
                    + "[sb_n], 'n': sb_n}))";
            return Optional.of(new Edit(i, text.closingParenthesis(i + 3) + 1, replacement));
        }
        int nameIndex = qualified && text.token(i).isWord("pg_catalog") ? i + 2 : i;
        if (nameIndex == i && qualified) {
            return Optional.empty();
        }
        String name = text.token(nameIndex).text();
        boolean call = nameIndex + 1 < text.size() && text.token(nameIndex + 1).isOperator("(");
        if (call) {
            return functionAt(text, i, nameIndex, name);
        }
        boolean followedByDot = nameIndex + 1 < text.size() && text.token(nameIndex + 1).isOperator(".");
        if (!followedByDot && (nameIndex != i || isTablePosition(text, i))) {
            Optional<VirtualCatalog.Table> table = VirtualCatalog.table(name);
            if (table.isPresent()) {
                tablesUsed.add(table.get().name());
                return Optional.of(new Edit(i, nameIndex + 1, table.get().cteName() + aliasFor(text, nameIndex + 1, name)));
            }
        }
        return Optional.empty();
    }

    private Optional<Edit> functionAt(CatalogSqlText text, int start, int nameIndex, String name) {
        int open = nameIndex + 1;
        int close = text.closingParenthesis(open);
        if (close < 0) {
            return Optional.empty();
        }
        Optional<CatalogFunctions.Replacement> replacement = CatalogFunctions.replacement(name);
        if (replacement.isEmpty()) {
            boolean labelled = isUnlabeledSelectItem(text, start, close + 1) && !name.equalsIgnoreCase("CAST");
            if (nameIndex == start && !labelled) {
                return Optional.empty();
            }
            // A call DuckDB knows by the same name: drop only the schema (DuckDB resolves it
            // unqualified) and keep PostgreSQL's label when it stands alone in a SELECT list.
            String call = name + "(" + String.join(", ", rewriteAll(text.arguments(open))) + ")";
            if (labelled) {
                // PostgreSQL labels such a column with the function's name, DuckDB with the call's text.
                call += " AS " + name.toLowerCase(Locale.ROOT);
            }
            return Optional.of(new Edit(start, close + 1, call));
        }
        List<String> args = rewriteAll(text.arguments(open));
        tablesUsed.addAll(replacement.get().tablesRead());
        String expression = replacement.get().expression().apply(args, serverVersion);
        if (replacement.get().tableFunction()) {
            expression += aliasFor(text, close + 1, name);
        } else if (isUnlabeledSelectItem(text, start, close + 1)) {
            // PostgreSQL labels an unaliased call with the function's name; keep that label.
            expression += " AS " + name.toLowerCase(Locale.ROOT);
        }
        return Optional.of(new Edit(start, close + 1, expression));
    }

    private Optional<Edit> castAt(CatalogSqlText text, int i) {
        int typeStart = i + 1;
        if (typeStart >= text.size()) {
            return Optional.empty();
        }
        boolean qualified = typeStart + 2 < text.size() && text.token(typeStart).isWord("pg_catalog") && text.token(typeStart + 1).isOperator(".");
        int typeIndex = qualified ? typeStart + 2 : typeStart;
        SqlToken type = text.token(typeIndex);
        SqlToken before = i > 0 ? text.token(i - 1) : null;
        boolean literal = before != null && before.type() == Type.STRING;
        if (type.isWord("regclass") || type.isWord("regtype") || type.isWord("regproc") || type.isWord("regnamespace")) {
            int operandStart = literal ? i - 1 : columnReferenceStart(text, i);
            if (operandStart < 0) {
                return Optional.empty();
            }
            String operand = text.text(operandStart, i);
            return Optional.of(new Edit(operandStart, typeIndex + 1, castReplacement(type.text().toLowerCase(Locale.ROOT), operand, literal)));
        }
        if (qualified) {
            return Optional.of(new Edit(typeStart, typeIndex, ""));
        }
        return Optional.empty();
    }

    private String castReplacement(String type, String operand, boolean literal) {
        String value = literal ? operand.substring(1, operand.length() - 1).replace("''", "'") : null;
        switch (type) {
            case "regclass" -> {
                if (literal && value.chars().allMatch(Character::isDigit)) {
                    return "CAST(" + operand + " AS BIGINT)";
                }
                tablesUsed.add("pg_class");
                if (literal) {
                    String relation = value.contains(".") ? value.substring(value.lastIndexOf('.') + 1) : value;
                    return "(SELECT sb_c.oid FROM sb_pg_class sb_c WHERE sb_c.relname = '" + relation.replace("'", "''")
                            + "' ORDER BY sb_c.oid LIMIT 1)";
                }
                return "(SELECT sb_c.relname FROM sb_pg_class sb_c WHERE sb_c.oid = " + operand + ")";
            }
            case "regtype" -> {
                tablesUsed.add("pg_type");
                if (literal) {
                    return "(SELECT sb_t.oid FROM sb_pg_type sb_t WHERE sb_t.typname = " + operand + ")";
                }
                return CatalogFunctions.replacement("format_type").orElseThrow().expression().apply(List.of(operand, "NULL"), serverVersion);
            }
            case "regnamespace" -> {
                tablesUsed.add("pg_namespace");
                return "(SELECT sb_n.nspname FROM sb_pg_namespace sb_n WHERE sb_n.oid = " + operand + ")";
            }
            default -> {
                // regproc: the virtual pg_type stores function names as plain text.
                String function = literal && value.contains(".") ? value.substring(value.lastIndexOf('.') + 1) : value;
                return literal ? "'" + function.replace("'", "''") + "'" : operand;
            }
        }
    }

    /**
     * A PostgreSQL array literal ({@code '{a,"null",b}'}) as {@code string_to_array(...)}, which
     * both engines evaluate to the same list; DuckDB cannot cast the brace syntax.
     */
    private static String arrayLiteral(String literal) {
        String inner = literal.substring(2, literal.length() - 2);
        StringBuilder elements = new StringBuilder();
        for (String element : inner.split(",", -1)) {
            if (!elements.isEmpty()) {
                elements.append(',');
            }
            elements.append(element.length() >= 2 && element.startsWith("\"") && element.endsWith("\"")
                    ? element.substring(1, element.length() - 1) : element);
        }
        return "string_to_array('" + elements + "', ',')";
    }

    /** Start of a column reference ({@code a.b} or {@code b}) ending just before {@code end}. */
    private static int columnReferenceStart(CatalogSqlText text, int end) {
        int start = end - 1;
        if (start < 0 || text.token(start).type() != Type.WORD) {
            return -1;
        }
        while (start >= 2 && text.token(start - 1).isOperator(".") && text.token(start - 2).type() == Type.WORD) {
            start -= 2;
        }
        return start;
    }

    /**
     * True when tokens {@code [start, end)} form a whole, unaliased item of a SELECT list: the
     * item is delimited by SELECT/DISTINCT/comma and comma/FROM, at the SELECT's own depth.
     */
    private static boolean isUnlabeledSelectItem(CatalogSqlText text, int start, int end) {
        if (start == 0) {
            return false;
        }
        SqlToken previous = text.token(start - 1);
        if (!(previous.isWord("SELECT") || previous.isWord("DISTINCT") || previous.isOperator(","))) {
            return false;
        }
        if (end < text.size()) {
            SqlToken next = text.token(end);
            if (!(next.isOperator(",") || next.isWord("FROM") || next.type() == Type.SEMICOLON)) {
                return false;
            }
        }
        int depth = 0;
        for (int i = start - 1; i >= 0; i--) {
            SqlToken token = text.token(i);
            if (token.isOperator(")")) {
                depth++;
            } else if (token.isOperator("(")) {
                if (depth == 0) {
                    return false;
                }
                depth--;
            } else if (depth == 0 && token.isWord("SELECT")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTablePosition(CatalogSqlText text, int i) {
        if (i == 0) {
            return false;
        }
        SqlToken previous = text.token(i - 1);
        return previous.isWord("FROM") || previous.isWord("JOIN") || previous.isOperator(",");
    }

    /** {@code " AS name"} when the table reference at {@code next} has no alias of its own. */
    private static String aliasFor(CatalogSqlText text, int next, String name) {
        if (next < text.size()) {
            SqlToken token = text.token(next);
            if (token.isWord("AS") || (token.type() == Type.WORD && !NOT_AN_ALIAS.contains(token.text().toLowerCase(Locale.ROOT)))
                    || token.type() == Type.QUOTED_IDENTIFIER) {
                return "";
            }
        }
        return " AS " + name.toLowerCase(Locale.ROOT);
    }

    private List<String> rewriteAll(List<String> fragments) {
        List<String> rewritten = new ArrayList<>(fragments.size());
        for (String fragment : fragments) {
            rewritten.add(rewriteFragment(fragment));
        }
        return rewritten;
    }

    private String withCommonTableExpressions(String body) {
        String definitions = VirtualCatalog.withDependencies(List.copyOf(tablesUsed)).stream()
                .map(table -> table.cteName() + " AS (\n" + table.body() + ")")
                .collect(Collectors.joining(",\n"));
        CatalogSqlText text = CatalogSqlText.of(body);
        if (text.size() > 0 && text.token(0).isWord("WITH")) {
            int after = text.size() > 1 && text.token(1).isWord("RECURSIVE") ? 2 : 1;
            int at = text.token(after).start();
            return body.substring(0, at) + definitions + ",\n" + body.substring(at);
        }
        return "WITH " + definitions + "\n" + body;
    }
}
