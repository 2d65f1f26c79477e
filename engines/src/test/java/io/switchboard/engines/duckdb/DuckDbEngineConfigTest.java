package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key of {@code engine: duckDb} maps, every default is recorded, and bad values are refused by name. */
final class DuckDbEngineConfigTest {
    @TempDir
    Path data;

    @Test
    void recordsTheDefaults() {
        DuckDbEngineConfig config = parse("");
        assertThat(config).isEqualTo(DuckDbEngineConfig.inMemory());
        assertThat(config.databasePath()).isEmpty();
        assertThat(config.threads()).isEmpty();
        assertThat(config.memoryLimit()).isEmpty();
        assertThat(config.executorThreads()).isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
        assertThat(config.batchSize()).isEqualTo(1024);
        assertThat(config.readOnly()).isFalse();
        assertThat(config.demoData()).isEmpty();
        assertThat(config.demoScale()).isEqualTo(0.01);
    }

    @Test
    void mapsEveryKey() {
        DuckDbEngineConfig config = parse("""
                databasePath: /var/lib/switchboard/demo.duckdb
                threads: 3
                memoryLimit: 2GB
                executorThreads: 5
                batchSize: 500
                readOnly: true
                demoData: tpch
                demoScale: 0.1
                maxRunningQueries: 4
                enabled: true
                """);
        assertThat(config).isEqualTo(new DuckDbEngineConfig(Optional.of(Path.of("/var/lib/switchboard/demo.duckdb")),
                Optional.of(3), Optional.of("2GB"), 5, 500, true, Set.of(DuckDbEngineConfig.DemoData.TPCH), 0.1));
        assertThat(parse("demoData: [tpch, pii]").demoData())
                .containsExactly(DuckDbEngineConfig.DemoData.TPCH, DuckDbEngineConfig.DemoData.PII);
    }

    @Test
    void resolvesRelativeDatabasePathsAgainstTheDataDirectory() {
        assertThat(parse("databasePath: sub/db.duckdb").databasePath())
                .contains(data.resolve("sub/db.duckdb").toAbsolutePath());
        assertThat(parse("databasePath: ':memory:'").databasePath()).isEmpty();
    }

    @Test
    void rejectsUnknownKeysWithTheirNameAndASuggestion() {
        assertThatThrownBy(() -> parse("databasPath: x.duckdb"))
                .isInstanceOfSatisfying(SwitchboardException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("clusters.c.databasPath")
                .hasMessageContaining("unknown key 'databasPath'")
                .hasMessageContaining("did you mean 'databasePath'");
    }

    @Test
    void rejectsBadValuesNamingTheKey() {
        assertThatThrownBy(() -> parse("batchSize: 0")).hasMessageContaining("batchSize").hasMessageContaining("between 1");
        assertThatThrownBy(() -> parse("executorThreads: many")).hasMessageContaining("executorThreads");
        assertThatThrownBy(() -> parse("threads: 0")).hasMessageContaining("threads");
        assertThatThrownBy(() -> parse("demoData: tpcds")).hasMessageContaining("demoData").hasMessageContaining("tpch");
        assertThatThrownBy(() -> parse("demoScale: 0")).hasMessageContaining("demoScale");
        assertThatThrownBy(() -> parse("memoryLimit: ''")).hasMessageContaining("memoryLimit");
        assertThatThrownBy(() -> parse("readOnly: true")).hasMessageContaining("readOnly").hasMessageContaining("in-memory");
    }

    @Test
    void passesThreadsAndMemoryLimitToDuckDb() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "threads: 1\nmemoryLimit: 1GiB\n")) {
            assertThat(DuckDbTesting.single(engine, "SELECT current_setting('threads')")).isEqualTo(1L);
            assertThat(DuckDbTesting.single(engine, "SELECT current_setting('memory_limit')")).isEqualTo("1.0 GiB");
        }
    }

    @Test
    void aMemoryLimitDuckDbRejectsIsAConfigurationError() {
        assertThatThrownBy(() -> DuckDbTesting.engine(data, "memoryLimit: lots\n"))
                .isInstanceOfSatisfying(SwitchboardException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("clusters.c")
                .hasMessageContaining("memory_limit");
    }

    @Test
    void createsTheParentDirectoriesOfTheDatabaseFile() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "databasePath: a/b/c/db.duckdb\n")) {
            DuckDbTesting.updateCount(engine, "CREATE TABLE t (i INTEGER)");
        }
        assertThat(data.resolve("a/b/c/db.duckdb")).isRegularFile();
    }

    @Test
    void theFactoryIsFoundByServiceLoaderAndBuildsOnlyDuckDbClusters() {
        assertThat(ServiceLoader.load(EngineFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(factory -> assertThat(factory).isInstanceOf(DuckDbEngineFactory.class));
        assertThat(new DuckDbEngineFactory().type()).isEqualTo(EngineType.DUCKDB);
        assertThatThrownBy(() -> new DuckDbEngineFactory().create(
                        io.switchboard.core.config.ConfigLoader.load("clusters:\n  pg:\n    engine: postgres\n",
                                java.util.List.of(), name -> null).clusters().get("pg"),
                        DuckDbTesting.environment(data)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a DuckDB one");
    }

    private DuckDbEngineConfig parse(String keys) {
        return DuckDbEngineConfig.parse(DuckDbTesting.cluster(keys).options(), DuckDbTesting.environment(data));
    }
}
