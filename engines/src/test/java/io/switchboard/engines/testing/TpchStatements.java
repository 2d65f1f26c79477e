package io.switchboard.engines.testing;

import io.switchboard.testkit.tpch.TpchQuery;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small, meaning-preserving rewrites of the TPC-H query texts for engines that cannot run them as shipped. */
public final class TpchStatements {
    private static final Pattern VIEW = Pattern.compile("(?is)\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(\\w+)\\s+AS\\s+(.*)");

    private TpchStatements() {}

    /**
     * The query as one statement: q15's {@code CREATE VIEW revenue AS ...; SELECT ...} becomes
     * {@code WITH revenue AS (...) SELECT ...}, the same query without a view to create.
     */
    public static String singleStatement(TpchQuery query) {
        List<String> statements = query.statements();
        if (statements.size() == 1) {
            return strip(statements.get(0));
        }
        if (statements.size() != 2) {
            throw new IllegalArgumentException(query.name() + " has " + statements.size() + " statements");
        }
        Matcher view = VIEW.matcher(strip(statements.get(0)));
        if (!view.matches()) {
            throw new IllegalArgumentException(query.name() + " does not start with CREATE VIEW");
        }
        return "WITH " + view.group(1) + " AS (" + view.group(2) + ")\n" + strip(statements.get(1));
    }

    /** Without leading comment lines and trailing semicolons. */
    public static String strip(String sql) {
        StringBuilder kept = new StringBuilder();
        for (String line : sql.lines().toList()) {
            if (!line.strip().startsWith("--")) {
                kept.append(line).append('\n');
            }
        }
        String text = kept.toString().strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    public static boolean mentions(String sql, String word) {
        return sql.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    }
}
