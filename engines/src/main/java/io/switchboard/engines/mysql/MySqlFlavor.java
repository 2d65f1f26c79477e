package io.switchboard.engines.mysql;

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
import com.mysql.cj.jdbc.JdbcConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MySQL, MariaDB and StarRocks through mysql-connector-j. Results stream row by row off the
 * socket (the driver's streaming result set, fetch size {@code Integer.MIN_VALUE}), so memory
 * holds one batch. A streamed result must be read to its end before the connection can be used
 * again, so a stream that ends early kills its query ({@code KILL QUERY}) and throws the
 * connection away. The session time zone is pinned to UTC, so that TIMESTAMP values are instants.
 */
final class MySqlFlavor implements JdbcEngineFlavor {
    static final int MYSQL_DEFAULT_PORT = 3306;
    /** StarRocks' frontend speaks the MySQL protocol on its query port. */
    static final int STARROCKS_DEFAULT_PORT = 9030;
    static final List<String> MYSQL_KEYS = List.of("tlsTrustStore", "tlsTrustStorePassword", "allowPublicKeyRetrieval");
    static final List<String> STARROCKS_KEYS = List.of("tlsTrustStore", "tlsTrustStorePassword", "allowPublicKeyRetrieval",
            "catalog");

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Set<String> QUERY_STATEMENTS = Set.of("SELECT", "WITH", "(");

    private static final Map<JdbcEngineConfig.TlsMode, String> SSL_MODES = Map.of(
            JdbcEngineConfig.TlsMode.DISABLE, "DISABLED",
            JdbcEngineConfig.TlsMode.PREFER, "PREFERRED",
            JdbcEngineConfig.TlsMode.REQUIRE, "REQUIRED",
            JdbcEngineConfig.TlsMode.VERIFY_CA, "VERIFY_CA",
            JdbcEngineConfig.TlsMode.VERIFY_FULL, "VERIFY_IDENTITY");

    private final EngineType type;

    MySqlFlavor(EngineType type) {
        if (type != EngineType.MYSQL && type != EngineType.STARROCKS) {
            throw new IllegalArgumentException("not a MySQL-wire engine: " + type);
        }
        this.type = type;
    }

    @Override
    public EngineType type() {
        return type;
    }

    @Override
    public String displayName() {
        return type == EngineType.STARROCKS ? "StarRocks" : "MySQL";
    }

    @Override
    public String driverClassName() {
        return "com.mysql.cj.jdbc.Driver";
    }

    @Override
    public String jdbcUrl(JdbcEngineConfig config) {
        return "jdbc:mysql://" + config.endpoint().hostAndPort() + "/" + urlEncode(config.endpoint().database());
    }

    @Override
    public Properties driverProperties(JdbcEngineConfig config) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Long.toString(config.connectTimeout().toMillis()));
        properties.setProperty("socketTimeout", "0");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("sslMode", SSL_MODES.get(config.tls()));
        config.engineOption("tlsTrustStore").ifPresent(path -> properties.setProperty("trustCertificateKeyStoreUrl",
                path.contains(":") ? path : "file:" + path));
        config.engineOption("tlsTrustStorePassword").ifPresent(password ->
                properties.setProperty("trustCertificateKeyStorePassword", password));
        properties.setProperty("allowPublicKeyRetrieval", config.engineOption("allowPublicKeyRetrieval").orElse("false"));
        // Instants: TIMESTAMP values are read and written in UTC, whatever the server's zone.
        properties.setProperty("connectionTimeZone", "UTC");
        properties.setProperty("forceConnectionTimeZoneToSession", "true");
        // TINYINT(1) and BIT(1) are booleans; YEAR is a number; '0000-00-00' is NULL.
        properties.setProperty("tinyInt1isBit", "true");
        properties.setProperty("transformedBitIsBoolean", "true");
        properties.setProperty("yearIsDateType", "false");
        properties.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
        // The pool's resets (auto-commit, read-only) cost no round trip when nothing changed.
        properties.setProperty("useLocalSessionState", "true");
        properties.setProperty("allowLoadLocalInfile", "false");
        properties.setProperty("allowMultiQueries", "false");
        if (!config.sessionProperties().isEmpty()) {
            properties.setProperty("sessionVariables", sessionVariables(config.sessionProperties()));
        }
        return properties;
    }

    @Override
    public String connectionInitSql(JdbcEngineConfig config) {
        return config.engineOption("catalog").map(catalog -> "SET CATALOG " + quoteIdentifier(catalog)).orElse(null);
    }

    @Override
    public boolean prepareForStreaming(Connection connection, Statement statement, String sql, int batchSize)
            throws SQLException {
        // The driver's signal for a streaming result set (with a forward-only, read-only statement).
        statement.setFetchSize(Integer.MIN_VALUE);
        return false;
    }

    @Override
    public boolean discardUnfinishedConnections() {
        return true;
    }

    /**
     * {@code KILL QUERY} for the connection's thread, sent over a connection of its own (as the
     * driver's own cancel does, but also while rows stream, when the driver's cancel does nothing).
     * StarRocks understands the same statement.
     */
    @Override
    public void cancel(Connection connection, Statement statement, SideConnections sideConnections) throws SQLException {
        long threadId = connection.unwrap(JdbcConnection.class).getSession().getThreadId();
        try (Connection side = sideConnections.open(); Statement kill = side.createStatement()) {
            kill.execute("KILL QUERY " + threadId);
        }
    }

    @Override
    public DataType columnType(ResultSetMetaData metaData, int column) throws SQLException {
        return MySqlTypes.columnType(metaData, column);
    }

    @Override
    public ColumnReader readerFor(DataType type) {
        return MySqlTypes.readerFor(type);
    }

    /**
     * A server-side prepare (COM_STMT_PREPARE) returns the result columns and the number of
     * parameters without executing. MySQL does not type parameters, so each is UNKNOWN. A query
     * the server cannot prepare (older StarRocks) is described by running it wrapped as
     * {@code SELECT * FROM (query) LIMIT 0}, which returns no rows.
     */
    @Override
    public StatementDescription describe(Connection connection, String sql) throws SQLException {
        if (StatementSplitter.split(sql, Dialect.MYSQL).size() > 1) {
            throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, "Only a single statement can be described", "0A000", null);
        }
        try (PreparedStatement statement = connection.unwrap(JdbcConnection.class).serverPrepareStatement(sql)) {
            List<DataType> parameterTypes = new ArrayList<>(
                    Collections.nCopies(statement.getParameterMetaData().getParameterCount(), DataType.UNKNOWN));
            return new StatementDescription(columns(statement.getMetaData()), parameterTypes);
        } catch (SQLException e) {
            if (!isQuery(sql) || MySqlErrors.classify(e.getErrorCode(), e.getSQLState()).code() != ErrorCode.NOT_SUPPORTED) {
                throw e;
            }
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT * FROM (" + sql + ") AS switchboard_describe LIMIT 0")) {
                return new StatementDescription(columns(result.getMetaData()), List.of());
            }
        }
    }

    @Override
    public SwitchboardException translate(SQLException e) {
        return MySqlErrors.translate(e);
    }

    private static List<Column> columns(ResultSetMetaData metaData) throws SQLException {
        List<Column> columns = new ArrayList<>();
        if (metaData != null) {
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                columns.add(new Column(metaData.getColumnLabel(i), MySqlTypes.columnType(metaData, i)));
            }
        }
        return columns;
    }

    private static boolean isQuery(String sql) {
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.MYSQL)) {
            if (!token.isTrivia()) {
                return QUERY_STATEMENTS.contains(token.upperText());
            }
        }
        return false;
    }

    /** The driver's {@code sessionVariables}: numbers bare, everything else a quoted string. */
    static String sessionVariables(Map<String, String> properties) {
        List<String> assignments = new ArrayList<>();
        properties.forEach((name, value) -> assignments.add(name + "="
                + (NUMBER.matcher(value).matches() ? value : "'" + value.replace("\\", "\\\\").replace("'", "''") + "'")));
        return String.join(",", assignments);
    }

    private static String quoteIdentifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static String urlEncode(String database) {
        return java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** StarRocks' EXPLAIN has no JSON form: it is estimated from statistics only. */
    @Override
    public Optional<ScanEstimate> estimate(io.switchboard.core.engine.Engine engine,
            io.switchboard.core.engine.EngineQuery query) {
        return type == EngineType.STARROCKS ? Optional.empty() : MySqlEstimator.fromPlan(engine, query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(io.switchboard.core.engine.Engine engine,
            io.switchboard.core.engine.EngineQuery query, List<TableReference> tables) {
        return MySqlEstimator.fromStatistics(engine, query, tables);
    }
}
