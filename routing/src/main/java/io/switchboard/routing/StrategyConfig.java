package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.engine.EngineType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A group's {@code strategy:} block in QueryFlux's vocabulary: {@code type} is one of
 * {@code roundRobin} (the default), {@code leastLoaded}, {@code failover}, {@code weighted}
 * (with {@code weights: {cluster: n}}) or {@code engineAffinity} (with {@code preference: [engine,
 * ...]}). A value: each group gets its own {@link SelectionStrategy} from {@link #create()}.
 *
 * @param weights the weight of every member for {@code weighted} (members left out weigh 1, as in
 *     QueryFlux), else empty
 * @param preference engine types in order of preference for {@code engineAffinity}, else empty
 */
public record StrategyConfig(Type type, Map<String, Integer> weights, List<EngineType> preference) {

    public enum Type {
        ROUND_ROBIN("roundRobin"),
        LEAST_LOADED("leastLoaded"),
        FAILOVER("failover"),
        WEIGHTED("weighted"),
        ENGINE_AFFINITY("engineAffinity");

        private final String configName;

        Type(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    public StrategyConfig {
        requireNonNull(type, "type is null");
        weights = Map.copyOf(requireNonNull(weights, "weights is null"));
        preference = List.copyOf(requireNonNull(preference, "preference is null"));
    }

    public static StrategyConfig parse(ConfigNode node, List<String> members) {
        Map<String, Type> byName = new LinkedHashMap<>();
        for (Type type : Type.values()) {
            byName.put(type.configName(), type);
        }
        Type type = node.enumValue("type", byName, Type.ROUND_ROBIN);
        Map<String, Integer> weights = Map.of();
        List<EngineType> preference = List.of();
        switch (type) {
            case WEIGHTED -> weights = parseWeights(node, members);
            case ENGINE_AFFINITY -> preference = parsePreference(node);
            default -> { }
        }
        node.rejectUnknownKeys();
        return new StrategyConfig(type, weights, preference);
    }

    private static Map<String, Integer> parseWeights(ConfigNode node, List<String> members) {
        if (!node.has("weights")) {
            throw node.error("strategy 'weighted' needs 'weights', a weight for each member cluster");
        }
        ConfigNode block = node.child("weights");
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (String member : members) {
            weights.put(member, 1);
        }
        for (String cluster : block.keys()) {
            if (!members.contains(cluster)) {
                throw block.valueError(cluster, "'" + cluster + "' is not a member of this group; members are " + members);
            }
            weights.put(cluster, block.integer(cluster, 1, 0, 1_000_000));
        }
        block.rejectUnknownKeys();
        if (weights.values().stream().mapToInt(Integer::intValue).sum() == 0) {
            throw node.valueError("weights", "at least one member needs a weight above 0");
        }
        return weights;
    }

    private static List<EngineType> parsePreference(ConfigNode node) {
        List<String> names = node.stringList("preference");
        if (names.isEmpty()) {
            throw node.error("strategy 'engineAffinity' needs 'preference', a list of engine types in order of preference");
        }
        List<EngineType> preference = new ArrayList<>();
        for (String name : names) {
            EngineType engine = EngineType.fromConfigName(name.strip()).orElseThrow(() -> node.valueError("preference",
                    "unknown engine '" + name + "'; known engines are "
                            + Arrays.stream(EngineType.values()).map(EngineType::configName).collect(Collectors.joining(", "))));
            if (preference.contains(engine)) {
                throw node.valueError("preference", "engine '" + name + "' is listed twice");
            }
            preference.add(engine);
        }
        return preference;
    }

    /** A fresh strategy with its own state (round-robin position, weighted counters). */
    SelectionStrategy create() {
        return switch (type) {
            case ROUND_ROBIN -> new RoundRobinStrategy();
            case LEAST_LOADED -> new LeastLoadedStrategy();
            case FAILOVER -> new FailoverStrategy();
            case WEIGHTED -> new WeightedStrategy(weights);
            case ENGINE_AFFINITY -> new EngineAffinityStrategy(preference);
        };
    }
}
