package io.switchboard.guardrails.readonly;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How strict the ReadOnly guard is.
 *
 * @param deniedFunctions function names denied wherever they are called (lower case)
 * @param allowedSettings session settings that {@code SET}/{@code RESET} may change (lower case)
 * @param allowTransactionControl whether {@code BEGIN}, {@code COMMIT}, {@code ROLLBACK} and
 *     savepoints pass (they change no data; two-phase {@code COMMIT PREPARED} never passes)
 * @param requireParse deny any text jsqlparser cannot parse, instead of judging it by its tokens
 */
public record ReadOnlyOptions(
        Set<String> deniedFunctions,
        Set<String> allowedSettings,
        boolean allowTransactionControl,
        boolean requireParse) {

    public static final ReadOnlyOptions DEFAULTS = new ReadOnlyOptions(
            ReadOnlyVocabulary.DEFAULT_DENIED_FUNCTIONS, ReadOnlyVocabulary.DEFAULT_ALLOWED_SETTINGS, true, false);

    public ReadOnlyOptions {
        deniedFunctions = lowerCase(requireNonNull(deniedFunctions, "deniedFunctions is null"));
        allowedSettings = lowerCase(requireNonNull(allowedSettings, "allowedSettings is null"));
        if (allowedSettings.contains("role") || allowedSettings.contains("session authorization")) {
            throw new IllegalArgumentException("role and session authorization widen a session's power and cannot be allowed");
        }
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
