package io.switchboard.engines.duckdb;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Maps DuckDB's errors to an {@link ErrorCode} and a PostgreSQL SQLSTATE. DuckDB reports no
 * SQLSTATE through JDBC; its messages start with the error class ({@code Catalog Error: ...},
 * {@code Binder Error: ...}), and the class plus a few well-known phrases decide the mapping.
 * The message itself is passed on unchanged: clients show it, and it names the culprit.
 */
final class DuckDbErrors {
    /** What the driver says when a streamed result failed before its first chunk; the real message is lost. */
    static final String LOST_STREAMING_ERROR = "Invalid Input Error: Invalid result set";

    private DuckDbErrors() {}

    static SwitchboardException translate(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Mapping mapping = classify(message);
        return new SwitchboardException(mapping.code(), message, mapping.sqlState(), e);
    }

    record Mapping(ErrorCode code, String sqlState) {}

    static Mapping classify(String message) {
        String errorClass = errorClass(message);
        String text = message.toLowerCase(Locale.ROOT);
        return switch (errorClass) {
            case "parser error", "syntax error" -> new Mapping(ErrorCode.SYNTAX_ERROR, "42601");
            case "catalog error" -> catalog(text);
            case "binder error" -> binder(text);
            case "conversion error" -> text.contains("out of range") || text.contains("overflow")
                    ? new Mapping(ErrorCode.INVALID_ARGUMENT, "22003")
                    : text.contains("date field value out of range") || text.contains("timestamp field value out of range")
                            ? new Mapping(ErrorCode.INVALID_ARGUMENT, "22008")
                            : new Mapping(ErrorCode.INVALID_ARGUMENT, "22P02");
            case "out of range error" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22003");
            case "invalid input error" -> invalidInput(text);
            case "constraint error" -> constraint(text);
            case "not implemented error" -> new Mapping(ErrorCode.NOT_SUPPORTED, "0A000");
            case "missing extension error" -> new Mapping(ErrorCode.NOT_SUPPORTED, "0A000");
            case "permission error" -> new Mapping(ErrorCode.PERMISSION_DENIED, "42501");
            case "interrupt error" -> new Mapping(ErrorCode.QUERY_CANCELED, "57014");
            case "type error", "mismatch type error" -> new Mapping(ErrorCode.TYPE_MISMATCH, "42804");
            case "dependency error" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "2BP01");
            case "sequence error" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "2200H");
            case "parameter not allowed error", "parameter not resolved error" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42P02");
            case "invalid configuration error", "settings error" -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22023");
            case "transaction error", "transactioncontext error" -> text.contains("conflict")
                    ? new Mapping(ErrorCode.ENGINE_ERROR, "40001")
                    : new Mapping(ErrorCode.INVALID_ARGUMENT, "25000");
            case "io error" -> text.contains("no files found") || text.contains("no such file")
                    ? new Mapping(ErrorCode.INVALID_ARGUMENT, "58P01")
                    : new Mapping(ErrorCode.ENGINE_ERROR, "58030");
            case "out of memory error" -> new Mapping(ErrorCode.ENGINE_ERROR, "53200");
            case "connection error" -> new Mapping(ErrorCode.ENGINE_UNAVAILABLE, "08006");
            case "fatal error" -> new Mapping(ErrorCode.ENGINE_UNAVAILABLE, "XX000");
            default -> other(text);
        };
    }

    private static Mapping catalog(String text) {
        if (text.contains("because schema") || text.contains("schema with name") || text.contains("no catalog + schema")) {
            return new Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3F000");
        }
        if (text.contains("catalog with name") || (text.contains("catalog \"") && text.contains("does not exist"))) {
            return new Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3D000");
        }
        if ((text.contains("table with name") || text.contains("view with name")) && text.contains("does not exist")) {
            return new Mapping(ErrorCode.TABLE_NOT_FOUND, "42P01");
        }
        if (text.contains("function with name") && text.contains("does not exist")) {
            return new Mapping(ErrorCode.INVALID_ARGUMENT, "42883");
        }
        if (text.contains("already exists")) {
            return new Mapping(ErrorCode.INVALID_ARGUMENT, text.contains("table with name") ? "42P07" : "42710");
        }
        if (text.contains("failed to set configuration option") || text.contains("unrecognized configuration parameter")) {
            return new Mapping(ErrorCode.INVALID_ARGUMENT, "42704");
        }
        return new Mapping(ErrorCode.INVALID_ARGUMENT, "42704");
    }

    private static Mapping binder(String text) {
        if (text.contains("referenced table") && text.contains("not found")) {
            return new Mapping(ErrorCode.TABLE_NOT_FOUND, "42P01");
        }
        if (text.contains("referenced column") || (text.contains("column") && text.contains("not found"))
                || text.contains("does not have a column named")) {
            return new Mapping(ErrorCode.COLUMN_NOT_FOUND, "42703");
        }
        if (text.contains("no function matches") || text.contains("could not choose a best candidate function")) {
            return new Mapping(ErrorCode.TYPE_MISMATCH, "42883");
        }
        if (text.contains("must appear in the group by clause")) {
            return new Mapping(ErrorCode.INVALID_ARGUMENT, "42803");
        }
        if (text.contains("ambiguous reference")) {
            return new Mapping(ErrorCode.INVALID_ARGUMENT, "42702");
        }
        if (text.contains("cannot compare values") || text.contains("cannot mix values")) {
            return new Mapping(ErrorCode.TYPE_MISMATCH, "42804");
        }
        return new Mapping(ErrorCode.INVALID_ARGUMENT, "42000");
    }

    private static Mapping invalidInput(String text) {
        if (text.contains("division by zero")) {
            return new Mapping(ErrorCode.DIVISION_BY_ZERO, "22012");
        }
        if (text.contains("read-only mode") || text.contains("read only mode")) {
            return new Mapping(ErrorCode.READ_ONLY_VIOLATION, "25006");
        }
        if (text.contains("values were not provided for the following parameters")) {
            return new Mapping(ErrorCode.INVALID_ARGUMENT, "08P01");
        }
        return new Mapping(ErrorCode.INVALID_ARGUMENT, "22023");
    }

    private static Mapping constraint(String text) {
        if (text.contains("duplicate key") || text.contains("unique constraint") || text.contains("primary key constraint")) {
            return new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23505");
        }
        if (text.contains("not null constraint")) {
            return new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23502");
        }
        if (text.contains("check constraint")) {
            return new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23514");
        }
        if (text.contains("foreign key")) {
            return new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23503");
        }
        return new Mapping(ErrorCode.CONSTRAINT_VIOLATION, "23000");
    }

    private static Mapping other(String text) {
        // Errors raised by the driver itself rather than by DuckDB: most mean the connection is gone.
        if (text.contains("connection was closed") || text.contains("connection is closed")
                || text.contains("database has been invalidated") || text.contains("invalid connection")) {
            return new Mapping(ErrorCode.ENGINE_UNAVAILABLE, "08003");
        }
        if (text.contains("interrupted")) {
            return new Mapping(ErrorCode.QUERY_CANCELED, "57014");
        }
        return new Mapping(ErrorCode.ENGINE_ERROR, "XX000");
    }

    /** The lower-cased class in front of the first colon ({@code "catalog error"}), or "". */
    static String errorClass(String message) {
        int colon = message.indexOf(':');
        if (colon <= 0 || colon > 40) {
            return "";
        }
        String prefix = message.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        return prefix.endsWith("error") ? prefix : "";
    }
}
