package io.switchboard.wire.postgres;

import java.util.Locale;

/**
 * An interval in PostgreSQL's three fields (months, days, microseconds), parsed from the text
 * engines give (PostgreSQL's {@code 1 year 2 mons 3 days 04:05:06}, DuckDB's {@code 2 months},
 * ISO 8601 {@code P1Y2M3DT4H5M6S}) and written in PostgreSQL's {@code postgres} style.
 */
record PgInterval(int months, int days, long micros) {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;

    /** Parses interval text; returns null when the text is in a form this parser does not know. */
    static PgInterval parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (value.startsWith("@")) {
            value = value.substring(1).strip();
        }
        if (value.startsWith("p") || value.startsWith("-p")) {
            return parseIso(value);
        }
        boolean ago = value.endsWith(" ago");
        if (ago) {
            value = value.substring(0, value.length() - 4).strip();
        }
        long months = 0;
        long days = 0;
        long micros = 0;
        String[] parts = value.isEmpty() ? new String[0] : value.split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.indexOf(':') >= 0) {
                Long time = parseClock(part);
                if (time == null) {
                    return null;
                }
                micros += time;
                continue;
            }
            if (i + 1 >= parts.length) {
                return null;
            }
            double amount;
            try {
                amount = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                return null;
            }
            String unit = parts[++i];
            if (unit.startsWith("millennium") || unit.startsWith("millennia")) {
                months += (long) (amount * 12_000);
            } else if (unit.startsWith("centur")) {
                months += (long) (amount * 1_200);
            } else if (unit.startsWith("decade")) {
                months += (long) (amount * 120);
            } else if (unit.startsWith("year")) {
                months += (long) (amount * 12);
            } else if (unit.startsWith("mon")) {
                months += (long) amount;
            } else if (unit.startsWith("week")) {
                days += (long) (amount * 7);
            } else if (unit.startsWith("day")) {
                days += (long) amount;
            } else if (unit.startsWith("hour")) {
                micros += Math.round(amount * MICROS_PER_HOUR);
            } else if (unit.startsWith("min")) {
                micros += Math.round(amount * MICROS_PER_MINUTE);
            } else if (unit.startsWith("sec")) {
                micros += Math.round(amount * MICROS_PER_SECOND);
            } else if (unit.startsWith("millisecond") || unit.equals("ms") || unit.equals("msec") || unit.equals("msecs")) {
                micros += Math.round(amount * 1_000);
            } else if (unit.startsWith("microsecond") || unit.equals("us") || unit.equals("usec") || unit.equals("usecs")) {
                micros += Math.round(amount);
            } else {
                return null;
            }
        }
        if (ago) {
            months = -months;
            days = -days;
            micros = -micros;
        }
        return ofChecked(months, days, micros);
    }

    private static PgInterval parseIso(String value) {
        boolean negative = value.startsWith("-");
        String rest = value.substring(negative ? 2 : 1);
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean time = false;
        int i = 0;
        while (i < rest.length()) {
            if (rest.charAt(i) == 't') {
                time = true;
                i++;
                continue;
            }
            int start = i;
            while (i < rest.length() && (Character.isDigit(rest.charAt(i)) || rest.charAt(i) == '.' || rest.charAt(i) == '-')) {
                i++;
            }
            if (start == i || i >= rest.length()) {
                return null;
            }
            double amount;
            try {
                amount = Double.parseDouble(rest.substring(start, i));
            } catch (NumberFormatException e) {
                return null;
            }
            char unit = rest.charAt(i++);
            if (!time && unit == 'y') {
                months += (long) (amount * 12);
            } else if (!time && unit == 'm') {
                months += (long) amount;
            } else if (!time && unit == 'w') {
                days += (long) (amount * 7);
            } else if (!time && unit == 'd') {
                days += (long) amount;
            } else if (time && unit == 'h') {
                micros += Math.round(amount * MICROS_PER_HOUR);
            } else if (time && unit == 'm') {
                micros += Math.round(amount * MICROS_PER_MINUTE);
            } else if (time && unit == 's') {
                micros += Math.round(amount * MICROS_PER_SECOND);
            } else {
                return null;
            }
        }
        return negative ? ofChecked(-months, -days, -micros) : ofChecked(months, days, micros);
    }

    /** {@code [-]H:MM[:SS[.ffffff]]}, hours unbounded. */
    private static Long parseClock(String text) {
        boolean negative = text.startsWith("-");
        String body = negative || text.startsWith("+") ? text.substring(1) : text;
        String[] fields = body.split(":");
        if (fields.length < 2 || fields.length > 3) {
            return null;
        }
        try {
            long hours = Long.parseLong(fields[0]);
            long minutes = Long.parseLong(fields[1]);
            long micros = 0;
            if (fields.length == 3) {
                micros = new java.math.BigDecimal(fields[2]).movePointRight(6).setScale(0, java.math.RoundingMode.HALF_EVEN)
                        .longValueExact();
            }
            long total = Math.addExact(Math.multiplyExact(hours, MICROS_PER_HOUR), Math.multiplyExact(minutes, MICROS_PER_MINUTE));
            total = Math.addExact(total, micros);
            return negative ? -total : total;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static PgInterval ofChecked(long months, long days, long micros) {
        if (months != (int) months || days != (int) days) {
            return null;
        }
        return new PgInterval((int) months, (int) days, micros);
    }

    /** PostgreSQL's {@code IntervalStyle = postgres} output, as {@code EncodeInterval} writes it. */
    String toPostgresText() {
        StringBuilder out = new StringBuilder();
        boolean[] state = {true, false}; // {nothing written yet, previous field was negative}
        appendPart(out, months / 12, "year", state);
        appendPart(out, months % 12, "mon", state);
        appendPart(out, days, "day", state);
        if (state[0] || micros != 0) {
            boolean minus = micros < 0;
            long magnitude = Math.abs(micros);
            long hours = magnitude / MICROS_PER_HOUR;
            long minutes = (magnitude % MICROS_PER_HOUR) / MICROS_PER_MINUTE;
            long seconds = (magnitude % MICROS_PER_MINUTE) / MICROS_PER_SECOND;
            long fraction = magnitude % MICROS_PER_SECOND;
            if (!state[0]) {
                out.append(' ');
            }
            out.append(minus ? "-" : state[1] ? "+" : "");
            out.append(twoDigits(hours)).append(':').append(twoDigits(minutes)).append(':').append(twoDigits(seconds));
            PgTextFormat.appendFraction(out, fraction);
        }
        return out.toString();
    }

    private static void appendPart(StringBuilder out, long value, String unit, boolean[] state) {
        if (value == 0) {
            return;
        }
        if (!state[0]) {
            out.append(' ');
        }
        if (state[1] && value > 0) {
            out.append('+');
        }
        out.append(value).append(' ').append(unit);
        if (value != 1) {
            out.append('s');
        }
        state[0] = false;
        state[1] = value < 0;
    }

    private static String twoDigits(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }
}
