package io.switchboard.routing.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

final class RulePatternTest {

    @Test
    void requiredLiteralsAreFoundOnlyWhereEveryMatchHasThem() {
        assertThat(RulePattern.requiredLiteral("(?i)\\bfrom\\s+lineitem\\b")).isEqualTo("lineitem");
        assertThat(RulePattern.requiredLiteral("(?i)pg_catalog")).isEqualTo("pg_catalog");
        assertThat(RulePattern.requiredLiteral("generate_series\\(")).isEqualTo("generate_series");
        assertThat(RulePattern.requiredLiteral("order by [a-z]+ desc")).isEqualTo("order by ");
        assertThat(RulePattern.requiredLiteral("colou?r of lineitems?")).isEqualTo("r of lineitem");
        assertThat(RulePattern.requiredLiteral("abc{0,2}defgh")).isEqualTo("defgh");
        assertThat(RulePattern.requiredLiteral("(?:select|with) .* from orders")).isEqualTo(" from orders");
        assertThat(RulePattern.requiredLiteral("(optional)?tail")).isEqualTo("tail");
        assertThat(RulePattern.requiredLiteral("[abc]xyzw[^]]")).isEqualTo("xyzw");

        // Nothing is safe to require: alternation at the top, flags other than a leading (?i),
        // quoting and escapes the extractor does not read, or only short runs.
        assertThat(RulePattern.requiredLiteral("(?i)^\\s*(insert|update|delete)\\b")).isNull();
        assertThat(RulePattern.requiredLiteral("lineitem|orders")).isNull();
        assertThat(RulePattern.requiredLiteral("(?x) line item")).isNull();
        assertThat(RulePattern.requiredLiteral("(?i)foo(?=bar)")).isNull();
        assertThat(RulePattern.requiredLiteral("\\Qa.b\\E")).isNull();
        assertThat(RulePattern.requiredLiteral("\\p{Alpha}+lineitem")).isNull();
        assertThat(RulePattern.requiredLiteral("ab.cd")).isNull();
    }

    @Test
    void casesInsensitivePatternsGetALowerCaseLiteral() {
        RulePattern rule = RulePattern.of(Pattern.compile("(?i)\\bfrom\\s+LineItem\\b"));
        assertThat(rule.literal()).isEqualTo("lineitem");
        assertThat(rule.ignoreCase()).isTrue();
        assertThat(rule.find("select * FROM LINEITEM")).isTrue();
        assertThat(RulePattern.of(Pattern.compile("LineItem")).literal()).isEqualTo("LineItem");
        assertThat(RulePattern.of(Pattern.compile("LineItem", Pattern.COMMENTS)).literal()).isNull();
    }

    @Test
    void thePrefilterNeverChangesTheAnswer() {
        List<String> patterns = List.of("(?i)\\bfrom\\s+lineitem\\b", "(?i)pg_catalog", "LineItem", "(?i)order by [a-z_]+ desc",
                "colou?r of lineitems?", "(?i)(?:select|with) .* from orders", "(?i)gener?ate_series", "(?i)^\\s*explain\\b");
        List<String> words = List.of("SELECT", "select", "from", "FROM", "lineitem", "LINEITEM", "LineItem", "lineitems", "pg_catalog",
                "PG_CATALOG", "order", "by", "ORDER BY", "l_quantity", "desc", "DESC", "colour", "color", "of", "with", "orders",
                "generate_series", "GENERATE_SERIES", "explain", "\u212Aelvin", "İ", " ", "  ", "\n", "(", ")", ",", "*");
        Random random = new Random(42);
        for (String regex : patterns) {
            Pattern pattern = Pattern.compile(regex);
            RulePattern rule = RulePattern.of(pattern);
            for (int i = 0; i < 5_000; i++) {
                StringBuilder sql = new StringBuilder();
                for (int w = random.nextInt(12); w >= 0; w--) {
                    sql.append(words.get(random.nextInt(words.size()))).append(random.nextBoolean() ? " " : "");
                }
                String text = sql.toString();
                assertThat(rule.find(text)).as("/%s/ on '%s'", regex, text).isEqualTo(pattern.matcher(text).find());
            }
        }
    }
}
