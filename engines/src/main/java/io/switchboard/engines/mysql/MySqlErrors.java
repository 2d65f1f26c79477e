package io.switchboard.engines.mysql;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.sql.SQLException;

/**
 * Maps the errors of MySQL, MariaDB and StarRocks to an {@link ErrorCode} and a PostgreSQL
 * SQLSTATE. MySQL's own SQLSTATEs are coarse ({@code 42000} for most syntax and access errors,
 * {@code HY000} for the rest), so the server's error number decides; the message is the
 * server's, unchanged.
 */
final class MySqlErrors {
    private MySqlErrors() {}

    record Mapping(ErrorCode code, String sqlState) {}

    static SwitchboardException translate(SQLException e) {
        Mapping mapping = classify(e.getErrorCode(), e.getSQLState());
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new SwitchboardException(mapping.code(), message, mapping.sqlState(), e);
    }

    static Mapping classify(int errorNumber, String mysqlState) {
        return switch (errorNumber) {
            case 1064, 1149 -> new Mapping(ErrorCode.SYNTAX_ERROR, "42601");
            case 1146, 1051, 1109 -> new Mapping(ErrorCode.TABLE_NOT_FOUND, "42P01");
            case 1054 -> new Mapping(ErrorCode.COLUMN_NOT_FOUND, "42703");
            case 1049 -> new Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3D000");
            case 1365 -> new Mapping(ErrorCode.DIVISION_BY_ZERO, "22012");
            case 1062, 1586 -> new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23505");
            case 1048, 1364 -> new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23502");
            case 1451, 1452, 1216, 1217 -> new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23503");
            case 3819, 4025 -> new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23514");
            // Interrupted by KILL QUERY; the stream reports its own cancel or timeout first.
            case 1317 -> new Mapping(ErrorCode.QUERY_CANCELED, "57014");
            // MySQL's max_execution_time, MariaDB's max_statement_time.
            case 3024, 1969 -> new Mapping(ErrorCode.QUERY_TIMEOUT, "57014");
            case 1044, 1142, 1143, 1227, 1370 -> new Mapping(ErrorCode.PERMISSION_DENIED, "42501");
            case 1045, 1698 -> new Mapping(ErrorCode.AUTHENTICATION_FAILED, "28P01");
            case 1040, 1203 -> new Mapping(ErrorCode.TOO_MANY_CONNECTIONS, "53300");
            case 1305, 1584 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42883");
            case 1050 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42P07");
            case 1052 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42702");
            case 1055, 1056, 1140 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42803");
            case 1264, 1690 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22003");
            case 1406 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22001");
            case 1292, 1366, 1367 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22P02");
            case 1290, 1792, 1036 -> new Mapping(ErrorCode.READ_ONLY_VIOLATION, "25006");
            case 1205 -> new Mapping(ErrorCode.ENGINE_ERROR, "55P03");
            case 1213 -> new Mapping(ErrorCode.ENGINE_ERROR, "40P01");
            case 1235, 1295, 1178 -> new Mapping(ErrorCode.NOT_SUPPORTED, "0A000");
            case 1041, 1037, 1038 -> new Mapping(ErrorCode.ENGINE_ERROR, "53200");
            case 1053, 1077, 1152, 1158, 1159, 1160, 1161, 2002, 2003, 2006, 2013 ->
                    new Mapping(ErrorCode.ENGINE_UNAVAILABLE, "08006");
            default -> byState(mysqlState);
        };
    }

    private static Mapping byState(String state) {
        if (state == null || state.length() < 2) {
            return new Mapping(ErrorCode.ENGINE_ERROR, "XX000");
        }
        return switch (state.substring(0, 2)) {
            case "08" -> new Mapping(ErrorCode.ENGINE_UNAVAILABLE, "08006");
            case "22" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22000");
            case "23" -> new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23000");
            case "28" -> new Mapping(ErrorCode.AUTHENTICATION_FAILED, "28000");
            case "42" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42000");
            case "40" -> new Mapping(ErrorCode.ENGINE_ERROR, "40001");
            case "0A" -> new Mapping(ErrorCode.NOT_SUPPORTED, "0A000");
            default -> new Mapping(ErrorCode.ENGINE_ERROR, "XX000");
        };
    }
}
