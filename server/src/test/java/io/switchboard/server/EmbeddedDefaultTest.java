package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.testkit.tpch.ResultComparator;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The embedded default as a newcomer gets it: TPC-H on DuckDB behind the PostgreSQL frontend. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class EmbeddedDefaultTest {
    @TempDir
    Path dataDirectory;

    private static final Pattern CREATE_VIEW = Pattern.compile("(?i)\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+(\\w+)");

    private TestingSwitchboard switchboard;

    @BeforeAll
    void start() {
        switchboard = new TestingSwitchboard(dataDirectory);
    }

    @AfterAll
    void stop() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    static List<TpchQuery> tpchQueries() {
        return TpchQueries.all();
    }

    /** All 22 TPC-H queries return the answers shipped with io.trino.tpch (tolerance: see ResultComparator). */
    @ParameterizedTest(name = "TPC-H q{0}")
    @MethodSource("tpchQueries")
    void tpchQueryMatchesTheExpectedAnswer(TpchQuery query) throws Exception {
        // q15 creates a view first; every statement but the last prepares the answer.
        List<String> statements = query.statements();
        try (Connection connection = switchboard.connect(); Statement statement = connection.createStatement()) {
            for (String setup : statements.subList(0, statements.size() - 1)) {
                statement.execute(setup);
            }
            try (ResultSet resultSet = statement.executeQuery(statements.getLast())) {
                ResultSetMetaData metaData = resultSet.getMetaData();
                List<List<Object>> rows = new ArrayList<>();
                while (resultSet.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int column = 1; column <= metaData.getColumnCount(); column++) {
                        row.add(resultSet.getObject(column));
                    }
                    rows.add(row);
                }
                ResultComparator.assertMatches(query, rows);
            } finally {
                for (String setup : statements.subList(0, statements.size() - 1)) {
                    Matcher view = CREATE_VIEW.matcher(setup);
                    if (view.find()) {
                        statement.execute("DROP VIEW IF EXISTS " + view.group(1));
                    }
                }
            }
        }
    }

    @Test
    void queriesAreRecordedAndCounted() throws Exception {
        try (Connection connection = switchboard.connect(); Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM nation WHERE n_regionkey = 1").close();
        }
        switchboard.server().feedbackStore().flush(Duration.ofSeconds(10));
        List<QueryRecord> records = switchboard.server().feedbackStore().recentQueries(50);
        assertThat(records).anySatisfy(record -> {
            assertThat(record.sql()).isEqualTo("SELECT count(*) FROM nation WHERE n_regionkey = 1");
            assertThat(record.frontend()).isEqualTo(FrontendProtocol.POSTGRES_WIRE);
            assertThat(record.user()).isEqualTo("switchboard");
            assertThat(record.outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
            assertThat(record.group()).isEqualTo("demo");
            assertThat(record.cluster()).isEqualTo("duckdb-demo");
            assertThat(record.engine()).isEqualTo("duckDb");
            assertThat(record.rows()).isEqualTo(1);
            assertThat(record.trace().decidedBy()).isEqualTo("routingFallback");
        });

        HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + switchboard.adminAddress().getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("switchboard_queries_total{cluster=\"duckdb-demo\",engine=\"duckDb\",frontend=\"postgresWire\",group=\"demo\",outcome=\"succeeded\"}")
                .contains("switchboard_query_duration_seconds_bucket")
                .contains("switchboard_queries_running");
    }
}
