package io.switchboard.guardrails.pii;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What PIIMask does to a value of a classified column. */
public enum MaskingOperator {
    /** Replaces the value by a fixed marker ({@code [REDACTED]}); non-text columns get NULL. */
    REDACT("redact"),
    /** Hides every letter and digit but the last four, keeping separators: {@code ****-****-****-1111}. */
    MASK("mask"),
    /**
     * A keyed hash (HMAC-SHA-256 with the policy's key): equal inputs give equal outputs, so joins
     * and counts of distinct values still work, but without the key nobody can test a guess.
     * Integer columns get a 63-bit integer so that the column keeps its type.
     */
    HASH("hash"),
    /** Replaces the value by the entity's configured stand-in ({@code redacted@example.invalid}). */
    REPLACE("replace"),
    /** Leaves the value as it is (for an entity a policy does not mask). */
    KEEP("keep");

    private final String configName;

    MaskingOperator(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<MaskingOperator> fromConfigName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(o -> o.configName.equals(lower)).findFirst();
    }

    /** Keeps the last four letters or digits, starring the others. */
    static String keepLastFour(String value) {
        char[] chars = value.toCharArray();
        int kept = 0;
        for (int i = chars.length - 1; i >= 0; i--) {
            if (Character.isLetterOrDigit(chars[i])) {
                if (kept < 4) {
                    kept++;
                } else {
                    chars[i] = '*';
                }
            }
        }
        return new String(chars);
    }
}
