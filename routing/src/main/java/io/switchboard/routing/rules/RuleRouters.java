package io.switchboard.routing.rules;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ClusterGroupConfig;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import io.switchboard.core.pipeline.RouterChain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Builds the rule routers of {@code routers:} into a {@link RouterChain}, validating every rule
 * (unknown keys, unknown groups, patterns that do not compile, scripts that do not load) with its
 * key and line. Owns what the routers need at run time: the GraalPy runtime of
 * {@code pythonScript} routers and the watcher of their script files. Close it when the chain is
 * no longer used.
 *
 * <p>The chain counts its decisions in {@code switchboard.routing.decisions{router, group,
 * action}}.
 */
public final class RuleRouters implements AutoCloseable {
    private static final long SCRIPT_FILE_CHECK_SECONDS = 2;

    private final RouterChain chain;
    private final List<Definition> definitions;
    private final List<PythonScriptRouter> scripts;
    private final PythonRuntime python;
    private final ScheduledExecutorService watcher;
    private final DecisionCounter decisions;

    /**
     * One router as configured, for listings.
     *
     * @param configuration its YAML entry as plain values ({@code ${NAME}} references unresolved)
     */
    public record Definition(String name, String type, Object configuration) {
        public Definition {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    private RuleRouters(RouterChain chain, List<Definition> definitions, List<PythonScriptRouter> scripts, PythonRuntime python,
            ScheduledExecutorService watcher, DecisionCounter decisions) {
        this.chain = chain;
        this.definitions = List.copyOf(definitions);
        this.scripts = List.copyOf(scripts);
        this.python = python;
        this.watcher = watcher;
        this.decisions = decisions;
    }

    public static RuleRouters create(SwitchboardConfig config, MeterRegistry registry) {
        return create(config.routers(), config.routingFallbackGroup(), config.clusterGroups(), config.clusters(), registry);
    }

    public static RuleRouters create(List<ConfigNode> routerNodes, Optional<String> fallback, Map<String, ClusterGroupConfig> groups,
            Map<String, ClusterConfig> clusters, MeterRegistry registry) {
        requireNonNull(routerNodes, "routerNodes is null");
        requireNonNull(fallback, "fallback is null");
        requireNonNull(registry, "registry is null");
        KnownGroups known = new KnownGroups(List.copyOf(groups.keySet()));
        List<Router> routers = new ArrayList<>();
        List<Definition> definitions = new ArrayList<>();
        List<PythonScriptRouter> scripts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        PythonRuntime[] python = new PythonRuntime[1];
        Supplier<PythonRuntime> pythonRuntime = () -> {
            if (python[0] == null) {
                python[0] = new PythonRuntime();
            }
            return python[0];
        };
        try {
            for (int i = 0; i < routerNodes.size(); i++) {
                ConfigNode node = routerNodes.get(i);
                String type = node.string("type");
                String name = node.optionalString("name").filter(s -> !s.isBlank()).orElse(type + "#" + i);
                if (!names.add(name)) {
                    throw node.valueError("name", "router name '" + name + "' is used twice; names must be unique in the chain");
                }
                Router router = switch (type) {
                    case "protocolBased" -> ProtocolBasedRouter.parse(name, node, known);
                    case "header" -> HeaderRouter.parse(name, node, known);
                    case "userGroup" -> UserGroupRouter.parse(name, node, known);
                    case "queryRegex" -> QueryRegexRouter.parse(name, node, known);
                    case "tags" -> TagsRouter.parse(name, node, known);
                    case "compound" -> CompoundRouter.parse(name, node, known);
                    case "engineHint" -> EngineHintRouter.parse(name, node, known, groups, clusters);
                    case "pythonScript" -> {
                        PythonScriptRouter script = PythonScriptRouter.parse(name, node, known, pythonRuntime, registry);
                        scripts.add(script);
                        yield script;
                    }
                    default -> throw node.valueError("type", "unknown router type '" + type + "'; known types are protocolBased, "
                            + "header, userGroup, queryRegex, tags, compound, engineHint, pythonScript");
                };
                routers.add(router);
                definitions.add(new Definition(name, type, node.toPlainValue()));
            }
        } catch (RuntimeException e) {
            if (python[0] != null) {
                python[0].close();
            }
            throw e;
        }
        ScheduledExecutorService watcher = null;
        if (!scripts.isEmpty()) {
            watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("routing-script-watcher").factory());
            for (PythonScriptRouter script : scripts) {
                watcher.scheduleWithFixedDelay(script::reloadIfChanged, SCRIPT_FILE_CHECK_SECONDS, SCRIPT_FILE_CHECK_SECONDS, TimeUnit.SECONDS);
            }
        }
        DecisionCounter decisions = new DecisionCounter(registry);
        RouterChain chain = new RouterChain(routers, fallback, decisions);
        return new RuleRouters(chain, definitions, scripts, python[0], watcher, decisions);
    }

    public RouterChain chain() {
        return chain;
    }

    /** The routers in chain order, as configured. */
    public List<Definition> definitions() {
        return definitions;
    }

    /**
     * Decisions this chain made since it was built, per router ({@value RouterChain#FALLBACK} for
     * the fallback) and then per group ({@code deny} for denials). The Prometheus counter
     * {@code switchboard.routing.decisions} keeps counting across chains; this is the chain's own.
     */
    public Map<String, Map<String, Long>> decisionCounts() {
        return decisions.counts();
    }

    /** The {@code pythonScript} routers, for status listings and run-time script changes. */
    public List<PythonScriptRouter> scripts() {
        return scripts;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (python != null) {
            python.close();
        }
    }

    /** Counts decisions per router, action and group; counters are made once per combination. */
    private static final class DecisionCounter implements RouterChain.DecisionListener {
        private final MeterRegistry registry;
        private final Map<String, Counter> counters = new ConcurrentHashMap<>();
        private final Map<String, Map<String, LongAdder>> byRouter = new ConcurrentHashMap<>();

        DecisionCounter(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void decided(String router, RouteAnswer.Action action, String group) {
            String groupTag = group == null ? "none" : group;
            counters.computeIfAbsent(router + '\u0000' + action + '\u0000' + groupTag, key -> Counter.builder("switchboard.routing.decisions")
                    .description("Routing decisions by the router that made them, the action and the group")
                    .tag("router", router)
                    .tag("action", action.name().toLowerCase(Locale.ROOT))
                    .tag("group", groupTag)
                    .register(registry)).increment();
            byRouter.computeIfAbsent(router, key -> new ConcurrentHashMap<>())
                    .computeIfAbsent(group == null ? "deny" : group, key -> new LongAdder())
                    .increment();
        }

        Map<String, Map<String, Long>> counts() {
            Map<String, Map<String, Long>> result = new TreeMap<>();
            byRouter.forEach((router, groups) -> {
                Map<String, Long> perGroup = new TreeMap<>();
                groups.forEach((group, count) -> perGroup.put(group, count.sum()));
                result.put(router, perGroup);
            });
            return result;
        }
    }
}
