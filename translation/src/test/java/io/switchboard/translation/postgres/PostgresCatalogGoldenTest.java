package io.switchboard.translation.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Checks the rewriter against every captured client query and its expected rewrite. */
final class PostgresCatalogGoldenTest {
    private final PostgresCatalogRewriter rewriter = new PostgresCatalogRewriter();

    @Test
    void goldenFilesCoverTheClientsOfTheBrief() {
        List<String> names = CatalogGoldenCase.all().stream().map(CatalogGoldenCase::name).toList();
        assertThat(names).contains(
                "psql-dt", "psql-d", "psql-dv", "psql-dn", "psql-l", "psql-df",
                "psql-d-table-01-lookup", "psql-d-table-03-columns",
                "jdbc-getTables", "jdbc-getColumns-02-columns", "jdbc-getSchemas", "jdbc-getCatalogs",
                "jdbc-getPrimaryKeys", "jdbc-getImportedKeys-02-keys", "jdbc-getIndexInfo", "jdbc-getTypeInfo-01-types",
                "jdbc-getProcedures", "jdbc-getFunctions", "probe-version", "probe-pg-settings", "probe-pg-type");
        assertThat(names).hasSizeGreaterThan(60);
    }

    @TestFactory
    Stream<DynamicTest> rewritesEachCapturedQueryAsExpected() {
        return CatalogGoldenCase.all().stream().map(golden -> dynamicTest(golden.name(), () -> {
            Optional<String> rewritten = rewriter.rewrite(golden.input());
            if (golden.passesAsIs()) {
                assertThat(rewritten).as("%s passes unchanged", golden.name()).isEmpty();
            } else {
                assertThat(rewritten).as("%s is rewritten", golden.name()).isPresent();
                assertThat(withFinalNewline(rewritten.get())).isEqualTo(golden.expected());
            }
        }));
    }

    /**
     * The frontend interpolates bind values before the pipeline; the rewrite must not depend on
     * whether a value arrives as {@code $1} or as {@code 'public'}.
     */
    @TestFactory
    Stream<DynamicTest> rewriteIsTheSameWithInterpolatedParameters() {
        return CatalogGoldenCase.all().stream()
                .filter(golden -> !golden.parameters().isEmpty())
                .map(golden -> dynamicTest(golden.name(), () -> {
                    String interpolatedInput = CatalogGoldenCase.interpolate(golden.input(), golden.parameters());
                    String interpolatedExpected = CatalogGoldenCase.interpolate(golden.expected(), golden.parameters());
                    assertThat(interpolatedInput).isNotEqualTo(golden.input());
                    Optional<String> rewritten = rewriter.rewrite(interpolatedInput);
                    if (golden.passesAsIs()) {
                        assertThat(rewritten).isEmpty();
                    } else {
                        assertThat(rewritten.map(PostgresCatalogGoldenTest::withFinalNewline)).contains(interpolatedExpected);
                    }
                }));
    }

    private static String withFinalNewline(String sql) {
        return sql.endsWith("\n") ? sql : sql + "\n";
    }
}
