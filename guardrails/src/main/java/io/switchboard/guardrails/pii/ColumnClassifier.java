package io.switchboard.guardrails.pii;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which entity, if any, a result column holds, from its name and a sample of its values.
 * A name hint lowers the bar (relaxed validators, half the sample); without one, a clear majority
 * of the sample must validate strictly. Explicit column settings in the policy win over both.
 */
final class ColumnClassifier {
    /** Share of sampled values that must fit when the name hints at the entity. */
    static final double HINTED_MATCH_RATIO = 0.5;

    private final double minMatchRatio;

    ColumnClassifier(double minMatchRatio) {
        if (!(minMatchRatio > 0 && minMatchRatio <= 1)) {
            throw new IllegalArgumentException("minMatchRatio must be in (0, 1]");
        }
        this.minMatchRatio = minMatchRatio;
    }

    Optional<PiiEntity> classify(String columnName, List<String> samples) {
        Map<PiiEntity, Integer> hinted = new EnumMap<>(PiiEntity.class);
        for (PiiEntity entity : PiiEntity.values()) {
            if (entity.hintedBy(columnName)) {
                int matches = 0;
                for (String sample : samples) {
                    if (entity.matchesWithHint(sample)) {
                        matches++;
                    }
                }
                hinted.put(entity, matches);
            }
        }
        if (!hinted.isEmpty()) {
            if (samples.isEmpty()) {
                // Only NULLs so far: trust the name, so that later values do not slip through.
                return Optional.of(hinted.keySet().iterator().next());
            }
            int total = hinted.values().stream().mapToInt(Integer::intValue).sum();
            if (total >= HINTED_MATCH_RATIO * samples.size()) {
                return hinted.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
            }
        }
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        Map<PiiEntity, Integer> counts = new EnumMap<>(PiiEntity.class);
        double needed = minMatchRatio * samples.size();
        int unmatched = 0;
        for (String sample : samples) {
            Optional<PiiEntity> entity = PiiEntity.ofValue(sample);
            if (entity.isPresent()) {
                counts.merge(entity.get(), 1, Integer::sum);
            } else if (samples.size() - ++unmatched < needed) {
                // Too many values fit no entity for any entity to reach the ratio: stop validating.
                return Optional.empty();
            }
        }
        return counts.entrySet().stream()
                .filter(entry -> entry.getValue() >= needed)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey);
    }
}
