package io.switchboard.engines.clickhouse;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads ClickHouse's error texts — {@code Code: 60, e.displayText() = DB::Exception: Table x
 * doesn't exist., e.what() = DB::Exception} (18.x) or {@code Code: 60. DB::Exception: Table x
 * does not exist. (UNKNOWN_TABLE) (version 24.3)} (current) — and maps the numeric code to an
 * {@link ErrorCode} and a PostgreSQL SQLSTATE. The message keeps ClickHouse's words and code.
 */
final class ClickHouseErrors {
    private static final Pattern CODE = Pattern.compile("^Code: (\\d+)[.,] ");
    private static final Pattern OLD_MESSAGE = Pattern.compile("e\\.displayText\\(\\) = (.*?)(?:, e\\.what\\(\\) = .*)?$", Pattern.DOTALL);

    private ClickHouseErrors() {}

    record Mapping(ErrorCode code, String sqlState) {}

    /** Whether a text is one of ClickHouse's error reports. */
    static boolean isError(String text) {
        return text != null && CODE.matcher(text).find() && text.contains("Exception");
    }

    static SwitchboardException fromText(String text, String clusterName) {
        String body = text.strip();
        Matcher code = CODE.matcher(body);
        int number = code.find() ? Integer.parseInt(code.group(1)) : -1;
        String message = body;
        Matcher old = OLD_MESSAGE.matcher(body);
        if (old.find()) {
            message = old.group(1);
        } else if (number >= 0) {
            message = body.substring(code.end());
        }
        message = message.replaceFirst("^DB::Exception: ", "").strip();
        Mapping mapping = classify(number);
        return new SwitchboardException(mapping.code(), message + " (ClickHouse code " + number + ", cluster '" + clusterName + "')",
                mapping.sqlState(), null);
    }

    static Mapping classify(int code) {
        return switch (code) {
            case 62 -> new Mapping(ErrorCode.SYNTAX_ERROR, "42601");
            case 60 -> new Mapping(ErrorCode.TABLE_NOT_FOUND, "42P01");
            case 47, 16 -> new Mapping(ErrorCode.COLUMN_NOT_FOUND, "42703");
            case 81 -> new Mapping(ErrorCode.SCHEMA_NOT_FOUND, "3D000");
            case 46 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42883");
            case 43, 53, 386 -> new Mapping(ErrorCode.TYPE_MISMATCH, "42804");
            case 153 -> new Mapping(ErrorCode.DIVISION_BY_ZERO, "22012");
            case 6, 27, 38, 41, 72, 70 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22P02");
            case 69 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22003");
            case 36, 42, 44 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "22023");
            case 215 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42803");
            case 57 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42P07");
            case 82 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42P04");
            case 115 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42704");
            case 1, 48 -> new Mapping(ErrorCode.NOT_SUPPORTED, "0A000");
            case 164 -> new Mapping(ErrorCode.READ_ONLY_VIOLATION, "25006");
            case 192, 193, 516 -> new Mapping(ErrorCode.AUTHENTICATION_FAILED, "28P01");
            case 497 -> new Mapping(ErrorCode.PERMISSION_DENIED, "42501");
            case 394 -> new Mapping(ErrorCode.QUERY_CANCELED, "57014");
            case 159 -> new Mapping(ErrorCode.QUERY_TIMEOUT, "57014");
            case 202 -> new Mapping(ErrorCode.ENGINE_ERROR, "53300");
            case 241 -> new Mapping(ErrorCode.ENGINE_ERROR, "53200");
            case 216 -> new Mapping(ErrorCode.INVALID_ARGUMENT, "42710");
            default -> new Mapping(ErrorCode.ENGINE_ERROR, "XX000");
        };
    }
}
