package io.switchboard.engines.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.mariadb.MariaDbServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A MySQL-wire engine that goes down gives a clear error within the connect timeout and an unhealthy probe; back up, healthy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class MySqlAvailabilityTest {
    private MariaDbServer server;

    @BeforeAll
    void start() {
        server = MariaDbServer.startNew();
    }

    @AfterAll
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void engineDownThenBackUp() {
        try (Engine engine = MariaDbTesting.engine(server, "mysql", new MySqlEngineFactory(), "connectTimeout: 2s\n")) {
            assertThat(EngineTesting.single(engine, "SELECT 1")).isEqualTo(1);
            assertThat(engine.checkHealth().healthy()).isTrue();

            server.stop();
            assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("MySQL cluster 'c' at 127.0.0.1:" + server.port())
                                .doesNotContain(server.password());
                        assertThat(e.sqlState()).hasValueSatisfying(state -> assertThat(state).startsWith("08"));
                    });
            HealthStatus down = engine.checkHealth();
            assertThat(down.healthy()).isFalse();
            assertThat(down.detail()).contains("127.0.0.1:" + server.port());

            server.start();
            EngineTesting.awaitTrue("the cluster to be healthy again", Duration.ofSeconds(30), () -> engine.checkHealth().healthy());
            assertThat(EngineTesting.single(engine, "SELECT 2")).isEqualTo(2);
        }
    }

    @Test
    void wrongCredentialsAreAnUnavailableEngineWithoutThePasswordInTheMessage() {
        String wrong = "not-the-password-" + System.nanoTime();
        try (Engine engine = EngineTesting.engine(new MySqlEngineFactory(), EngineTesting.cluster("mysql",
                "endpoint: " + server.endpoint(MariaDbServer.TPCH_DATABASE) + "\nuser: " + server.user()
                        + "\npassword: ${PW}\nconnectTimeout: 2s\n", Map.of("PW", wrong)))) {
            assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("rejected the configured credentials")
                                .contains("Access denied").doesNotContain(wrong);
                    });
            assertThat(engine.checkHealth().healthy()).isFalse();
        }
    }
}
