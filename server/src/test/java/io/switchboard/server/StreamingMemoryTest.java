package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten million rows stream through the PostgreSQL frontend of a server whose heap is 256 MB:
 * batches flow with backpressure, nothing holds the whole result.
 */
final class StreamingMemoryTest {
    private static final long ROWS = 10_000_000;

    @Test
    void tenMillionRowsStreamWithABoundedHeap(@TempDir Path directory) throws Exception {
        Path config = ServerProcess.writeConfig(directory, """
                switchboard:
                  dataDirectory: %s
                  frontends:
                    postgresWire: {port: 0}
                  adminApi: {enabled: false}
                  persistence: {type: inMemory}
                clusters:
                  memory: {engine: duckDb}
                clusterGroups:
                  main: {members: [memory]}
                routingFallback: main
                """.formatted(directory.resolve("data")));
        try (ServerProcess server = new ServerProcess(config, "256m")) {
            int port = server.awaitPostgresPort(Duration.ofSeconds(60));
            long rows = 0;
            long sum = 0;
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/memory", "anyone", "")) {
                // pgjdbc streams with a fetch size only outside auto-commit; it then uses portal suspension.
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.setFetchSize(10_000);
                    try (ResultSet resultSet = statement.executeQuery(
                            "SELECT i, i * 2 AS doubled, 'row ' || i AS label FROM range(" + ROWS + ") t(i)")) {
                        while (resultSet.next()) {
                            rows++;
                            sum += resultSet.getLong(1);
                        }
                    }
                }
            }
            assertThat(rows).isEqualTo(ROWS);
            assertThat(sum).isEqualTo(ROWS * (ROWS - 1) / 2);
            assertThat(server.isAlive()).as("server survived: %s", server.output()).isTrue();
            assertThat(server.stderr()).noneMatch(line -> line.contains("OutOfMemoryError"));
        }
    }
}
