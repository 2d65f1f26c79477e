package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** PostgreSQL's SQLSTATEs decide the error code; the SQLSTATE itself passes through. */
final class PostgresErrorsTest {
    @Test
    void mapsSqlStatesToErrorCodes() {
        assertThat(PostgresErrors.code("42601")).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(PostgresErrors.code("42P01")).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
        assertThat(PostgresErrors.code("42703")).isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
        assertThat(PostgresErrors.code("3F000")).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND);
        assertThat(PostgresErrors.code("22012")).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
        assertThat(PostgresErrors.code("23505")).isEqualTo(ErrorCode.CONSTRAINT_VIOLATION);
        assertThat(PostgresErrors.code("57014")).isEqualTo(ErrorCode.QUERY_CANCELED);
        assertThat(PostgresErrors.code("42501")).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(PostgresErrors.code("25006")).isEqualTo(ErrorCode.READ_ONLY_VIOLATION);
        assertThat(PostgresErrors.code("53300")).isEqualTo(ErrorCode.TOO_MANY_CONNECTIONS);
        assertThat(PostgresErrors.code("22P02")).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(PostgresErrors.code("42883")).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(PostgresErrors.code("40001")).isEqualTo(ErrorCode.ENGINE_ERROR);
        assertThat(PostgresErrors.code("XX000")).isEqualTo(ErrorCode.ENGINE_ERROR);
        assertThat(PostgresErrors.code(null)).isEqualTo(ErrorCode.ENGINE_ERROR);
    }
}
