package io.switchboard.engines.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engines.testing.EngineTesting;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every key of a ClickHouse cluster maps, every default is the documented one, and mistakes name their line. */
final class ClickHouseEngineConfigTest {
    private static ClickHouseEngineConfig parse(String keys, Map<String, String> environment) {
        return ClickHouseEngineConfig.parse(EngineTesting.cluster("clickHouse", keys, environment));
    }

    @Test
    void recordsTheDefaults() {
        ClickHouseEngineConfig config = parse("endpoint: http://ch.example\n", Map.of());
        assertThat(config.endpoint().baseUri()).isEqualTo(URI.create("http://ch.example:8123"));
        assertThat(config.user()).isEqualTo("default");
        assertThat(config.password()).isEmpty();
        assertThat(config.database()).isEmpty();
        assertThat(config.settings()).isEmpty();
        assertThat(config.batchSize()).isEqualTo(1024);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.tls()).isEmpty();
    }

    @Test
    void mapsEveryKey() {
        ClickHouseEngineConfig config = parse("""
                endpoint: https://ch.example:8443
                user: analyst
                password: ${CH_PASSWORD}
                database: tpch
                settings:
                  max_threads: 4
                  max_memory_usage: 10000000000
                batchSize: 500
                connectTimeout: 1s
                healthTimeout: 2s
                """, Map.of("CH_PASSWORD", "s3cret"));
        assertThat(config.endpoint().secure()).isTrue();
        assertThat(config.user()).isEqualTo("analyst");
        assertThat(config.password()).contains("s3cret");
        assertThat(config.database()).contains("tpch");
        assertThat(config.settings()).containsExactlyInAnyOrderEntriesOf(Map.of("max_threads", "4",
                "max_memory_usage", "10000000000"));
        assertThat(config.batchSize()).isEqualTo(500);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void rejectsMistakes() {
        assertThatThrownBy(() -> parse("endpoint: http://h\ndatabse: x\n", Map.of())).hasMessageContaining("unknown key 'databse'");
        assertThatThrownBy(() -> parse("endpoint: http://h\nsettings:\n  query_id: x\n", Map.of()))
                .hasMessageContaining("set by Switchboard itself");
        assertThatThrownBy(() -> parse("endpoint: http://h\nsettings:\n  'bad name': x\n", Map.of()))
                .hasMessageContaining("not a ClickHouse setting name");
        assertThatThrownBy(() -> parse("endpoint: http://h/path\n", Map.of())).hasMessageContaining("must not have a path");
        assertThatThrownBy(() -> parse("endpoint: http://h\nbatchSize: 0\n", Map.of())).hasMessageContaining("between 1 and");
    }
}
