package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The customers_pii demo table: created once, the same rows everywhere, values in the formats masking recognizes. */
final class PiiDemoDataTest {
    @TempDir
    Path data;

    @Test
    void createsTheSameRowsEverywhereAndOnlyOnce() {
        Object firstHash;
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "databasePath: one.duckdb\ndemoData: [pii]\n")) {
            assertThat(DuckDbTesting.single(engine, "SELECT count(*) FROM customers_pii")).isEqualTo((long) PiiDemoData.ROWS);
            firstHash = DuckDbTesting.single(engine, "SELECT sum(hash(t)) FROM customers_pii t");
            List<List<Object>> row = DuckDbTesting.rows(engine, "SELECT email, phone, credit_card, iban, ssn FROM customers_pii "
                    + "WHERE customer_id = 1");
            assertThat((String) row.get(0).get(0)).matches("[a-z]+\\.[a-z]+1@example\\.(com|org|net)");
            assertThat((String) row.get(0).get(2)).matches("\\d{4} \\d{4} \\d{4} \\d{4}");
            assertThat((String) row.get(0).get(3)).matches("DE\\d{20}");
            assertThat((String) row.get(0).get(4)).matches("\\d{3}-\\d{2}-\\d{4}");
        }
        try (DuckDbEngine again = DuckDbTesting.engine(data, "databasePath: one.duckdb\ndemoData: [tpch, pii]\n")) {
            assertThat(DuckDbTesting.single(again, "SELECT count(*) FROM customers_pii")).isEqualTo((long) PiiDemoData.ROWS);
            assertThat(DuckDbTesting.single(again, "SELECT count(*) FROM nation")).isEqualTo(25L);
        }
        try (DuckDbEngine other = DuckDbTesting.engine(data, "databasePath: two.duckdb\ndemoData: pii\n")) {
            assertThat(DuckDbTesting.single(other, "SELECT sum(hash(t)) FROM customers_pii t")).isEqualTo(firstHash);
        }
    }
}
