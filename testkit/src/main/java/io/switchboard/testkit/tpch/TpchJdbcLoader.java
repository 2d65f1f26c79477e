package io.switchboard.testkit.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Loads the eight TPC-H tables, generated in-process by {@code io.trino.tpch}, into a database
 * reached over JDBC (PostgreSQL, MariaDB). Standard names and types: keys BIGINT, other integers
 * INTEGER, money and quantities DECIMAL(15,2), dates DATE, text VARCHAR(n) or CHAR(n) as the
 * generator declares them, each table with its TPC-H primary key.
 *
 * <p>Rows go in through batched prepared INSERTs, one transaction per table; drivers that rewrite
 * batches into multi-row statements ({@code rewriteBatchedStatements=true} for MySQL's driver,
 * {@code reWriteBatchedInserts=true} for pgjdbc) make that fast enough for scale 0.01.
 */
public final class TpchJdbcLoader {
    private static final int BATCH_ROWS = 2_000;

    /** The TPC-H primary keys; lineitem's is composite. */
    private static final Map<String, String> PRIMARY_KEYS = Map.of(
            "nation", "n_nationkey",
            "region", "r_regionkey",
            "part", "p_partkey",
            "supplier", "s_suppkey",
            "partsupp", "ps_partkey, ps_suppkey",
            "customer", "c_custkey",
            "orders", "o_orderkey",
            "lineitem", "l_orderkey, l_linenumber");

    private TpchJdbcLoader() {}

    /** Creates and fills the tables in the connection's current schema; returns the rows loaded. */
    public static long load(Connection connection, double scale) throws SQLException {
        long rows = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (TpchTable<?> table : TpchTable.getTables()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP TABLE IF EXISTS " + table.getTableName());
                    statement.execute(createTable(table));
                }
                rows += insert(connection, table, scale);
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return rows;
    }

    /** The tables' names, in load order. */
    public static List<String> tableNames() {
        return TpchTable.getTables().stream().map(TpchTable::getTableName).toList();
    }

    static String createTable(TpchTable<?> table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table.getTableName()).append(" (");
        for (TpchColumn<?> column : table.getColumns()) {
            sql.append(column.getColumnName()).append(' ').append(sqlType(column.getType())).append(" NOT NULL, ");
        }
        return sql.append("PRIMARY KEY (").append(PRIMARY_KEYS.get(table.getTableName())).append("))").toString();
    }

    static String sqlType(TpchColumnType type) {
        return switch (type.getBase()) {
            case IDENTIFIER -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DATE -> "DATE";
            // The generator models money and quantities as doubles with two decimals; the TPC-H
            // specification and its answers use DECIMAL(15,2).
            case DOUBLE -> "DECIMAL(15,2)";
            case VARCHAR -> type.getPrecision().map(length -> "VARCHAR(" + length + ")").orElse("VARCHAR(255)");
        };
    }

    private static <E extends TpchEntity> long insert(Connection connection, TpchTable<E> table, double scale)
            throws SQLException {
        List<TpchColumn<E>> columns = table.getColumns();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.getTableName()).append(" VALUES (");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        long rows = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            for (E entity : table.createGenerator(scale, 1, 1)) {
                for (int i = 0; i < columns.size(); i++) {
                    TpchColumn<E> column = columns.get(i);
                    int parameter = i + 1;
                    switch (column.getType().getBase()) {
                        case IDENTIFIER -> insert.setLong(parameter, column.getIdentifier(entity));
                        case INTEGER -> insert.setInt(parameter, column.getInteger(entity));
                        case DATE -> insert.setObject(parameter, LocalDate.ofEpochDay(column.getDate(entity)));
                        // Exact cents: the generator's doubles carry two decimals.
                        case DOUBLE -> insert.setBigDecimal(parameter,
                                BigDecimal.valueOf(Math.round(column.getDouble(entity) * 100), 2));
                        case VARCHAR -> insert.setString(parameter, column.getString(entity));
                    }
                }
                insert.addBatch();
                if (++rows % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return rows;
    }
}
