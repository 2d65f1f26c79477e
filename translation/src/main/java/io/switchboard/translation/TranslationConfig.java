package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ConfigNode;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code translation:} section. QueryFlux's keys ({@code mode}, {@code errorOnUnsupported},
 * {@code pythonScripts}) load unchanged; Switchboard adds the cache size, the time limits and
 * per-group scripts.
 *
 * <pre>
 * translation:
 *   mode: bestEffort            # or strict
 *   errorOnUnsupported: false   # QueryFlux's older switch: true means strict
 *   pythonScripts:              # run after sqlglot, in order, for every group
 *     - |
 *       def transform(sql, src, dst):
 *           return sql
 *   groups:                     # run after the global scripts, for one cluster group
 *     analytics:
 *       pythonScripts: [ ... ]
 *   cacheSize: 10000            # statement shapes kept; 0 turns the cache off
 *   warmupTimeout: 0s           # how long a query waits for sqlglot to start (strict: 30s)
 *   translationTimeout: 10s     # how long one translation may take, waiting included
 *   scriptTimeout: 1s           # how long one script call may run
 * </pre>
 *
 * @param globalScripts Python sources, each defining {@code transform(sql, src, dst) -> str}
 * @param groupScripts scripts per cluster group, run after the global ones
 */
public record TranslationConfig(
        TranslationMode mode,
        List<String> globalScripts,
        Map<String, List<String>> groupScripts,
        int cacheSize,
        Duration warmupTimeout,
        Duration translationTimeout,
        Duration scriptTimeout) {

    public static final TranslationMode DEFAULT_MODE = TranslationMode.BEST_EFFORT;
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /** How long a query waits for sqlglot to warm up in strict mode; bestEffort does not wait. */
    public static final Duration DEFAULT_WARMUP_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TRANSLATION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_SCRIPT_TIMEOUT = Duration.ofSeconds(1);
    public static final TranslationConfig DEFAULTS = new TranslationConfig(DEFAULT_MODE, List.of(), Map.of(), DEFAULT_CACHE_SIZE,
            Duration.ZERO, DEFAULT_TRANSLATION_TIMEOUT, DEFAULT_SCRIPT_TIMEOUT);

    private static final Map<String, TranslationMode> MODES = Map.of(
            TranslationMode.BEST_EFFORT.configName(), TranslationMode.BEST_EFFORT,
            TranslationMode.STRICT.configName(), TranslationMode.STRICT);

    public TranslationConfig {
        requireNonNull(mode, "mode is null");
        globalScripts = List.copyOf(requireNonNull(globalScripts, "globalScripts is null"));
        Map<String, List<String>> copy = new LinkedHashMap<>();
        requireNonNull(groupScripts, "groupScripts is null").forEach((group, scripts) -> copy.put(group, List.copyOf(scripts)));
        groupScripts = Collections.unmodifiableMap(copy);
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative");
        }
        requirePositiveOrZero(warmupTimeout, "warmupTimeout");
        requirePositive(translationTimeout, "translationTimeout");
        requirePositive(scriptTimeout, "scriptTimeout");
    }

    /** Reads the section (absent: the defaults) and rejects keys it does not know. */
    public static TranslationConfig parse(ConfigNode node) {
        return parse(node, null);
    }

    /**
     * Reads the section and, when {@code knownGroups} is given, rejects per-group scripts for
     * groups that are not defined, naming the key and its line.
     */
    public static TranslationConfig parse(ConfigNode node, Set<String> knownGroups) {
        TranslationMode mode = node.enumValue("mode", MODES, DEFAULT_MODE);
        if (node.bool("errorOnUnsupported", false)) {
            mode = TranslationMode.STRICT;
        }
        List<String> global = scripts(node);
        Map<String, List<String>> groups = new LinkedHashMap<>();
        ConfigNode groupsNode = node.child("groups");
        for (Map.Entry<String, ConfigNode> group : groupsNode.children().entrySet()) {
            if (knownGroups != null && !knownGroups.contains(group.getKey())) {
                throw groupsNode.valueError(group.getKey(),
                        "translation scripts for unknown cluster group '" + group.getKey() + "'; defined groups are " + knownGroups);
            }
            List<String> scripts = scripts(group.getValue());
            group.getValue().rejectUnknownKeys();
            groups.put(group.getKey(), scripts);
        }
        groupsNode.rejectUnknownKeys();
        int cacheSize = node.integer("cacheSize", DEFAULT_CACHE_SIZE, 0, 10_000_000);
        // bestEffort sends SQL as written while sqlglot warms up rather than holding queries;
        // strict has nothing to send, so it waits.
        Duration warmup = node.duration("warmupTimeout", mode == TranslationMode.STRICT ? DEFAULT_WARMUP_TIMEOUT : Duration.ZERO);
        Duration translation = node.duration("translationTimeout", DEFAULT_TRANSLATION_TIMEOUT);
        Duration script = node.duration("scriptTimeout", DEFAULT_SCRIPT_TIMEOUT);
        if (translation.isZero() || translation.isNegative()) {
            throw node.valueError("translationTimeout", "must be longer than zero");
        }
        if (script.isZero() || script.isNegative()) {
            throw node.valueError("scriptTimeout", "must be longer than zero");
        }
        node.rejectUnknownKeys();
        return new TranslationConfig(mode, global, groups, cacheSize, warmup, translation, script);
    }

    /** The scripts that run for a query routed to {@code group} (null: no group known). */
    public List<String> scriptsFor(String group) {
        List<String> own = group == null ? List.of() : groupScripts.getOrDefault(group, List.of());
        if (own.isEmpty()) {
            return globalScripts;
        }
        return Stream.concat(globalScripts.stream(), own.stream()).toList();
    }

    private static List<String> scripts(ConfigNode node) {
        List<String> scripts = node.stringList("pythonScripts");
        for (int i = 0; i < scripts.size(); i++) {
            if (scripts.get(i).isBlank()) {
                throw node.valueError("pythonScripts", "script " + i + " is empty");
            }
        }
        return scripts;
    }

    private static void requirePositive(Duration value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be longer than zero");
        }
    }

    private static void requirePositiveOrZero(Duration value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
