package io.switchboard.engines.duckdb;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.engine.EngineEnvironment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The DuckDB-specific keys of one cluster ({@code engine: duckDb}), validated.
 *
 * @param databasePath the database file, absolute; empty for an in-memory database
 * @param threads DuckDB's {@code threads} setting, or empty for DuckDB's default (one per core)
 * @param memoryLimit DuckDB's {@code memory_limit} setting ({@code 4GB}, {@code 50%}), or empty for DuckDB's default
 * @param executorThreads the platform threads that make every JDBC call of this cluster
 * @param batchSize rows per {@link io.switchboard.core.result.RowBatch}
 * @param readOnly open the database file read-only
 * @param demoData the demo datasets to create on first start (none, TPC-H, personal data)
 * @param demoScale TPC-H scale factor of the demo data
 */
public record DuckDbEngineConfig(
        Optional<Path> databasePath,
        Optional<Integer> threads,
        Optional<String> memoryLimit,
        int executorThreads,
        int batchSize,
        boolean readOnly,
        Set<DemoData> demoData,
        double demoScale) {

    public static final int DEFAULT_BATCH_SIZE = 1024;
    public static final double DEFAULT_DEMO_SCALE = 0.01;

    /** Demo data a DuckDB cluster can create for itself. */
    public enum DemoData {
        /** The eight TPC-H tables, generated in-process by {@code io.trino.tpch}. */
        TPCH("tpch"),
        /** {@code customers_pii}: a small table of made-up personal data, so that PII masking has something to show. */
        PII("pii");

        private final String configName;

        DemoData(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    public DuckDbEngineConfig {
        requireNonNull(databasePath, "databasePath is null");
        requireNonNull(threads, "threads is null");
        requireNonNull(memoryLimit, "memoryLimit is null");
        demoData = Collections.unmodifiableSet(requireNonNull(demoData, "demoData is null").isEmpty()
                ? EnumSet.noneOf(DemoData.class) : EnumSet.copyOf(demoData));
        databasePath.ifPresent(path -> {
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("databasePath must be absolute: " + path);
            }
        });
        threads.ifPresent(count -> {
            if (count < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
        });
        if (executorThreads < 1) {
            throw new IllegalArgumentException("executorThreads must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        if (!(demoScale > 0)) {
            throw new IllegalArgumentException("demoScale must be positive");
        }
        if (readOnly && databasePath.isEmpty()) {
            throw new IllegalArgumentException("an in-memory database cannot be read-only");
        }
    }

    /** The defaults: an in-memory database, no demo data. */
    public static DuckDbEngineConfig inMemory() {
        return new DuckDbEngineConfig(Optional.empty(), Optional.empty(), Optional.empty(), defaultExecutorThreads(),
                DEFAULT_BATCH_SIZE, false, Set.of(), DEFAULT_DEMO_SCALE);
    }

    public static int defaultExecutorThreads() {
        return Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    public DuckDbEngineConfig withDatabasePath(Path path) {
        return new DuckDbEngineConfig(Optional.of(path.toAbsolutePath().normalize()), threads, memoryLimit,
                executorThreads, batchSize, readOnly, demoData, demoScale);
    }

    public DuckDbEngineConfig withExecutorThreads(int count) {
        return new DuckDbEngineConfig(databasePath, threads, memoryLimit, count, batchSize, readOnly, demoData, demoScale);
    }

    public DuckDbEngineConfig withBatchSize(int rows) {
        return new DuckDbEngineConfig(databasePath, threads, memoryLimit, executorThreads, rows, readOnly, demoData, demoScale);
    }

    public DuckDbEngineConfig withReadOnly(boolean value) {
        return new DuckDbEngineConfig(databasePath, threads, memoryLimit, executorThreads, batchSize, value, demoData, demoScale);
    }

    public DuckDbEngineConfig withTpchDemoData(double scale) {
        Set<DemoData> datasets = EnumSet.of(DemoData.TPCH);
        datasets.addAll(demoData);
        return new DuckDbEngineConfig(databasePath, threads, memoryLimit, executorThreads, batchSize, readOnly, datasets, scale);
    }

    /**
     * Reads the engine-specific keys of a cluster and rejects any key nobody read, so that a typo
     * is reported with its line. Relative database paths resolve against the data directory.
     */
    public static DuckDbEngineConfig parse(ConfigNode options, EngineEnvironment environment) {
        Optional<Path> databasePath = options.optionalString("databasePath")
                .map(String::strip)
                .filter(path -> !path.isEmpty() && !path.equals(":memory:"))
                .map(path -> environment.dataDirectory().resolve(path).toAbsolutePath().normalize());
        Optional<Integer> threads = options.optionalInteger("threads", 1, 1024);
        Optional<String> memoryLimit = options.optionalString("memoryLimit").map(String::strip);
        if (memoryLimit.isPresent() && memoryLimit.get().isEmpty()) {
            throw options.valueError("memoryLimit", "must not be empty (write a size such as 4GB, or leave the key out)");
        }
        int executorThreads = options.integer("executorThreads", defaultExecutorThreads(), 1, 1024);
        int batchSize = options.integer("batchSize", DEFAULT_BATCH_SIZE, 1, 1_000_000);
        boolean readOnly = options.bool("readOnly", false);
        Set<DemoData> demoData = EnumSet.noneOf(DemoData.class);
        for (String name : options.stringList("demoData")) {
            DemoData dataset = Arrays.stream(DemoData.values()).filter(d -> d.configName().equals(name.strip())).findFirst()
                    .orElseThrow(() -> options.valueError("demoData", "must be tpch, pii or a list of them, but is '" + name + "'"));
            demoData.add(dataset);
        }
        double demoScale = options.doubleValue("demoScale", DEFAULT_DEMO_SCALE);
        if (!(demoScale > 0) || demoScale > 1000) {
            throw options.valueError("demoScale", "must be greater than 0 and at most 1000 but is " + demoScale);
        }
        if (readOnly && databasePath.isEmpty()) {
            throw options.valueError("readOnly", "an in-memory database cannot be read-only; set databasePath too");
        }
        options.rejectUnknownKeys();
        return new DuckDbEngineConfig(databasePath, threads, memoryLimit, executorThreads, batchSize, readOnly, demoData,
                demoScale);
    }
}
