package io.switchboard.engines.jdbc;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What differs between the engines {@link JdbcEngine} reaches: the driver and its settings, how
 * a statement is made to stream, the type mapping and the error mapping. One implementation per
 * engine family (PostgreSQL; MySQL, MariaDB and StarRocks).
 */
public interface JdbcEngineFlavor {

    EngineType type();

    /** The engine's name for messages: "PostgreSQL", "MySQL", "StarRocks". */
    String displayName();

    /** The JDBC driver class, loaded by the pool. */
    String driverClassName();

    /** The driver's JDBC URL, without credentials. */
    String jdbcUrl(JdbcEngineConfig config);

    /** The driver's connection properties: timeouts, TLS, engine options (credentials are added by the engine). */
    Properties driverProperties(JdbcEngineConfig config);

    /** SQL run once on every new connection (session properties), or null. */
    String connectionInitSql(JdbcEngineConfig config);

    /**
     * Prepares a fresh statement of a fresh pooled connection so that its result streams in
     * batches of {@code batchSize} with bounded memory. Returns true when this opened a
     * transaction that the stream must commit at the end (PostgreSQL's cursor fetch needs
     * auto-commit off).
     */
    boolean prepareForStreaming(Connection connection, Statement statement, String sql, int batchSize) throws SQLException;

    /**
     * Whether a connection whose result was not read to the end must be closed rather than
     * returned to the pool. MySQL's driver reads a streamed result to its end before the
     * connection can be used again; PostgreSQL just closes the portal.
     */
    boolean discardUnfinishedConnections();

    /**
     * Stops, on the server, whatever this connection is running or streaming. Called from any
     * thread while the connection is in use; {@code sideConnections} opens a fresh connection to
     * the same engine for flavors that cancel through one. The drivers' own
     * {@code Statement.cancel()} does nothing once {@code execute} has returned, so it cannot stop
     * a fetch that is under way.
     */
    void cancel(Connection connection, Statement statement, SideConnections sideConnections) throws SQLException;

    /** Opens a connection outside the pool, for cancels. */
    @FunctionalInterface
    interface SideConnections {
        Connection open() throws SQLException;
    }

    /** The neutral type of a result column. */
    DataType columnType(ResultSetMetaData metaData, int column) throws SQLException;

    /** The reader that turns one column's values into the Java classes its neutral type fixes. */
    ColumnReader readerFor(DataType type);

    /** Describes a statement without running it (prepare where the engine can). */
    StatementDescription describe(Connection connection, String sql) throws SQLException;

    /** What a statement is expected to read, from the engine's EXPLAIN, run through {@code engine}; see {@link io.switchboard.core.engine.Engine#estimate}. */
    default Optional<ScanEstimate> estimate(io.switchboard.core.engine.Engine engine,
            io.switchboard.core.engine.EngineQuery query) {
        return Optional.empty();
    }

    /** What reading the tables whole would cost, from the engine's statistics; see {@link io.switchboard.core.engine.Engine#estimateFromStatistics}. */
    default Optional<ScanEstimate> estimateFromStatistics(io.switchboard.core.engine.Engine engine,
            io.switchboard.core.engine.EngineQuery query, List<TableReference> tables) {
        return Optional.empty();
    }

    /** An engine error as a {@link SwitchboardException} with an error code and a PostgreSQL SQLSTATE. */
    SwitchboardException translate(SQLException e);

    /** Reads one column of the current row. */
    @FunctionalInterface
    interface ColumnReader {
        Object read(ResultSet resultSet, int column) throws SQLException;
    }
}
