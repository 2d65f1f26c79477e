package io.switchboard.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.PersistenceConfig;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code persistence:} keys: every key maps, every default is what the docs say. */
final class FeedbackStoresTest {
    @TempDir
    Path dataDirectory;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void duckDbIsTheDefaultWithItsDefaults() {
        PersistenceConfig config = persistence("");
        assertThat(config.type()).isEqualTo(PersistenceConfig.Type.DUCKDB);
        DuckDbFeedbackStoreConfig duckDb = DuckDbFeedbackStoreConfig.parse(config.options(), dataDirectory);
        assertThat(duckDb).isEqualTo(new DuckDbFeedbackStoreConfig(dataDirectory.resolve("feedback.duckdb"), 10_000, 2000));

        try (FeedbackStore store = FeedbackStores.create(persistence(""), dataDirectory, registry)) {
            assertThat(store).isInstanceOf(DuckDbFeedbackStore.class);
            assertThat(dataDirectory.resolve("feedback.duckdb")).exists();
        }
    }

    @Test
    void everyDuckDbKeyMaps() {
        PersistenceConfig config = persistence("""
                    type: duckDb
                    path: history/queries.duckdb
                    queueCapacity: 42
                    batchSize: 7
                """);
        assertThat(DuckDbFeedbackStoreConfig.parse(config.options(), dataDirectory))
                .isEqualTo(new DuckDbFeedbackStoreConfig(dataDirectory.resolve("history/queries.duckdb"), 42, 7));
    }

    @Test
    void anAbsolutePathIsKept() {
        Path absolute = dataDirectory.resolve("elsewhere/feedback.duckdb").toAbsolutePath();
        PersistenceConfig config = persistence("    path: " + absolute + "\n");
        assertThat(DuckDbFeedbackStoreConfig.parse(config.options(), Path.of("data")).file()).isEqualTo(absolute);
    }

    @Test
    void inMemoryReadsMaxRecords() {
        try (FeedbackStore store = FeedbackStores.create(persistence("    type: inMemory\n"), dataDirectory, registry)) {
            assertThat(((InMemoryFeedbackStore) store).maxRecords()).isEqualTo(10_000);
        }
        try (FeedbackStore store = FeedbackStores.create(
                persistence("    type: inMemory\n    maxRecords: 3\n"), dataDirectory, registry)) {
            assertThat(((InMemoryFeedbackStore) store).maxRecords()).isEqualTo(3);
        }
    }

    @Test
    void rejectsKeysOfAnotherTypeOrMisspelled() {
        assertThatThrownBy(() -> FeedbackStores.create(persistence("    type: inMemory\n    batchSize: 5\n"), dataDirectory, registry))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("switchboard.persistence.batchSize")
                .hasMessageContaining("unknown key 'batchSize'");
        assertThatThrownBy(() -> FeedbackStores.create(persistence("    queueCapasity: 5\n"), dataDirectory, registry))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("did you mean 'queueCapacity'");
        assertThatThrownBy(() -> FeedbackStores.create(persistence("    batchSize: 0\n"), dataDirectory, registry))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("batchSize")
                .hasMessageContaining("between 1 and");
    }

    @Test
    void postgresIsNotAvailableYet() {
        assertThatThrownBy(() -> FeedbackStores.create(persistence("    type: postgres\n"), dataDirectory, registry))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("switchboard.persistence.type (line 3)")
                .hasMessageContaining("'postgres' feedback store is not available yet");
    }

    private static PersistenceConfig persistence(String body) {
        String yaml = "switchboard:\n  persistence:\n" + (body.isEmpty() ? "    type: duckDb\n" : body);
        return ConfigLoader.load(yaml, List.of(), Map.<String, String>of()::get).persistence();
    }
}
