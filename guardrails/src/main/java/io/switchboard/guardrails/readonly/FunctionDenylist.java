package io.switchboard.guardrails.readonly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The denied function names of one guard, for fast lookup: exact names, and families written with
 * a trailing {@code *} ({@code read_*} denies DuckDB's {@code read_csv}, {@code read_duckdb} and
 * whatever file reader a later version adds).
 */
final class FunctionDenylist {
    private final Set<String> names = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();

    FunctionDenylist(Set<String> entries) {
        for (String entry : entries) {
            String lower = entry.toLowerCase(Locale.ROOT);
            if (lower.endsWith("*")) {
                prefixes.add(lower.substring(0, lower.length() - 1));
            } else {
                names.add(lower);
            }
        }
    }

    boolean denies(String functionName) {
        String lower = functionName.toLowerCase(Locale.ROOT);
        if (names.contains(lower)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
