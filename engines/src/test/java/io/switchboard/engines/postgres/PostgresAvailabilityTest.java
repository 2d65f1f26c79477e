package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.postgres.PostgresServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A PostgreSQL that goes down gives a clear error within the connect timeout and an unhealthy probe; back up, healthy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresAvailabilityTest {
    private PostgresServer server;

    @BeforeAll
    void start() {
        server = PostgresServer.startNew();
    }

    @AfterAll
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void engineDownThenBackUp() {
        try (Engine engine = PostgresTesting.engine(server, "postgres", "connectTimeout: 2s\nhealthCheckTimeout: 5s\n")) {
            assertThat(EngineTesting.single(engine, "SELECT 1")).isEqualTo(1);
            assertThat(engine.checkHealth().healthy()).isTrue();

            server.stop();
            assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("PostgreSQL cluster 'c' at 127.0.0.1:" + server.port())
                                .doesNotContain(server.password());
                        // 57P01 when the pool's connection learns of the shutdown, 08xxx when no connection can be made.
                        assertThat(e.sqlState()).hasValueSatisfying(state -> assertThat(state).matches("08...|57P01"));
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
    void aClusterCreatedWhileTheEngineIsDownStartsAndConnectsLater() {
        server.stop();
        try (Engine engine = PostgresTesting.engine(server, "postgres", "connectTimeout: 1s\n")) {
            assertThat(engine.checkHealth().healthy()).isFalse();
            server.start();
            EngineTesting.awaitTrue("the cluster to be healthy", Duration.ofSeconds(30), () -> engine.checkHealth().healthy());
        } finally {
            server.start();
        }
    }

    @Test
    void wrongCredentialsAreAnUnavailableEngineWithoutThePasswordInTheMessage() {
        String wrong = "not-the-password-" + System.nanoTime();
        try (Engine engine = EngineTesting.engine(new PostgresEngineFactory(), EngineTesting.cluster("postgres",
                "endpoint: " + server.endpoint("postgres") + "\nuser: postgres\npassword: ${PW}\nconnectTimeout: 2s\n",
                Map.of("PW", wrong)))) {
            assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("rejected the configured credentials")
                                .contains("password authentication failed").doesNotContain(wrong);
                    });
            assertThat(engine.checkHealth().detail()).doesNotContain(wrong);
            assertThat(engine.toString()).doesNotContain(wrong);
        }
    }
}
