package io.switchboard.wire.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.sql.Dialect;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connection's client settings ({@code SET}, {@code RESET}, {@code SHOW}), handled by the
 * frontend itself: they describe how this connection talks, not what an engine does. Settings
 * that change how Switchboard encodes values are validated; the rest are kept as given and passed
 * to the pipeline as session properties. Owned by the connection's thread.
 */
final class SessionSettings {
    /** Settings whose changes PostgreSQL reports to the client with a ParameterStatus message. */
    private static final Set<String> REPORTED = Set.of(
            "server_version", "server_encoding", "client_encoding", "application_name", "datestyle", "intervalstyle",
            "timezone", "integer_datetimes", "standard_conforming_strings", "is_superuser", "session_authorization",
            "default_transaction_read_only", "in_hot_standby");
    private static final Set<String> READ_ONLY = Set.of(
            "server_version", "server_version_num", "server_encoding", "integer_datetimes", "is_superuser",
            "session_authorization", "max_identifier_length", "in_hot_standby");
    /** The session's source dialect: the pipeline reads it as {@link SourceDialects#SESSION_PROPERTY}. */
    static final String DIALECT = SourceDialects.SESSION_PROPERTY;
    /** Whether each query reports its translation in a NoticeResponse. */
    static final String SHOW_TRANSLATION = "switchboard.show_translation";
    private static final Pattern BOOLEAN_ON = Pattern.compile("(?i)on|true|yes|1|t|y");
    private static final Pattern BOOLEAN_OFF = Pattern.compile("(?i)off|false|no|0|f|n");
    private static final Pattern POSIX_OFFSET_ZONE = Pattern.compile("(?i)(GMT|UTC|UT)([+-])(\\d{1,2})(?::?(\\d{2}))?");
    private static final Pattern DURATION = Pattern.compile("(-?\\d+)\\s*(us|ms|s|min|h|d)?");

    /** A setting's canonical name (as SHOW labels it) and its description for SHOW ALL. */
    private record Definition(String name, String description) {}

    private static final Map<String, Definition> KNOWN = new LinkedHashMap<>();

    static {
        define("application_name", "Sets the application name to be reported in statistics and logs.");
        define("bytea_output", "Sets the output format for bytea.");
        define("client_encoding", "Sets the client's character set encoding.");
        define("client_min_messages", "Sets the message levels that are sent to the client.");
        define("DateStyle", "Sets the display format for date and time values.");
        define("default_transaction_isolation", "Sets the transaction isolation level of each new transaction.");
        define("default_transaction_read_only", "Sets the default read-only status of new transactions.");
        define("extra_float_digits", "Sets the number of digits displayed for floating-point values.");
        define("idle_in_transaction_session_timeout", "Sets the maximum allowed idle time between queries, when in a transaction.");
        define("in_hot_standby", "Shows whether hot standby is currently active.");
        define("integer_datetimes", "Shows whether datetimes are integer based.");
        define("IntervalStyle", "Sets the display format for interval values.");
        define("is_superuser", "Shows whether the current user is a superuser.");
        define("lock_timeout", "Sets the maximum allowed duration of any wait for a lock.");
        define("max_identifier_length", "Shows the maximum identifier length.");
        define("search_path", "Sets the schema search order for names that are not schema-qualified.");
        define("server_encoding", "Shows the server (database) character set encoding.");
        define("server_version", "Shows the server version.");
        define("server_version_num", "Shows the server version as an integer.");
        define("session_authorization", "Sets the session user name.");
        define("standard_conforming_strings", "Causes '...' strings to treat backslashes literally.");
        define("statement_timeout", "Sets the maximum allowed duration of any statement.");
        define("TimeZone", "Sets the time zone for displaying and interpreting time stamps.");
        define("transaction_isolation", "Sets the current transaction's isolation level.");
        define("transaction_read_only", "Sets the current transaction's read-only status.");
        define(DIALECT, "Sets the SQL dialect this session's queries are written in (Switchboard); one of "
                + String.join(", ", SourceDialects.knownNames()) + ".");
        define(SHOW_TRANSLATION, "Sends a notice with each query's translation: status, reason and the SQL sent (Switchboard).");
    }

    private static void define(String name, String description) {
        KNOWN.put(name.toLowerCase(Locale.ROOT), new Definition(name, description));
    }

    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    /** What the client set itself (startup packet or SET), for the pipeline's session properties. */
    private final Map<String, String> clientValues = new LinkedHashMap<>();
    private final Map<String, String> pendingReports = new LinkedHashMap<>();
    private ZoneId zone = ZoneOffset.UTC;
    private int extraFloatDigits = 1;
    private boolean showTranslation;
    /** statement_timeout parsed once per change, not once per statement. */
    private Duration statementTimeout = Duration.ZERO;
    /** Counts changes, so that what is built from the settings is rebuilt only after one. */
    private long changes;

    SessionSettings(String serverVersion, String user) {
        this(serverVersion, user, Dialect.POSTGRES);
    }

    /**
     * @param defaultDialect the dialect of this user's queries when the session does not set
     *     {@value #DIALECT}: the user's configured one or the frontend's (see {@link SourceDialects})
     */
    SessionSettings(String serverVersion, String user, Dialect defaultDialect) {
        defaults.put("application_name", "");
        defaults.put("bytea_output", "hex");
        defaults.put("client_encoding", "UTF8");
        defaults.put("client_min_messages", "notice");
        defaults.put("datestyle", "ISO, MDY");
        defaults.put("default_transaction_isolation", "read committed");
        defaults.put("default_transaction_read_only", "off");
        defaults.put("extra_float_digits", "1");
        defaults.put("idle_in_transaction_session_timeout", "0");
        defaults.put("in_hot_standby", "off");
        defaults.put("integer_datetimes", "on");
        defaults.put("intervalstyle", "postgres");
        defaults.put("is_superuser", "off");
        defaults.put("lock_timeout", "0");
        defaults.put("max_identifier_length", "63");
        defaults.put("search_path", "\"$user\", public");
        defaults.put("server_encoding", "UTF8");
        defaults.put("server_version", serverVersion);
        defaults.put("server_version_num", versionNumber(serverVersion));
        defaults.put("session_authorization", user);
        defaults.put("standard_conforming_strings", "on");
        defaults.put("statement_timeout", "0");
        defaults.put("timezone", "UTC");
        defaults.put("transaction_isolation", "read committed");
        defaults.put("transaction_read_only", "off");
        defaults.put(DIALECT, SourceDialects.nameOf(defaultDialect));
        defaults.put(SHOW_TRANSLATION, "off");
        values.putAll(defaults);
    }

    /**
     * Applies a startup parameter the way PostgreSQL applies it: as the session default, so that
     * RESET returns to it. Unknown names are kept for the pipeline.
     */
    void applyStartupParameter(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        String normalized = validate(key, value);
        defaults.put(key, normalized);
        values.put(key, normalized);
        clientValues.put(displayName(key), normalized);
        afterChange(key);
    }

    /** {@code SET name = value}. Returns nothing; reported settings are queued for a ParameterStatus. */
    void set(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        if (READ_ONLY.contains(key)) {
            throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, "parameter \"" + name + "\" cannot be changed", "55P02", null);
        }
        String normalized = validate(key, value);
        String previous = values.put(key, normalized);
        clientValues.put(displayName(key), normalized);
        afterChange(key);
        if (REPORTED.contains(key) && !normalized.equals(previous)) {
            pendingReports.put(displayName(key), normalized);
        }
    }

    void reset(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (READ_ONLY.contains(key)) {
            throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, "parameter \"" + name + "\" cannot be changed", "55P02", null);
        }
        String value = defaults.get(key);
        String previous = value == null ? values.remove(key) : values.put(key, value);
        if (value == null) {
            clientValues.remove(displayName(key));
        } else {
            clientValues.put(displayName(key), value);
        }
        afterChange(key);
        if (value != null && REPORTED.contains(key) && !value.equals(previous)) {
            pendingReports.put(displayName(key), value);
        }
    }

    void resetAll() {
        for (String key : new ArrayList<>(values.keySet())) {
            if (!READ_ONLY.contains(key)) {
                reset(key);
            }
        }
    }

    /** The value SHOW prints, or empty when neither Switchboard nor the client knows the name. */
    Optional<String> show(String name) {
        return Optional.ofNullable(values.get(name.toLowerCase(Locale.ROOT)));
    }

    /** SHOW's column label: the canonical spelling for known settings ({@code DateStyle}). */
    static String displayName(String name) {
        Definition definition = KNOWN.get(name.toLowerCase(Locale.ROOT));
        return definition == null ? name.toLowerCase(Locale.ROOT) : definition.name();
    }

    /** Every setting for SHOW ALL: name, value, description, sorted by name. */
    List<String[]> all() {
        Map<String, String[]> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Definition definition = KNOWN.get(entry.getKey());
            String name = definition == null ? entry.getKey() : definition.name();
            sorted.put(name, new String[] {name, entry.getValue(), definition == null ? "" : definition.description()});
        }
        return List.copyOf(sorted.values());
    }

    /** The settings announced to a new client, in the order PostgreSQL sends them. */
    Map<String, String> startupReport() {
        Map<String, String> report = new LinkedHashMap<>();
        for (String key : List.of("application_name", "client_encoding", "datestyle", "default_transaction_read_only",
                "in_hot_standby", "integer_datetimes", "intervalstyle", "is_superuser", "server_encoding", "server_version",
                "session_authorization", "standard_conforming_strings", "timezone")) {
            report.put(displayName(key), values.get(key));
        }
        pendingReports.clear();
        return report;
    }

    /** Reported settings changed since the last call (sent before ReadyForQuery). */
    Map<String, String> drainReports() {
        if (pendingReports.isEmpty()) {
            return Map.of();
        }
        Map<String, String> reports = new LinkedHashMap<>(pendingReports);
        pendingReports.clear();
        return reports;
    }

    /** What the client set (startup parameters and SET), for {@code Session.properties}. */
    Map<String, String> clientValues() {
        return clientValues;
    }

    ZoneId zone() {
        return zone;
    }

    int extraFloatDigits() {
        return extraFloatDigits;
    }

    /** {@code switchboard.show_translation}: each query reports its translation in a notice. */
    boolean showTranslation() {
        return showTranslation;
    }

    /** {@code statement_timeout}; zero when none. */
    Duration statementTimeout() {
        return statementTimeout;
    }

    /** Grows with every change of a setting (startup parameter, SET, RESET). */
    long changeCount() {
        return changes;
    }

    private void afterChange(String key) {
        changes++;
        if (key.equals("statement_timeout")) {
            statementTimeout = parseDuration(values.getOrDefault("statement_timeout", "0"), "statement_timeout");
        } else if (key.equals("timezone")) {
            zone = resolveZone(values.get("timezone"));
        } else if (key.equals("extra_float_digits")) {
            extraFloatDigits = Integer.parseInt(values.get("extra_float_digits"));
        } else if (key.equals(SHOW_TRANSLATION)) {
            showTranslation = values.get(SHOW_TRANSLATION).equals("on");
        }
    }

    /** Checks the settings whose values change what Switchboard sends; returns the value as SHOW prints it. */
    private static String validate(String key, String value) {
        String trimmed = value.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "client_encoding" -> switch (lower.replace("-", "").replace("_", "")) {
                case "utf8", "unicode" -> "UTF8";
                // SQL_ASCII means "no conversion": UTF-8 bytes pass as they are, which is what Switchboard does.
                case "sqlascii" -> "SQL_ASCII";
                default -> throw notSupported(key, value, "Switchboard speaks UTF8 only; set client_encoding to UTF8");
            };
            case "datestyle" -> dateStyle(value);
            case "intervalstyle" -> {
                if (!lower.equals("postgres")) {
                    throw notSupported("IntervalStyle", value, "Switchboard writes intervals in the postgres style only");
                }
                yield "postgres";
            }
            case "standard_conforming_strings" -> {
                if (!lower.equals("on") && !lower.equals("true") && !lower.equals("1")) {
                    throw notSupported(key, value, "Switchboard keeps standard_conforming_strings on: backslashes in '...' are literal");
                }
                yield "on";
            }
            case "bytea_output" -> {
                if (!lower.equals("hex")) {
                    throw notSupported(key, value, "Switchboard writes bytea in hex format only");
                }
                yield "hex";
            }
            case "extra_float_digits" -> {
                try {
                    int digits = Integer.parseInt(trimmed);
                    if (digits < -15 || digits > 3) {
                        throw invalidValue("extra_float_digits", value, "must be between -15 and 3");
                    }
                    yield Integer.toString(digits);
                } catch (NumberFormatException e) {
                    throw invalidValue("extra_float_digits", value, "must be an integer");
                }
            }
            case "timezone" -> {
                resolveZone(trimmed);
                yield trimmed;
            }
            case "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout" -> {
                parseDuration(trimmed, key);
                yield trimmed;
            }
            // Checked here so that a typo fails the SET, not every later query.
            case DIALECT -> SourceDialects.nameOf(SourceDialects.parse(trimmed));
            case SHOW_TRANSLATION -> {
                if (BOOLEAN_ON.matcher(trimmed).matches()) {
                    yield "on";
                }
                if (BOOLEAN_OFF.matcher(trimmed).matches()) {
                    yield "off";
                }
                throw invalidValue(SHOW_TRANSLATION, value, "a Boolean value is expected: on or off");
            }
            default -> value;
        };
    }

    private static String dateStyle(String value) {
        String order = "MDY";
        for (String part : value.split("[,\\s]+")) {
            switch (part.toUpperCase(Locale.ROOT)) {
                case "" -> { }
                case "ISO", "DEFAULT" -> { }
                case "MDY", "US", "NONEUROPEAN" -> order = "MDY";
                case "DMY", "EUROPEAN" -> order = "DMY";
                case "YMD" -> order = "YMD";
                default -> throw notSupported("DateStyle", value, "Switchboard writes dates in ISO style only (e.g. 'ISO, MDY')");
            }
        }
        return "ISO, " + order;
    }

    /**
     * Resolves a PostgreSQL time zone name. POSIX-style names such as {@code GMT-05:00} count hours
     * west of Greenwich (pgjdbc sends the JVM's {@code GMT+05:00} that way), the opposite of ISO.
     */
    static ZoneId resolveZone(String name) {
        String value = name.strip();
        Matcher posix = POSIX_OFFSET_ZONE.matcher(value);
        try {
            if (posix.matches()) {
                int hours = Integer.parseInt(posix.group(3));
                int minutes = posix.group(4) == null ? 0 : Integer.parseInt(posix.group(4));
                int seconds = hours * 3600 + minutes * 60;
                return ZoneOffset.ofTotalSeconds(posix.group(2).equals("+") ? -seconds : seconds);
            }
            if (value.matches("[+-]?\\d+(\\.\\d+)?")) {
                // A bare number is hours east of Greenwich (SET TIME ZONE 2).
                return ZoneOffset.ofTotalSeconds((int) Math.round(Double.parseDouble(value) * 3600));
            }
            if (value.equalsIgnoreCase("localtime") || value.equalsIgnoreCase("local")) {
                return ZoneId.systemDefault();
            }
            return ZoneId.of(value);
        } catch (DateTimeException | ArithmeticException e) {
            throw invalidValue("TimeZone", name, "unknown time zone");
        }
    }

    private static Duration parseDuration(String value, String name) {
        Matcher matcher = DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw invalidValue(name, value, "expected milliseconds or a value with a unit (us, ms, s, min, h, d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        if (amount < 0) {
            throw invalidValue(name, value, "must not be negative");
        }
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "us" -> Duration.ofNanos(amount * 1_000);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofMillis(amount);
        };
    }

    private static String versionNumber(String serverVersion) {
        Matcher matcher = Pattern.compile("(\\d+)(?:\\.(\\d+))?").matcher(serverVersion);
        if (!matcher.lookingAt()) {
            return "150000";
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        return Integer.toString(major >= 10 ? major * 10_000 + minor : major * 10_000 + minor * 100);
    }

    private static SwitchboardException invalidValue(String name, String value, String reason) {
        return new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                "invalid value for parameter \"" + name + "\": \"" + value + "\" (" + reason + ")", "22023", null);
    }

    private static SwitchboardException notSupported(String name, String value, String reason) {
        return new SwitchboardException(ErrorCode.NOT_SUPPORTED,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"; " + reason, "22023", null);
    }
}
