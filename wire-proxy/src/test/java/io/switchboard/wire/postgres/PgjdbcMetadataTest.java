package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pgjdbc's DatabaseMetaData through the frontend: its catalog queries reach DuckDB by way of the
 * catalog rewriter, with their parameters bound in.
 */
final class PgjdbcMetadataTest {
    private static WireTestServer server;

    @BeforeAll
    static void start() throws SQLException {
        server = WireTestServer.trust();
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE customer (c_custkey INTEGER PRIMARY KEY, c_name VARCHAR(25), c_acctbal DECIMAL(15,2))");
            statement.execute("CREATE VIEW rich AS SELECT * FROM customer WHERE c_acctbal > 1000");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void tablesColumnsAndKeys() throws SQLException {
        for (String mode : List.of("", "prepareThreshold=1", "preferQueryMode=simple")) {
            try (Connection connection = server.connect(mode)) {
                DatabaseMetaData meta = connection.getMetaData();
                assertThat(meta.getDatabaseProductName()).isEqualTo("PostgreSQL");
                assertThat(meta.getDatabaseMajorVersion()).isEqualTo(15);
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = meta.getTables(null, "main", "%", new String[] {"TABLE", "VIEW"})) {
                    while (rs.next()) {
                        tables.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
                    }
                }
                assertThat(tables).as(mode).contains("customer:TABLE", "rich:VIEW");
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = meta.getColumns(null, "main", "customer", "%")) {
                    while (rs.next()) {
                        columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getString("TYPE_NAME"));
                    }
                }
                assertThat(columns).as(mode).containsExactly("c_custkey:" + Types.INTEGER + ":int4",
                        "c_name:" + Types.VARCHAR + ":varchar", "c_acctbal:" + Types.NUMERIC + ":numeric");
                try (ResultSet rs = meta.getPrimaryKeys(null, "main", "customer")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString("COLUMN_NAME")).isEqualTo("c_custkey");
                }
                List<String> schemas = new ArrayList<>();
                try (ResultSet rs = meta.getSchemas()) {
                    while (rs.next()) {
                        schemas.add(rs.getString("TABLE_SCHEM"));
                    }
                }
                assertThat(schemas).as(mode).contains("main");
            }
        }
    }
}
