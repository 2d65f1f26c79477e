package io.switchboard.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** A capacity manager built from YAML the way the server builds it, over {@link StubEngine}s. */
final class CapacityFixture {
    final SwitchboardConfig config;
    final Map<String, StubEngine> engines = new LinkedHashMap<>();
    final MeterRegistry registry = new SimpleMeterRegistry();
    final ClusterGroupManager manager;

    CapacityFixture(String yaml) {
        this(yaml, System::nanoTime);
    }

    CapacityFixture(String yaml, LongSupplier nanoClock) {
        config = ConfigLoader.load(yaml, List.of(), name -> null);
        CapacityConfig capacity = CapacityConfig.parse(config.clusters(), config.clusterGroups());
        config.clusters().forEach((name, cluster) -> {
            cluster.options().rejectUnknownKeys();
            engines.put(name, new StubEngine(name, cluster.engine()));
        });
        manager = new ClusterGroupManager(capacity, Map.<String, Engine>copyOf(engines), registry, nanoClock);
    }

    StubEngine engine(String name) {
        return engines.get(name);
    }
}
