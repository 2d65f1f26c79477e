package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.feedback.QueryOutcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancelling running queries: pgjdbc's CancelRequest, statement_timeout, and a client that goes away. */
final class PgjdbcCancelTest {
    /** Runs for minutes on DuckDB unless stopped. */
    static final String LONG_QUERY = "SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range + b.range < 0";
    private static WireTestServer server;

    @BeforeAll
    static void start() {
        server = WireTestServer.trust();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void statementCancelStopsALongQuery() throws Exception {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            CompletableFuture<Throwable> outcome = runAsync(statement, LONG_QUERY + " /* cancel-me */");
            awaitGauge(server, "switchboard.cluster.running", 1); // on the engine, not just received
            statement.cancel();
            Throwable error = outcome.get(60, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SQLException.class);
            assertThat(((SQLException) error).getSQLState()).isEqualTo("57014");
            assertThat(error.getMessage()).contains("canceling statement due to user request");
            // The connection stays usable, and the next query is not canceled by the old request.
            try (ResultSet rs = statement.executeQuery("SELECT 'after cancel'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("after cancel");
            }
        }
        awaitRunningQueries(0);
        assertThat(server.feedback().records()).filteredOn(r -> r.sql().contains("cancel-me"))
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(QueryOutcome.CANCELED));
    }

    @Test
    void cancelWithAWrongSecretDoesNothing() throws Exception {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            org.postgresql.core.BaseConnection base = connection.unwrap(org.postgresql.core.BaseConnection.class);
            int processId = base.getQueryExecutor().getBackendPID();
            // A raw CancelRequest for this process with a guessed secret.
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                java.io.DataOutputStream out = new java.io.DataOutputStream(socket.getOutputStream());
                out.writeInt(16);
                out.writeInt(80877102);
                out.writeInt(processId);
                out.writeInt(12345);
                out.flush();
                assertThat(socket.getInputStream().read()).isEqualTo(-1); // the server just closes
            }
            try (ResultSet rs = statement.executeQuery("SELECT 'untouched'")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void statementTimeoutCancelsOnTheServer() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = '300ms'");
            assertThatThrownBy(() -> statement.executeQuery(LONG_QUERY))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("57014");
                        assertThat(e.getMessage()).contains("statement timeout");
                    });
            statement.execute("SET statement_timeout = 0");
            try (ResultSet rs = statement.executeQuery("SELECT 42")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void queryTimeoutOfTheDriverWorks() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1); // pgjdbc sends a CancelRequest when it passes
            assertThatThrownBy(() -> statement.executeQuery(LONG_QUERY))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
        }
    }

    @Test
    void aClientThatDisconnectsHasItsQueryCanceled() throws Exception {
        Connection connection = server.connect("socketTimeout=2");
        Statement statement = connection.createStatement();
        // pgjdbc closes its socket when the socket timeout passes in the middle of the query.
        assertThatThrownBy(() -> statement.executeQuery(LONG_QUERY + " /* abandoned */")).isInstanceOf(SQLException.class);
        connection.close();
        awaitRunningQueries(0);
        awaitRecord("abandoned");
        assertThat(server.feedback().records()).filteredOn(r -> r.sql().contains("abandoned"))
                .singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(QueryOutcome.CANCELED));
    }

    @Test
    void cancelReachesAQueryWaitingForASlot() throws Exception {
        try (WireTestServer single = WireTestServer.withCapacity(1);
                Connection busy = single.connect();
                Statement busyStatement = busy.createStatement();
                Connection waiting = single.connect();
                Statement waitingStatement = waiting.createStatement()) {
            CompletableFuture<Throwable> first = runAsync(busyStatement, LONG_QUERY);
            awaitGauge(single, "switchboard.cluster.running", 1); // the long query holds the only slot
            CompletableFuture<Throwable> second = runAsync(waitingStatement, "SELECT 'queued behind the long one'");
            awaitGauge(single, "switchboard.group.queued", 1);
            waitingStatement.cancel();
            Throwable error = second.get(60, TimeUnit.SECONDS);
            assertThat(error).isInstanceOf(SQLException.class);
            assertThat(((SQLException) error).getSQLState()).isEqualTo("57014");
            busyStatement.cancel();
            assertThat(first.get(60, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            try (ResultSet rs = waitingStatement.executeQuery("SELECT 'slot free again'")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    /** Runs the query on a thread of its own (the common pool may have a single thread on a small machine). */
    static CompletableFuture<Throwable> runAsync(Statement statement, String sql) {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (ResultSet rs = statement.executeQuery(sql)) {
                outcome.complete(null);
            } catch (SQLException e) {
                outcome.complete(e);
            }
        });
        return outcome;
    }

    static void awaitGauge(WireTestServer target, String name, double value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (target.registry().find(name).gauges().stream().mapToDouble(g -> g.value()).sum() != value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not reach " + value);
            }
            Thread.sleep(20);
        }
    }

    /** The pipeline counts a query finished just before it hands over its record: wait for the record too. */
    static void awaitRecord(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.feedback().records().stream().noneMatch(r -> r.sql().contains(marker))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no query record containing " + marker);
            }
            Thread.sleep(20);
        }
    }

    static void awaitRunningQueries(int expected) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.registry().get("switchboard.queries.running").gauge().value() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("running queries did not reach " + expected);
            }
            Thread.sleep(20);
        }
    }
}
