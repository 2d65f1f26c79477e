package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory keeps the demo data and the query records across restarts. */
final class RestartTest {
    @Test
    void demoDataAndRecordsSurviveARestart(@TempDir Path dataDirectory) throws Exception {
        try (TestingSwitchboard first = new TestingSwitchboard(dataDirectory);
                Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 'before restart' AS marker").close();
        }
        try (TestingSwitchboard second = new TestingSwitchboard(dataDirectory)) {
            try (Connection connection = second.connect(); Statement statement = connection.createStatement();
                    ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM lineitem")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isEqualTo(60175);
            }
            second.server().feedbackStore().flush(Duration.ofSeconds(10));
            assertThat(second.server().feedbackStore().recentQueries(100))
                    .anySatisfy(record -> assertThat(record.sql()).isEqualTo("SELECT 'before restart' AS marker"));
        }
    }
}
