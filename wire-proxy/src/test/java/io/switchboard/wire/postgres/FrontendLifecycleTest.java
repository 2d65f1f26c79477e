package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.pipeline.QueryPipeline;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Starting, listening, and closing: close stops accepting, cancels running queries and ends connections. */
final class FrontendLifecycleTest {

    @Test
    void listensOnAFreePortAndNamesItself() {
        try (WireTestServer server = WireTestServer.trust()) {
            PostgresWireFrontend frontend = server.frontend();
            assertThat(frontend.name()).isEqualTo("postgresWire");
            List<InetSocketAddress> addresses = frontend.listenAddresses();
            assertThat(addresses).singleElement().satisfies(address -> {
                assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                assertThat(address.getPort()).isPositive();
            });
            assertThat(server.registry().get("switchboard.postgres.connections.open").gauge().value()).isZero();
        }
    }

    @Test
    void closeCancelsRunningQueriesAndStopsAccepting() throws Exception {
        WireTestServer server = WireTestServer.trust();
        int port = server.port();
        try {
            Connection connection = server.connect();
            Statement statement = connection.createStatement();
            CompletableFuture<Throwable> running =
                    PgjdbcCancelTest.runAsync(statement, PgjdbcCancelTest.LONG_QUERY + " /* running-at-close */");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (server.registry().get("switchboard.queries.running").gauge().value() < 1) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(server.frontend().openConnections()).isEqualTo(1);
            server.frontend().close();
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            assertThat(server.feedback().records()).filteredOn(r -> r.sql().contains("running-at-close"))
                    .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(QueryOutcome.CANCELED));
            assertThat(server.frontend().openConnections()).isZero();
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            connection.close();
        } finally {
            server.close();
        }
    }

    @Test
    void aTakenPortIsReportedClearly() {
        try (WireTestServer server = WireTestServer.trust()) {
            SwitchboardConfig config = ConfigLoader.load("""
                    switchboard:
                      frontends:
                        postgresWire:
                          port: %d
                          bindAddress: 127.0.0.1
                    """.formatted(server.port()), List.of(), name -> null);
            QueryPipeline pipeline = QueryPipeline.builder()
                    .routers(new io.switchboard.core.pipeline.RouterChain(List.of(), java.util.Optional.empty()))
                    .capacity((group, context) -> {
                        throw new IllegalStateException("not used");
                    })
                    .feedback(new RecordingFeedbackStore())
                    .metrics(new io.switchboard.core.pipeline.PipelineMetrics(new SimpleMeterRegistry()))
                    .build();
            try (PostgresWireFrontend second = new PostgresWireFrontend(config.frontends().postgresWire(), AuthConfig.NONE, pipeline,
                    new SimpleMeterRegistry())) {
                assertThatThrownBy(second::start).isInstanceOf(SwitchboardException.class)
                        .hasMessageContaining("cannot listen for PostgreSQL clients on 127.0.0.1:" + server.port());
            }
        }
    }
}
