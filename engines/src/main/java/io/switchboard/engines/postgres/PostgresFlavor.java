package io.switchboard.engines.postgres;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.StatementSplitter;
import io.switchboard.core.types.DataType;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import io.switchboard.engines.jdbc.JdbcEngineFlavor;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * PostgreSQL through pgjdbc. Results stream through pgjdbc's cursor fetch: a statement that
 * returns rows runs with auto-commit off and a fetch size, so that each batch is one round trip
 * for {@code batchSize} rows and the rest stays on the server. Statements that return no rows
 * run in auto-commit, so that {@code VACUUM} or {@code CREATE DATABASE} (which refuse to run in a
 * transaction) work.
 */
final class PostgresFlavor implements JdbcEngineFlavor {
    static final int DEFAULT_PORT = 5432;
    static final List<String> ENGINE_KEYS = List.of("schema", "tlsRootCert", "applicationName");

    /** First keywords of statements that return rows and may run inside a transaction. */
    private static final Set<String> ROW_STATEMENTS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "SHOW", "EXPLAIN", "(");

    private static final Map<JdbcEngineConfig.TlsMode, String> SSL_MODES = Map.of(
            JdbcEngineConfig.TlsMode.DISABLE, "disable",
            JdbcEngineConfig.TlsMode.PREFER, "prefer",
            JdbcEngineConfig.TlsMode.REQUIRE, "require",
            JdbcEngineConfig.TlsMode.VERIFY_CA, "verify-ca",
            JdbcEngineConfig.TlsMode.VERIFY_FULL, "verify-full");

    @Override
    public EngineType type() {
        return EngineType.POSTGRES;
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public String driverClassName() {
        return "org.postgresql.Driver";
    }

    @Override
    public String jdbcUrl(JdbcEngineConfig config) {
        return "jdbc:postgresql://" + config.endpoint().hostAndPort() + "/" + urlEncode(config.endpoint().database());
    }

    @Override
    public Properties driverProperties(JdbcEngineConfig config) {
        Properties properties = new Properties();
        // pgjdbc's timeouts are whole seconds; round up so that a short timeout is not "no timeout".
        String connectSeconds = Long.toString(Math.max(1, (config.connectTimeout().toMillis() + 999) / 1000));
        properties.setProperty("connectTimeout", connectSeconds);
        properties.setProperty("loginTimeout", connectSeconds);
        properties.setProperty("socketTimeout", "0");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", config.engineOption("applicationName").orElse("switchboard"));
        properties.setProperty("sslmode", SSL_MODES.get(config.tls()));
        config.engineOption("tlsRootCert").ifPresent(path -> properties.setProperty("sslrootcert", path));
        config.engineOption("schema").ifPresent(schema -> properties.setProperty("currentSchema", schema));
        return properties;
    }

    @Override
    public String connectionInitSql(JdbcEngineConfig config) {
        if (config.sessionProperties().isEmpty()) {
            return null;
        }
        List<String> settings = new ArrayList<>();
        config.sessionProperties().forEach((name, value) ->
                settings.add("set_config(" + literal(name) + ", " + literal(value) + ", false)"));
        return "SELECT " + String.join(", ", settings);
    }

    @Override
    public boolean prepareForStreaming(Connection connection, Statement statement, String sql, int batchSize)
            throws SQLException {
        if (!returnsRows(sql)) {
            return false;
        }
        connection.setAutoCommit(false);
        statement.setFetchSize(batchSize);
        return true;
    }

    @Override
    public boolean discardUnfinishedConnections() {
        return false;
    }

    /** PostgreSQL's cancel request for the connection's backend, whatever the statement's own state. */
    @Override
    public void cancel(Connection connection, Statement statement, SideConnections sideConnections) throws SQLException {
        connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
    }

    @Override
    public DataType columnType(ResultSetMetaData metaData, int column) throws SQLException {
        return PostgresTypes.columnType(metaData, column);
    }

    @Override
    public ColumnReader readerFor(DataType type) {
        return PostgresTypes.readerFor(type);
    }

    /**
     * pgjdbc describes a prepared statement without executing it: Parse and Describe, then the
     * parameter and row descriptions PostgreSQL sends back.
     *
     * <p>pgjdbc only understands {@code ?} placeholders, so {@code $n} placeholders are written
     * as {@code ?} for the description. Each occurrence then becomes its own parameter: a
     * parameter used twice is typed from its first occurrence, and PostgreSQL types the
     * occurrences separately (they agree unless the statement compares one parameter with values
     * of different types).
     */
    @Override
    public StatementDescription describe(Connection connection, String sql) throws SQLException {
        if (StatementSplitter.split(sql, Dialect.POSTGRES).size() > 1) {
            throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, "Only a single statement can be described", "0A000", null);
        }
        StringBuilder rewritten = new StringBuilder(sql.length());
        List<Integer> parameterOfPlaceholder = new ArrayList<>();
        int position = 0;
        int highest = 0;
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.POSTGRES)) {
            if (token.type() != SqlToken.Type.PARAMETER) {
                continue;
            }
            int index = token.text().equals("?") ? parameterOfPlaceholder.size() + 1 : Integer.parseInt(token.text().substring(1));
            parameterOfPlaceholder.add(index);
            highest = Math.max(highest, index);
            rewritten.append(sql, position, token.start()).append('?');
            position = token.end();
        }
        rewritten.append(sql, position, sql.length());
        try (PreparedStatement statement = connection.prepareStatement(rewritten.toString())) {
            ParameterMetaData parameters = statement.getParameterMetaData();
            DataType[] parameterTypes = new DataType[highest];
            java.util.Arrays.fill(parameterTypes, DataType.UNKNOWN);
            for (int i = parameterOfPlaceholder.size(); i >= 1; i--) {
                // Walking backwards leaves each parameter with the type of its first occurrence.
                parameterTypes[parameterOfPlaceholder.get(i - 1) - 1] = PostgresTypes.parse(parameters.getParameterTypeName(i), 0, 0);
            }
            ResultSetMetaData metaData = statement.getMetaData();
            List<Column> columns = new ArrayList<>();
            if (metaData != null) {
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    columns.add(new Column(metaData.getColumnLabel(i), PostgresTypes.columnType(metaData, i)));
                }
            }
            return new StatementDescription(columns, List.of(parameterTypes));
        }
    }

    @Override
    public SwitchboardException translate(SQLException e) {
        return PostgresErrors.translate(e);
    }

    static boolean returnsRows(String sql) {
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.POSTGRES)) {
            if (!token.isTrivia()) {
                return ROW_STATEMENTS.contains(token.upperText());
            }
        }
        return false;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String urlEncode(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public Optional<ScanEstimate> estimate(io.switchboard.core.engine.Engine engine,
            io.switchboard.core.engine.EngineQuery query) {
        return PostgresEstimator.fromPlan(engine, query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(io.switchboard.core.engine.Engine engine,
            io.switchboard.core.engine.EngineQuery query, List<TableReference> tables) {
        return PostgresEstimator.fromStatistics(engine, query, tables);
    }
}
