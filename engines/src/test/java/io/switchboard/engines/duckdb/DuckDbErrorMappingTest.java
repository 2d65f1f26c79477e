package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** DuckDB's errors reach the caller with an error code, a PostgreSQL SQLSTATE and DuckDB's own message. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DuckDbErrorMappingTest {
    @TempDir
    static Path data;

    private DuckDbEngine engine;

    record Case(String sql, ErrorCode code, String sqlState, String messageStart) {
        @Override
        public String toString() {
            return sql;
        }
    }

    @BeforeAll
    void start() {
        engine = DuckDbTesting.engine(data, "");
        DuckDbTesting.updateCount(engine, "CREATE TABLE birds (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                + "weight DECIMAL(4,2) CHECK (weight > 0))");
        DuckDbTesting.updateCount(engine, "INSERT INTO birds VALUES (1, 'mallard', 1.1)");
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    Stream<Case> cases() {
        return Stream.of(
                new Case("SELECT * FROM nowhere", ErrorCode.TABLE_NOT_FOUND, "42P01",
                        "Catalog Error: Table with name nowhere does not exist!"),
                new Case("SELECT * FROM nowhere.birds", ErrorCode.SCHEMA_NOT_FOUND, "3F000", "Catalog Error: Table with name"),
                new Case("SELECT wingspan FROM birds", ErrorCode.COLUMN_NOT_FOUND, "42703",
                        "Binder Error: Referenced column \"wingspan\" not found"),
                new Case("SELEC 1", ErrorCode.SYNTAX_ERROR, "42601", "Parser Error: syntax error at or near \"SELEC\""),
                new Case("SELECT quack(1)", ErrorCode.INVALID_ARGUMENT, "42883",
                        "Catalog Error: Scalar Function with name quack does not exist!"),
                new Case("SELECT 'x' + 1", ErrorCode.TYPE_MISMATCH, "42883", "Binder Error: Could not choose a best candidate"),
                new Case("SELECT 1 // 0", ErrorCode.DIVISION_BY_ZERO, "22012", "Invalid Input Error: Division by zero"),
                new Case("SELECT id // 0 FROM birds", ErrorCode.DIVISION_BY_ZERO, "22012",
                        "Invalid Input Error: Division by zero"),
                new Case("SELECT 300::TINYINT", ErrorCode.INVALID_ARGUMENT, "22003", "Conversion Error: Type INT32 with value 300"),
                new Case("SELECT 9223372036854775807::BIGINT + id FROM birds", ErrorCode.INVALID_ARGUMENT, "22003",
                        "Out of Range Error: Overflow in addition"),
                new Case("SELECT 'abc'::INTEGER", ErrorCode.INVALID_ARGUMENT, "22P02",
                        "Conversion Error: Could not convert string 'abc' to INT32"),
                new Case("SELECT * FROM birds WHERE id = 'abc'", ErrorCode.INVALID_ARGUMENT, "22P02", "Conversion Error"),
                new Case("INSERT INTO birds VALUES (1, 'teal', 0.5)", ErrorCode.CONSTRAINT_VIOLATION, "23505",
                        "Constraint Error: Duplicate key \"id: 1\""),
                new Case("INSERT INTO birds VALUES (2, NULL, 0.5)", ErrorCode.CONSTRAINT_VIOLATION, "23502",
                        "Constraint Error: NOT NULL constraint failed"),
                new Case("INSERT INTO birds VALUES (3, 'smew', -1)", ErrorCode.CONSTRAINT_VIOLATION, "23514",
                        "Constraint Error: CHECK constraint failed"),
                new Case("SELECT error('custom failure')", ErrorCode.INVALID_ARGUMENT, "22023", "Invalid Input Error: custom failure"),
                new Case("SELECT * FROM read_csv('/nonexistent/birds.csv')", ErrorCode.INVALID_ARGUMENT, "58P01", "IO Error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsTheError(Case error) {
        assertThatThrownBy(() -> DuckDbTesting.rows(engine, error.sql()))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(error.code());
                    assertThat(e.sqlState()).contains(error.sqlState());
                    assertThat(e.getMessage()).startsWith(error.messageStart());
                });
    }

    @Test
    void anErrorRaisedWhileStreamingReachesTheConsumerWithItsMessage() {
        try (ResultStream stream = engine.execute(DuckDbTesting.query(
                "SELECT CASE WHEN i = 3000000 THEN error('late failure') ELSE i END FROM range(5000000) t(i)"))) {
            assertThatThrownBy(() -> DuckDbTesting.drain(stream))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).isEqualTo("Invalid Input Error: late failure");
                    });
            assertThatThrownBy(stream::nextBatch).as("the failure repeats").hasMessage("Invalid Input Error: late failure");
        }
    }

    @Test
    void aFailedStatementChangedNothing() {
        assertThatThrownBy(() -> DuckDbTesting.rows(engine, "INSERT INTO birds SELECT 10 + i, 'x', CASE WHEN i = 2 THEN error('stop') ELSE 1 END FROM range(3) t(i)"))
                .isInstanceOf(SwitchboardException.class);
        assertThat(DuckDbTesting.single(engine, "SELECT count(*) FROM birds")).isEqualTo(1L);
    }

    @Test
    void classifiesErrorsItCannotProvokeEasily() {
        assertThat(DuckDbErrors.classify("Interrupt Error: Interrupted!").code()).isEqualTo(ErrorCode.QUERY_CANCELED);
        assertThat(DuckDbErrors.classify("Not implemented Error: feature").sqlState()).isEqualTo("0A000");
        assertThat(DuckDbErrors.classify("Catalog Error: Schema with name x does not exist!").sqlState()).isEqualTo("3F000");
        assertThat(DuckDbErrors.classify("Connection Error: Connection was closed").code())
                .isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
        assertThat(DuckDbErrors.classify("Connection was closed").code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
        assertThat(DuckDbErrors.classify("INTERNAL Error: assertion").code()).isEqualTo(ErrorCode.ENGINE_ERROR);
        assertThat(DuckDbErrors.classify("TransactionContext Error: Conflict on update!").sqlState()).isEqualTo("40001");
    }
}
