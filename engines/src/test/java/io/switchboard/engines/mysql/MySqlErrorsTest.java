package io.switchboard.engines.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL error numbers become the documented error codes and PostgreSQL SQLSTATEs; session variables are quoted safely. */
final class MySqlErrorsTest {
    @Test
    void mapsErrorNumbers() {
        assertThat(MySqlErrors.classify(1064, "42000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.SYNTAX_ERROR, "42601"));
        assertThat(MySqlErrors.classify(1146, "42S02")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.TABLE_NOT_FOUND, "42P01"));
        assertThat(MySqlErrors.classify(1054, "42S22")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.COLUMN_NOT_FOUND, "42703"));
        assertThat(MySqlErrors.classify(1049, "42000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3D000"));
        assertThat(MySqlErrors.classify(1062, "23000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23505"));
        assertThat(MySqlErrors.classify(1048, "23000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23502"));
        assertThat(MySqlErrors.classify(1452, "23000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23503"));
        assertThat(MySqlErrors.classify(1365, "22012")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.DIVISION_BY_ZERO, "22012"));
        assertThat(MySqlErrors.classify(1317, "70100")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.QUERY_CANCELED, "57014"));
        assertThat(MySqlErrors.classify(3024, "HY000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.QUERY_TIMEOUT, "57014"));
        assertThat(MySqlErrors.classify(1142, "42000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.PERMISSION_DENIED, "42501"));
        assertThat(MySqlErrors.classify(1040, "08004")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.TOO_MANY_CONNECTIONS, "53300"));
        assertThat(MySqlErrors.classify(1213, "40001")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.ENGINE_ERROR, "40P01"));
        // Unknown numbers fall back on MySQL's SQLSTATE class.
        assertThat(MySqlErrors.classify(9999, "08S01")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.ENGINE_UNAVAILABLE, "08006"));
        assertThat(MySqlErrors.classify(9999, "HY000")).isEqualTo(new MySqlErrors.Mapping(ErrorCode.ENGINE_ERROR, "XX000"));
        assertThat(MySqlErrors.classify(9999, null)).isEqualTo(new MySqlErrors.Mapping(ErrorCode.ENGINE_ERROR, "XX000"));
    }

    @Test
    void quotesSessionVariablesThatAreNotNumbers() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("max_statement_time", "30");
        properties.put("sql_mode", "ANSI_QUOTES,NO_ZERO_DATE");
        properties.put("tag", "it's\\here");
        assertThat(MySqlFlavor.sessionVariables(properties))
                .isEqualTo("max_statement_time=30,sql_mode='ANSI_QUOTES,NO_ZERO_DATE',tag='it''s\\\\here'");
    }
}
