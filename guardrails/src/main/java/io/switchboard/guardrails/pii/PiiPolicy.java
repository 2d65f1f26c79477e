package io.switchboard.guardrails.pii;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How one PIIMask guard treats personal data.
 *
 * @param operators what to do per entity; entities not listed use {@code defaultOperator}
 * @param defaultOperator the operator of entities without their own
 * @param replacements the stand-in text per entity for {@link MaskingOperator#REPLACE}
 * @param redactedText the marker {@link MaskingOperator#REDACT} writes into text columns
 * @param hashKey the HMAC key of {@link MaskingOperator#HASH}; give it from the environment
 * @param sampleRows rows sampled per result before columns are classified
 * @param minMatchRatio share of sampled values that must validate for a column without a name hint
 * @param columns columns classified by configuration (lower-case name to entity), whatever their values
 * @param ignoredColumns columns never masked (lower-case names)
 */
public record PiiPolicy(
        Map<PiiEntity, MaskingOperator> operators,
        MaskingOperator defaultOperator,
        Map<PiiEntity, String> replacements,
        String redactedText,
        byte[] hashKey,
        int sampleRows,
        double minMatchRatio,
        Map<String, PiiEntity> columns,
        Set<String> ignoredColumns) {

    public static final int DEFAULT_SAMPLE_ROWS = 100;
    public static final double DEFAULT_MIN_MATCH_RATIO = 0.8;
    public static final String DEFAULT_REDACTED_TEXT = "[REDACTED]";

    public PiiPolicy {
        operators = Collections.unmodifiableMap(new EnumMap<>(copyOrEmpty(requireNonNull(operators, "operators is null"))));
        requireNonNull(defaultOperator, "defaultOperator is null");
        replacements = Collections.unmodifiableMap(new EnumMap<>(copyOrEmpty(requireNonNull(replacements, "replacements is null"))));
        requireNonNull(redactedText, "redactedText is null");
        hashKey = requireNonNull(hashKey, "hashKey is null").clone();
        if (hashKey.length < 16) {
            throw new IllegalArgumentException("hashKey must have at least 16 bytes");
        }
        if (sampleRows < 1) {
            throw new IllegalArgumentException("sampleRows must be positive");
        }
        if (!(minMatchRatio > 0 && minMatchRatio <= 1)) {
            throw new IllegalArgumentException("minMatchRatio must be in (0, 1]");
        }
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(columns, "columns is null").entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> b))));
        ignoredColumns = requireNonNull(ignoredColumns, "ignoredColumns is null").stream()
                .map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static <V> Map<PiiEntity, V> copyOrEmpty(Map<PiiEntity, V> map) {
        return map.isEmpty() ? new EnumMap<>(PiiEntity.class) : map;
    }

    @Override
    public byte[] hashKey() {
        return hashKey.clone();
    }

    public MaskingOperator operatorFor(PiiEntity entity) {
        return operators.getOrDefault(entity, defaultOperator);
    }

    public String replacementFor(PiiEntity entity) {
        return replacements.getOrDefault(entity, entity.defaultReplacement());
    }

    public Optional<PiiEntity> configuredColumn(String name) {
        return Optional.ofNullable(columns.get(name.toLowerCase(Locale.ROOT)));
    }

    public boolean ignored(String name) {
        return ignoredColumns.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        // The key stays out of logs and error messages.
        return "PiiPolicy[operators=" + operators + ", defaultOperator=" + defaultOperator + ", sampleRows=" + sampleRows
                + ", minMatchRatio=" + minMatchRatio + ", columns=" + columns + ", ignoredColumns=" + ignoredColumns + "]";
    }
}
