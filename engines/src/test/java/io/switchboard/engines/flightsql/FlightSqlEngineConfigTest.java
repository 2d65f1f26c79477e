package io.switchboard.engines.flightsql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engines.testing.EngineTesting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every key of a Flight SQL cluster maps, every default is the documented one, and mistakes name their line. */
final class FlightSqlEngineConfigTest {
    private static FlightSqlEngineConfig parse(String keys, Map<String, String> environment) {
        return FlightSqlEngineConfig.parse(EngineTesting.cluster("flightSql", keys, environment));
    }

    @Test
    void recordsTheDefaults() {
        FlightSqlEngineConfig config = parse("endpoint: grpc://dremio.example:32010\n", Map.of());
        assertThat(config.host()).isEqualTo("dremio.example");
        assertThat(config.port()).isEqualTo(32010);
        assertThat(config.tls()).isFalse();
        assertThat(config.trustedCertificates()).isEmpty();
        assertThat(config.verifyServer()).isTrue();
        assertThat(config.user()).isEmpty();
        assertThat(config.password()).isEmpty();
        assertThat(config.token()).isEmpty();
        assertThat(config.headers()).isEmpty();
        assertThat(config.preparedStatements()).isTrue();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxMemory()).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void mapsEveryKey() {
        FlightSqlEngineConfig config = parse("""
                endpoint: grpc+tls://dremio.example:32010
                user: ada
                password: ${FLIGHT_PASSWORD}
                headers:
                  routing_tag: etl
                preparedStatements: false
                tls:
                  verifyServer: false
                connectTimeout: 3s
                healthTimeout: 4s
                maxMemory: 67108864
                """, Map.of("FLIGHT_PASSWORD", "s3cret"));
        assertThat(config.tls()).isTrue();
        assertThat(config.user()).contains("ada");
        assertThat(config.password()).contains("s3cret");
        assertThat(config.headers()).isEqualTo(Map.of("routing_tag", "etl"));
        assertThat(config.preparedStatements()).isFalse();
        assertThat(config.verifyServer()).isFalse();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.healthTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.maxMemory()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThat(parse("endpoint: grpc://h:1\ntoken: ${T}\n", Map.of("T", "abc")).token()).contains("abc");
    }

    @Test
    void rejectsMistakes() {
        assertThatThrownBy(() -> parse("endpoint: http://h:1\n", Map.of())).hasMessageContaining("grpc://");
        assertThatThrownBy(() -> parse("endpoint: grpc://h\n", Map.of())).hasMessageContaining("a host and a port");
        assertThatThrownBy(() -> parse("endpoint: grpc://h:1\npassword: x\n", Map.of())).hasMessageContaining("needs 'user'");
        assertThatThrownBy(() -> parse("endpoint: grpc://h:1\nuser: a\ntoken: t\n", Map.of())).hasMessageContaining("not both");
        assertThatThrownBy(() -> parse("endpoint: grpc://h:1\ntls:\n  verifyServer: false\n", Map.of()))
                .hasMessageContaining("grpc+tls://");
        assertThatThrownBy(() -> parse("endpoint: grpc://h:1\nprepared: true\n", Map.of())).hasMessageContaining("unknown key 'prepared'");
    }
}
