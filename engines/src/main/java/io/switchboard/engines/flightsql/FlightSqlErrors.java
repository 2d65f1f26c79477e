package io.switchboard.engines.flightsql;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.Locale;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/**
 * Maps Flight's call statuses to an {@link ErrorCode} and a PostgreSQL SQLSTATE. Flight carries
 * no SQLSTATE, so the status code decides, refined by the server's description where it names a
 * well-known SQL error (a missing table, a syntax error). The description is passed on.
 */
final class FlightSqlErrors {
    private FlightSqlErrors() {}

    record Mapping(ErrorCode code, String sqlState) {}

    static SwitchboardException translate(FlightRuntimeException e, String clusterName, String address) {
        CallStatus status = e.status();
        String description = status.description() == null || status.description().isBlank()
                ? (status.cause() == null ? "" : String.valueOf(status.cause().getMessage()))
                : status.description();
        Mapping mapping = classify(status.code(), description);
        String message = switch (status.code()) {
            case UNAVAILABLE -> "Flight SQL cluster '" + clusterName + "' at " + address + " is not available: "
                    + (description.isEmpty() ? "no connection" : description);
            case UNAUTHENTICATED -> "Flight SQL cluster '" + clusterName + "' refused the credentials"
                    + (description.isEmpty() ? "" : ": " + description);
            default -> (description.isEmpty() ? "the Flight SQL server failed without a description" : description)
                    + " (Flight status " + status.code() + ", cluster '" + clusterName + "')";
        };
        return new SwitchboardException(mapping.code(), message, mapping.sqlState(), e);
    }

    static Mapping classify(FlightStatusCode code, String description) {
        String text = description.toLowerCase(Locale.ROOT);
        return switch (code) {
            case UNAVAILABLE -> new Mapping(ErrorCode.ENGINE_UNAVAILABLE, "08006");
            case UNAUTHENTICATED -> new Mapping(ErrorCode.AUTHENTICATION_FAILED, "28000");
            case UNAUTHORIZED -> new Mapping(ErrorCode.PERMISSION_DENIED, "42501");
            case CANCELLED -> new Mapping(ErrorCode.QUERY_CANCELED, "57014");
            case TIMED_OUT -> new Mapping(ErrorCode.QUERY_TIMEOUT, "57014");
            case UNIMPLEMENTED -> new Mapping(ErrorCode.NOT_SUPPORTED, "0A000");
            case RESOURCE_EXHAUSTED -> new Mapping(ErrorCode.ENGINE_ERROR, "53000");
            default -> byDescription(text);
        };
    }

    private static Mapping byDescription(String text) {
        if ((text.contains("table") || text.contains("view")) && (text.contains("does not exist") || text.contains("not found"))) {
            return new Mapping(ErrorCode.TABLE_NOT_FOUND, "42P01");
        }
        if (text.contains("column") && (text.contains("not in any table") || text.contains("does not exist")
                || text.contains("not found"))) {
            return new Mapping(ErrorCode.COLUMN_NOT_FOUND, "42703");
        }
        if (text.contains("schema") && text.contains("does not exist")) {
            return new Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3F000");
        }
        if (text.contains("syntax error") || text.contains("encountered \"")) {
            return new Mapping(ErrorCode.SYNTAX_ERROR, "42601");
        }
        if (text.contains("divide by zero") || text.contains("division by zero")) {
            return new Mapping(ErrorCode.DIVISION_BY_ZERO, "22012");
        }
        return new Mapping(ErrorCode.ENGINE_ERROR, "XX000");
    }
}
