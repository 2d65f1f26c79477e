package io.switchboard.engines.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.sql.Dialect;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.mariadb.MariaDbServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code engine: starRocks} against MariaDB, for what StarRocks and MariaDB share: the MySQL
 * protocol, basic SQL, server-side prepares, {@code KILL QUERY}. No StarRocks server runs here;
 * what only StarRocks has ({@code SET CATALOG}, its own types) is documented, not tested.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class StarRocksEngineTest {
    private Engine engine;

    @BeforeAll
    void start() {
        engine = MariaDbTesting.engine(MariaDbServer.sharedTpch(), "starRocks", new StarRocksEngineFactory(), "batchSize: 50\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void isAStarRocksClusterInTheStarRocksDialect() {
        assertThat(engine.type()).isEqualTo(EngineType.STARROCKS);
        assertThat(engine.dialect()).isEqualTo(Dialect.STARROCKS);
        assertThat(engine.checkHealth().healthy()).isTrue();
    }

    @Test
    void runsSqlThatStarRocksAndMariaDbShare() {
        assertThat(EngineTesting.rows(engine, """
                SELECT n_name, count(*) AS suppliers
                FROM nation JOIN supplier ON s_nationkey = n_nationkey
                WHERE n_regionkey = 1
                GROUP BY n_name
                ORDER BY suppliers DESC, n_name
                LIMIT 2""")).hasSize(2);
        assertThat(engine.describe(EngineTesting.query("SELECT r_name FROM region WHERE r_regionkey = ?")).columns())
                .hasSize(1);
    }

    @Test
    void cancelsWithKillQuery() {
        String marker = "starrocks-" + UUID.randomUUID();
        assertThatThrownBy(() -> {
            try (ResultStream stream = engine.execute(EngineTesting.query("SELECT SLEEP(60), '" + marker + "'",
                    Duration.ofMillis(300)))) {
                EngineTesting.drain(stream);
            }
        }).isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
        EngineTesting.awaitTrue("MariaDB to stop the statement", Duration.ofSeconds(20),
                () -> MariaDbTesting.statementsRunning(marker) == 0);
    }

    @Test
    void defaultsToStarRocksQueryPortAndAcceptsACatalog() {
        JdbcEngineConfig config = StarRocksEngineFactory.parse(EngineTesting.cluster("starRocks",
                "endpoint: mysql://fe.example:/sales\ncatalog: hive_catalog\n"));
        assertThat(config.endpoint().port()).isEqualTo(9030);
        assertThat(config.engineOption("catalog")).contains("hive_catalog");
        assertThat(new MySqlFlavor(EngineType.STARROCKS).connectionInitSql(config)).isEqualTo("SET CATALOG `hive_catalog`");
        assertThatThrownBy(() -> MySqlEngineFactory.parse(EngineTesting.cluster("mysql",
                "endpoint: mysql://db.example/sales\ncatalog: hive_catalog\n")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains("unknown key 'catalog'");
                });
    }
}
