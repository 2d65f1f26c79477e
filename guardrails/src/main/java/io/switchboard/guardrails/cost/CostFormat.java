package io.switchboard.guardrails.cost;

import java.util.Locale;

/** Figures of estimates as people read them: {@code $0.0123}, {@code 60,175}, {@code 7.2 MB}. */
final class CostFormat {
    private CostFormat() {}

    static String dollars(double dollars) {
        if (dollars < 0) {
            return "unknown";
        }
        if (dollars >= 100) {
            return String.format(Locale.ROOT, "$%,.0f", dollars);
        }
        if (dollars >= 0.01) {
            return String.format(Locale.ROOT, "$%.2f", dollars);
        }
        return String.format(Locale.ROOT, "$%.2g", dollars);
    }

    static String count(double rows) {
        return rows < 0 ? "unknown" : String.format(Locale.ROOT, "%,.0f", rows);
    }

    static String bytes(double bytes) {
        if (bytes < 0) {
            return "unknown";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", value) : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** A number for the record's details: plain, without grouping, negative for unknown. */
    static String plain(double value) {
        if (value < 0) {
            return "-1";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
