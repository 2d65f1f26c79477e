package io.switchboard.guardrails.rowlimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.sql.Dialect;
import io.switchboard.guardrails.GuardTesting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** RowLimit's rewrites, read from golden files per dialect under src/test/resources/rowlimit. */
final class RowLimitGoldenTest {
    record Case(Dialect dialect, long limit, String input, String expected) {
        @Override
        public String toString() {
            return dialect.name().toLowerCase() + " limit " + limit + ": " + input;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String dialect : List.of("postgres", "mysql", "trino", "duckdb", "clickhouse", "ansi")) {
            List<String> lines = GuardTesting.resourceLines("/rowlimit/" + dialect + ".golden");
            if (lines.size() % 3 != 0) {
                throw new IllegalStateException(dialect + ".golden: entries are limit/in/out line triples");
            }
            for (int i = 0; i < lines.size(); i += 3) {
                cases.add(new Case(GuardTesting.dialect(dialect), Long.parseLong(field(lines.get(i), "limit: ")),
                        GuardTesting.unescape(field(lines.get(i + 1), "in: ")), GuardTesting.unescape(field(lines.get(i + 2), "out: "))));
            }
        }
        return cases;
    }

    private static String field(String line, String prefix) {
        if (!line.startsWith(prefix)) {
            throw new IllegalStateException("expected '" + prefix + "' in: " + line);
        }
        return line.substring(prefix.length());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rewritesAsTheGoldenFileSays(Case golden) {
        GuardVerdict verdict = new RowLimitGuard(golden.limit()).evaluate(GuardTesting.context(golden.input(), golden.dialect()));
        if (golden.expected().equals("unchanged")) {
            assertThat(verdict.action()).as(verdict.toString()).isEqualTo(VerdictAction.ALLOW);
        } else {
            assertThat(verdict.action()).isEqualTo(VerdictAction.REWRITE);
            assertThat(verdict.rewrittenSql()).isEqualTo(golden.expected());
        }
    }
}
