package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large results stream through a bounded heap: rows go out batch by batch, and a client that
 * stops reading parks the query's thread instead of filling memory.
 */
final class LargeResultStreamingTest {
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
    void tenMillionRowsStreamToPgjdbc() throws SQLException {
        try (Connection connection = server.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(20_000);
                long count = 0;
                long sum = 0;
                try (ResultSet rs = statement.executeQuery("SELECT range FROM range(10000000) /* ten-million */")) {
                    while (rs.next()) {
                        sum += rs.getLong(1);
                        count++;
                    }
                }
                assertThat(count).isEqualTo(10_000_000L);
                assertThat(sum).isEqualTo(10_000_000L * 9_999_999L / 2);
            }
            connection.commit();
        }
        assertThat(records("ten-million")).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
            assertThat(r.rows()).isEqualTo(10_000_000L);
        });
    }

    @Test
    void aClientThatStopsReadingParksTheQueryUntilItLeaves() throws Exception {
        try (RawClient client = new RawClient(server.port()).startTrusted("slow reader")) {
            client.query("SELECT range, 'some padding to make rows wider' AS padding FROM range(100000000) /* slow-reader */");
            assertThat(client.read().type()).isEqualTo('T'); // the row description, then nothing more is read
            awaitTrue(() -> server.frontend().connectionsWaitingForClients() == 1, "the connection to park");
            // Parked, not buffering: the query is open and far from done.
            assertThat(records("slow-reader")).isEmpty();
            assertThat(server.registry().get("switchboard.queries.running").gauge().value()).isEqualTo(1.0);
        }
        // The client left: its query is canceled and recorded as such.
        awaitTrue(() -> records("slow-reader").size() == 1, "the abandoned query to be recorded");
        QueryRecord record = records("slow-reader").get(0);
        assertThat(record.outcome()).isEqualTo(QueryOutcome.CANCELED);
        assertThat(record.rows()).isLessThan(100_000_000L);
        assertThat(server.frontend().connectionsWaitingForClients()).isZero();
    }

    private static List<QueryRecord> records(String marker) {
        return server.feedback().records().stream().filter(r -> r.sql().contains(marker)).toList();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
