package io.switchboard.core.analysis;

import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Features and statement kinds read from tokens alone. Tokens see through dialects the parser
 * does not know, and literals are single tokens, so {@code 'JOIN'} in a string is not a join.
 */
final class TokenFeatures {
    private static final Set<String> AGGREGATES = Set.of(
            "COUNT", "SUM", "AVG", "MIN", "MAX", "STDDEV", "VARIANCE", "ARRAY_AGG", "STRING_AGG",
            "APPROX_DISTINCT", "APPROX_COUNT_DISTINCT", "GROUP_CONCAT", "LISTAGG", "MEDIAN", "ANY_VALUE");

    private TokenFeatures() {}

    static Set<QueryFeature> of(List<SqlToken> tokens) {
        EnumSet<QueryFeature> features = EnumSet.noneOf(QueryFeature.class);
        SqlToken previous = null;
        boolean statementStart = true;
        for (SqlToken token : tokens) {
            if (token.isTrivia()) {
                continue;
            }
            if (token.type() == SqlToken.Type.WORD) {
                String word = token.upperText();
                switch (word) {
                    case "JOIN" -> features.add(QueryFeature.JOIN);
                    case "OVER" -> features.add(QueryFeature.WINDOW);
                    case "UNION", "INTERSECT", "EXCEPT", "MINUS" -> features.add(QueryFeature.SET_OPERATION);
                    case "DISTINCT" -> features.add(QueryFeature.DISTINCT);
                    case "LIMIT", "FETCH", "TOP" -> features.add(QueryFeature.LIMIT);
                    case "WITH" -> {
                        if (statementStart || (previous != null && previous.isOperator("("))) {
                            features.add(QueryFeature.CTE);
                        }
                    }
                    case "RECURSIVE" -> {
                        if (previous != null && previous.isWord("WITH")) {
                            features.add(QueryFeature.RECURSIVE_CTE);
                        }
                    }
                    case "BY" -> {
                        if (previous != null && previous.isWord("GROUP")) {
                            features.add(QueryFeature.GROUP_BY);
                            features.add(QueryFeature.AGGREGATE);
                        } else if (previous != null && previous.isWord("ORDER")) {
                            features.add(QueryFeature.ORDER_BY);
                        }
                    }
                    case "SELECT" -> {
                        if (previous != null && previous.isOperator("(")) {
                            features.add(QueryFeature.SUBQUERY);
                        }
                    }
                    default -> { }
                }
            } else if (token.isOperator("(") && previous != null && previous.type() == SqlToken.Type.WORD
                    && AGGREGATES.contains(previous.upperText())) {
                features.add(QueryFeature.AGGREGATE);
            }
            statementStart = token.type() == SqlToken.Type.SEMICOLON;
            previous = token;
        }
        return features;
    }

    /** The kind of each statement, from its first word, with {@code EXPLAIN} and {@code WITH} looked into. */
    static List<StatementKind> statementKinds(List<SqlToken> tokens) {
        List<StatementKind> kinds = new ArrayList<>();
        boolean atStart = true;
        for (SqlToken token : tokens) {
            if (token.isTrivia()) {
                continue;
            }
            if (token.type() == SqlToken.Type.SEMICOLON) {
                atStart = true;
                continue;
            }
            if (atStart) {
                atStart = false;
                if (token.type() == SqlToken.Type.WORD) {
                    kinds.add(StatementKind.fromFirstWord(token.text()));
                } else if (token.isOperator("(")) {
                    kinds.add(StatementKind.SELECT);
                } else {
                    kinds.add(StatementKind.OTHER);
                }
            }
        }
        return kinds;
    }
}
