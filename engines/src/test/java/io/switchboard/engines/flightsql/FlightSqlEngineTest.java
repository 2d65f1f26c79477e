package io.switchboard.engines.flightsql;

import static io.switchboard.engines.testing.EngineTesting.eventually;
import static io.switchboard.engines.testing.EngineTesting.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.flightsql.FlightSqlExampleServer;
import io.switchboard.testkit.process.FreePorts;
import io.switchboard.testkit.process.TcpProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.CallStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Flight SQL engine against Arrow's FlightSqlExample: Arrow batches, describe through a
 * prepared statement, cancellation and timeouts seen in Derby's own transaction table behind the
 * server, errors, credentials, both execution modes, and a server that goes down and comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class FlightSqlEngineTest {
    /** A cross join of lineitem with itself: 3.6 billion rows, streamed as long as the client reads. */
    private static final String ENDLESS_STREAM = "SELECT a.l_orderkey, b.l_comment FROM lineitem a, lineitem b";
    private static final Duration BOUND = Duration.ofSeconds(60);

    private FlightSqlEngine engine;
    private FlightSqlExampleServer server;

    @BeforeAll
    void start() {
        server = FlightSqlTesting.server();
        engine = FlightSqlTesting.engine("");
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void streamsArrowBatches() {
        try (ResultStream stream = engine.execute(query("SELECT l_orderkey, l_linenumber, l_comment FROM lineitem"))) {
            assertThat(stream.columns()).extracting(Column::name).containsExactly("L_ORDERKEY", "L_LINENUMBER", "L_COMMENT");
            assertThat(stream.columns()).extracting(column -> column.type().kind())
                    .containsExactly(TypeKind.BIGINT, TypeKind.INTEGER, TypeKind.VARCHAR);
            int batches = 0;
            long rows = 0;
            for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
                batches++;
                rows += batch.size();
            }
            assertThat(rows).isEqualTo(60_175);
            assertThat(batches).as("one batch per Arrow record batch").isGreaterThan(10);
        }
    }

    @Test
    void describesThroughAPreparedStatementWithoutRunning() {
        StatementDescription description = engine.describe(query(
                "SELECT n_name, n_regionkey * 2 AS doubled FROM nation WHERE n_nationkey = ?"));
        assertThat(description.columns()).extracting(Column::name).containsExactly("N_NAME", "DOUBLED");
        assertThat(description.columns()).extracting(column -> column.type().kind())
                .containsExactly(TypeKind.VARCHAR, TypeKind.BIGINT);
        assertThat(description.parameterTypes()).extracting(type -> type.kind()).containsExactly(TypeKind.BIGINT);
    }

    @Test
    void cancelStopsTheStatementBehindTheServer() throws Exception {
        int before = activeTransactions();
        ResultStream stream = engine.execute(query(ENDLESS_STREAM));
        try {
            assertThat(stream.nextBatch()).isNotNull();
            assertThat(activeTransactions()).as("Derby runs the statement").isGreaterThan(before);
            Thread canceller = Thread.ofPlatform().start(stream::cancel);
            assertThat(canceller.join(BOUND)).isTrue();
            assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED);
                assertThat(e.sqlState()).contains("57014");
            });
        } finally {
            stream.close();
        }
        assertThat(eventually(BOUND, () -> activeTransactions() <= before)).as("Derby's statement ended").isTrue();
    }

    @Test
    void interruptingTheCallerCancels() throws Exception {
        int before = activeTransactions();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Integer> batches = new AtomicReference<>(0);
        Thread caller = Thread.ofVirtual().start(() -> {
            try (ResultStream stream = engine.execute(query(ENDLESS_STREAM))) {
                while (stream.nextBatch() != null) {
                    batches.set(batches.get() + 1);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertThat(eventually(BOUND, () -> batches.get() > 2)).isTrue();
        caller.interrupt();
        assertThat(caller.join(BOUND)).isTrue();
        assertThat(failure.get()).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).as("%s", stackTrace(e)).isEqualTo(ErrorCode.QUERY_CANCELED));
        assertThat(eventually(BOUND, () -> activeTransactions() <= before)).as("Derby's statement ended").isTrue();
    }

    @Test
    void anInterruptThatArrowCaughtStillReadsAsOne() {
        // FlightStream.getRoot catches the InterruptedException, clears the flag and reports
        // status INTERNAL; this once made an interrupted caller see an engine error.
        RuntimeException caught = CallStatus.INTERNAL.withCause(new InterruptedException()).toRuntimeException();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(FlightSqlResultStream.wasInterrupted(caught)).isTrue();
        assertThat(FlightSqlResultStream.wasInterrupted(CallStatus.INTERNAL.withDescription("disk full").toRuntimeException())).isFalse();
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void aTimeoutCancels() {
        int before = activeTransactions();
        assertThatThrownBy(() -> {
            try (ResultStream stream = engine.execute(query(ENDLESS_STREAM, Duration.ofSeconds(2)))) {
                EngineTesting.drain(stream);
            }
        }).isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
        assertThat(eventually(BOUND, () -> activeTransactions() <= before)).isTrue();
    }

    @Test
    void errorsCarryTheServersDescription() {
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
                    assertThat(e.sqlState()).contains("42P01");
                    assertThat(e.getMessage()).contains("NO_SUCH_TABLE");
                });
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELEC 1"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.sqlState()).contains("42601");
                });
    }

    @Test
    void statementsWithoutRowsReportTheirUpdateCountInBothModes() {
        for (boolean prepared : List.of(true, false)) {
            try (FlightSqlEngine mode = FlightSqlTesting.engine("preparedStatements: " + prepared + "\n")) {
                String table = "T_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                try (ResultStream created = mode.execute(query("CREATE TABLE " + table + " (x BIGINT)"))) {
                    assertThat(created.columns()).isEmpty();
                    assertThat(created.nextBatch()).isNull();
                }
                try (ResultStream inserted = mode.execute(query("INSERT INTO " + table + " VALUES 1, 2, 3"))) {
                    assertThat(inserted.updateCount()).isEqualTo(3);
                }
                assertThat(EngineTesting.single(mode, "SELECT sum(x) FROM " + table)).isEqualTo(6L);
                try (ResultStream dropped = mode.execute(query("DROP TABLE " + table))) {
                    EngineTesting.drain(dropped);
                }
            }
        }
    }

    @Test
    void credentialsAreExchangedForATokenAndWrongOnesAreRefused() {
        try (FlightSqlExampleServer secured = FlightSqlExampleServer.withPassword("ada", "lovelace")) {
            try (FlightSqlEngine right = FlightSqlTesting.engineAt(secured.endpoint(), "user: ada\npassword: lovelace\n")) {
                assertThat(EngineTesting.single(right, "SELECT count(*) FROM intTable")).isEqualTo(3);
                assertThat(right.checkHealth().healthy()).isTrue();
            }
            try (FlightSqlEngine wrong = FlightSqlTesting.engineAt(secured.endpoint(), "user: ada\npassword: babbage\n")) {
                assertThatThrownBy(() -> EngineTesting.rows(wrong, "SELECT count(*) FROM intTable"))
                        .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                            assertThat(e.getMessage()).doesNotContain("babbage");
                        });
                assertThat(wrong.checkHealth().healthy()).isFalse();
            }
            try (FlightSqlEngine anonymous = FlightSqlTesting.engineAt(secured.endpoint(), "")) {
                assertThatThrownBy(() -> EngineTesting.rows(anonymous, "SELECT count(*) FROM intTable"))
                        .isInstanceOfSatisfying(SwitchboardException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
            }
        }
    }

    @Test
    void aServerThatIsDownFailsFastAndIsUnhealthyUntilItIsBack() {
        try (TcpProxy proxy = new TcpProxy(server.port());
                FlightSqlEngine throughProxy = FlightSqlTesting.engineAt("grpc://127.0.0.1:" + proxy.port(),
                        "connectTimeout: 2s\nhealthTimeout: 3s\n")) {
            assertThat(throughProxy.checkHealth().healthy()).isTrue();
            proxy.stop();
            HealthStatus down = throughProxy.checkHealth();
            assertThat(down.healthy()).isFalse();
            assertThatThrownBy(() -> EngineTesting.rows(throughProxy, "SELECT count(*) FROM nation"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + proxy.port());
                    });
            proxy.start();
            assertThat(eventually(BOUND, () -> throughProxy.checkHealth().healthy())).isTrue();
            assertThat(EngineTesting.single(throughProxy, "SELECT count(*) FROM nation")).isEqualTo(25);
        }
    }

    @Test
    void nothingListeningIsUnavailable() {
        try (FlightSqlEngine nowhere = FlightSqlTesting.engineAt("grpc://127.0.0.1:" + FreePorts.next(), "connectTimeout: 2s\n")) {
            assertThatThrownBy(() -> EngineTesting.rows(nowhere, "SELECT 1 FROM intTable"))
                    .isInstanceOfSatisfying(SwitchboardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
            assertThat(nowhere.checkHealth().healthy()).isFalse();
        }
    }

    @Test
    void closingTheEngineStopsItsRunningQueries() {
        int before = activeTransactions();
        FlightSqlEngine closing = FlightSqlTesting.engine("");
        ResultStream stream = closing.execute(query(ENDLESS_STREAM));
        assertThat(stream.nextBatch()).isNotNull();
        closing.close();
        assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        stream.close();
        assertThat(eventually(BOUND, () -> activeTransactions() <= before)).isTrue();
        assertThat(closing.checkHealth().healthy()).isFalse();
    }

    /** Transactions of Derby (behind the server) that hold locks: a statement reading rows. */
    private int activeTransactions() {
        try (Connection connection = server.derbyConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*) FROM SYSCS_DIAG.TRANSACTION_TABLE WHERE STATUS = 'ACTIVE'")) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
