package io.switchboard.engines.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;

/**
 * Maps the {@code error} object of Trino's client protocol ({@code errorName}, {@code errorType},
 * {@code message}, sometimes {@code sqlState}) to an {@link ErrorCode} and a PostgreSQL SQLSTATE.
 * Trino's message is passed on unchanged, with its error name in front so that a reader can look
 * it up in Trino's documentation.
 */
final class TrinoErrors {
    private TrinoErrors() {}

    record Mapping(ErrorCode code, String sqlState) {}

    static SwitchboardException fromQueryError(JsonNode error, String queryId) {
        String name = error.path("errorName").asText("");
        String type = error.path("errorType").asText("");
        String message = error.path("message").asText("Trino reported an error without a message");
        Mapping mapping = classify(name, type);
        String sqlState = error.hasNonNull("sqlState") ? error.get("sqlState").asText() : mapping.sqlState();
        String text = message + (name.isEmpty() ? "" : " (Trino " + name + (queryId == null ? "" : ", query " + queryId) + ")");
        return new SwitchboardException(mapping.code(), text, sqlState, null);
    }

    static Mapping classify(String errorName, String errorType) {
        return switch (errorName) {
            case "SYNTAX_ERROR" -> new Mapping(ErrorCode.SYNTAX_ERROR, "42601");
            case "TABLE_NOT_FOUND" -> new Mapping(ErrorCode.TABLE_NOT_FOUND, "42P01");
            case "COLUMN_NOT_FOUND", "MISSING_COLUMN_NAME" -> new Mapping(ErrorCode.COLUMN_NOT_FOUND, "42703");
            case "SCHEMA_NOT_FOUND", "MISSING_SCHEMA_NAME" -> new Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3F000");
            case "CATALOG_NOT_FOUND", "MISSING_CATALOG_NAME" -> new Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3D000");
            case "FUNCTION_NOT_FOUND" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42883");
            case "TYPE_MISMATCH", "TYPE_NOT_FOUND" -> new Mapping(ErrorCode.TYPE_MISMATCH, "42804");
            case "DIVISION_BY_ZERO" -> new Mapping(ErrorCode.DIVISION_BY_ZERO, "22012");
            case "NUMERIC_VALUE_OUT_OF_RANGE" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22003");
            case "INVALID_CAST_ARGUMENT" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22P02");
            case "INVALID_FUNCTION_ARGUMENT", "INVALID_LITERAL" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22023");
            case "AMBIGUOUS_NAME" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42702");
            case "EXPRESSION_NOT_AGGREGATE", "MISSING_GROUP_BY" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42803");
            case "TABLE_ALREADY_EXISTS" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42P07");
            case "SCHEMA_ALREADY_EXISTS" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42P06");
            case "CONSTRAINT_VIOLATION" -> new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23000");
            case "NOT_SUPPORTED", "NOT_IMPLEMENTED" -> new Mapping(ErrorCode.NOT_SUPPORTED, "0A000");
            case "PERMISSION_DENIED" -> new Mapping(ErrorCode.PERMISSION_DENIED, "42501");
            case "USER_CANCELED", "ADMINISTRATIVELY_KILLED", "ADMINISTRATIVELY_PREEMPTED" ->
                    new Mapping(ErrorCode.QUERY_CANCELED, "57014");
            case "EXCEEDED_TIME_LIMIT", "EXCEEDED_CPU_LIMIT", "EXCEEDED_SCAN_LIMIT" -> new Mapping(ErrorCode.QUERY_TIMEOUT, "57014");
            case "QUERY_QUEUE_FULL" -> new Mapping(ErrorCode.ENGINE_ERROR, "53000");
            case "SERVER_SHUTTING_DOWN", "SERVER_STARTING_UP", "NO_NODES_AVAILABLE" ->
                    new Mapping(ErrorCode.ENGINE_UNAVAILABLE, "57P03");
            default -> switch (errorType) {
                case "USER_ERROR" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42000");
                case "INSUFFICIENT_RESOURCES" -> new Mapping(ErrorCode.ENGINE_ERROR, "53000");
                case "EXTERNAL" -> new Mapping(ErrorCode.ENGINE_ERROR, "58000");
                default -> new Mapping(ErrorCode.ENGINE_ERROR, "XX000");
            };
        };
    }
}
