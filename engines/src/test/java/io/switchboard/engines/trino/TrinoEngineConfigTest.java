package io.switchboard.engines.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.engines.testing.EngineTesting;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every key of a Trino cluster maps, every default is the documented one, and mistakes name their line. */
final class TrinoEngineConfigTest {
    private static TrinoEngineConfig parse(String keys, Map<String, String> environment) {
        return TrinoEngineConfig.parse(EngineTesting.cluster("trino", keys, environment));
    }

    @Test
    void recordsTheDefaults() {
        TrinoEngineConfig config = parse("endpoint: http://trino.example:8080\n", Map.of());
        assertThat(config.endpoint().baseUri()).isEqualTo(URI.create("http://trino.example:8080"));
        assertThat(config.user()).isEqualTo("switchboard");
        assertThat(config.password()).isEmpty();
        assertThat(config.catalog()).isEmpty();
        assertThat(config.schema()).isEmpty();
        assertThat(config.sessionProperties()).isEmpty();
        assertThat(config.clientTags()).isEmpty();
        assertThat(config.impersonation()).isFalse();
        assertThat(config.source()).isEqualTo("switchboard");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.tls()).isEmpty();
    }

    @Test
    void mapsEveryKey() {
        TrinoEngineConfig config = parse("""
                endpoint: http://127.0.0.1
                user: svc
                password: ${TRINO_PASSWORD}
                catalog: tpch
                schema: tiny
                sessionProperties:
                  query_max_run_time: 1h
                  hive.insert_existing_partitions_behavior: OVERWRITE
                clientTags: [etl, nightly]
                impersonation: true
                source: bi
                connectTimeout: 3s
                requestTimeout: 1m
                healthTimeout: 2s
                """, Map.of("TRINO_PASSWORD", "s3cret"));
        assertThat(config.endpoint().baseUri()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(config.user()).isEqualTo("svc");
        assertThat(config.password()).isEqualTo(Optional.of("s3cret"));
        assertThat(config.catalog()).contains("tpch");
        assertThat(config.schema()).contains("tiny");
        assertThat(config.sessionProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("query_max_run_time", "1h",
                "hive.insert_existing_partitions_behavior", "OVERWRITE"));
        assertThat(config.clientTags()).isEqualTo(List.of("etl", "nightly"));
        assertThat(config.impersonation()).isTrue();
        assertThat(config.source()).isEqualTo("bi");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.toString()).doesNotContain("s3cret").contains("****");
    }

    @Test
    void rejectsMistakesWithTheirLine() {
        assertThatThrownBy(() -> parse("endpoint: http://h:1\ncatalg: tpch\n", Map.of()))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains("unknown key 'catalg'").contains("line 5").contains("did you mean 'catalog'");
                });
        assertThatThrownBy(() -> parse("endpoint: postgresql://h:1/db\n", Map.of())).hasMessageContaining("http://");
        assertThatThrownBy(() -> parse("endpoint: http://bob:pw@h:1\n", Map.of()))
                .hasMessageContaining("must not hold a user name or password").hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> parse("endpoint: http://h:1\nschema: tiny\n", Map.of())).hasMessageContaining("needs 'catalog'");
        assertThatThrownBy(() -> parse("endpoint: http://h:1\nclientTags: ['a,b']\n", Map.of())).hasMessageContaining("comma");
        assertThatThrownBy(() -> parse("endpoint: http://h:1\ntls:\n  trustStorePath: /x\n", Map.of()))
                .hasMessageContaining("https:// endpoints only");
        assertThatThrownBy(() -> parse("user: x\n", Map.of())).hasMessageContaining("missing required key 'endpoint'");
    }
}
