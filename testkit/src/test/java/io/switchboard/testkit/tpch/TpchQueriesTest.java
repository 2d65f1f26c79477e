package io.switchboard.testkit.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 22 queries and answers load from the tpch jar, with the answer format's corners handled. */
final class TpchQueriesTest {
    @Test
    void loadsAllTwentyTwoQueriesWithTheirAnswers() {
        List<TpchQuery> queries = TpchQueries.all();
        assertThat(queries).hasSize(22);
        assertThat(queries).extracting(TpchQuery::number).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 22).boxed().toList());
        assertThat(queries).allSatisfy(query -> {
            assertThat(query.sql()).containsIgnoringCase("SELECT");
            assertThat(query.expectedRows()).isNotEmpty();
        });
        assertThat(TpchQueries.query(1).name()).isEqualTo("q1");
    }

    @Test
    void engineDialectVersionsSayWhatChanged() {
        assertThat(TpchQueries.rewrite("mariadb", 13)).hasValueSatisfying(sql -> assertThat(sql)
                .startsWith("-- q13 in MariaDB's dialect").contains("count(o_orderkey) AS c_count").contains(") AS c_orders\nGROUP BY"));
        assertThat(TpchQueries.rewrite("mariadb", 1)).isEmpty();
        assertThat(TpchQueries.rewrite("clickhouse", 1)).hasValueSatisfying(sql -> assertThat(sql).contains("toDate("));
        assertThat(TpchQueries.rewrite("derby", 15)).hasValueSatisfying(sql -> assertThat(sql).contains("CREATE VIEW revenue"));
        assertThat(TpchQueries.rewrite("trino", 14)).hasValueSatisfying(sql -> assertThat(sql).contains("AS double"));
        assertThatThrownBy(() -> TpchQueries.rewrite("trino", 23)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsRowsWithAndWithoutATrailingDelimiter() {
        TpchQuery q1 = TpchQueries.query(1);
        assertThat(q1.ignoreOrder()).isFalse();
        assertThat(q1.expectedRows()).hasSize(4).allSatisfy(row -> assertThat(row).hasSize(10));
        // The first row of q1's answer has no trailing '|', the second has one.
        assertThat(q1.expectedRows().get(0)).startsWith("A", "F", "380456").endsWith("14876");
        assertThat(q1.expectedRows().get(1)).startsWith("N", "F", "8971.00").endsWith("348");
    }

    @Test
    void turnsThePrintedNullIntoNull() {
        assertThat(TpchQueries.query(17).expectedRows()).containsExactly(Arrays.asList((String) null));
    }

    @Test
    void splitsQuery15IntoItsViewAndItsQuery() {
        List<String> statements = TpchQueries.query(15).statements();
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).startsWith("-- database").contains("CREATE OR REPLACE VIEW revenue");
        assertThat(statements.get(1)).startsWith("SELECT").doesNotEndWith(";");
        assertThat(TpchQueries.query(3).statements()).hasSize(1);
    }

    @Test
    void readsTheHeaderOptions() {
        TpchQuery parsed = TpchQueries.parse(7, "SELECT 1",
                "-- delimiter: ,; ignoreOrder: true; types: BIGINT|VARCHAR\n1,a,\n2,b\n\n");
        assertThat(parsed.ignoreOrder()).isTrue();
        assertThat(parsed.expectedRows()).containsExactly(List.of("1", "a"), List.of("2", "b"));
        assertThatThrownBy(() -> TpchQueries.parse(1, "SELECT 1", "1|2\n")).hasMessageContaining("no header");
        assertThatThrownBy(() -> TpchQueries.query(23)).hasMessageContaining("1 to 22");
    }
}
