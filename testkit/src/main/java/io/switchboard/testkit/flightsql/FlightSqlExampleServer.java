package io.switchboard.testkit.flightsql;

import io.switchboard.testkit.process.FreePorts;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.flight.sql.example.FlightSqlExample;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrow's reference Flight SQL server ({@code FlightSqlExample} from
 * {@code org.apache.arrow:flight-sql:tests}, backed by an embedded Apache Derby) started in this
 * JVM on a free port of 127.0.0.1, with the TPC-H tables at scale 0.01 added to its Derby
 * database in schema {@code APP} (keys BIGINT/INTEGER, money DECIMAL(15,2), dates DATE).
 *
 * <p>{@link #shared()} is one open server per JVM; {@link #withPassword} starts another one that
 * requires basic authentication, for tests of credentials. Derby's files live under a temporary
 * directory ({@code derby.system.home}); everything stops when the JVM ends.
 */
public final class FlightSqlExampleServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlightSqlExampleServer.class);
    private static Path derbyHome;
    private static FlightSqlExampleServer shared;

    private final String databaseName;
    private final BufferAllocator allocator;
    private final FlightSqlExample producer;
    private final FlightServer server;
    private final long startupMillis;
    private long loadMillis;

    private FlightSqlExampleServer(String databaseName, BufferAllocator allocator, FlightSqlExample producer, FlightServer server,
            long startupMillis) {
        this.databaseName = databaseName;
        this.allocator = allocator;
        this.producer = producer;
        this.server = server;
        this.startupMillis = startupMillis;
    }

    /** The JVM-wide server with TPC-H loaded, started on first call. */
    public static synchronized FlightSqlExampleServer shared() {
        if (shared == null) {
            FlightSqlExampleServer server = start(null, null);
            try {
                server.loadTpch();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            shared = server;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-flight-sql-example"));
        }
        return shared;
    }

    /** A server of its own that accepts only {@code user}/{@code password}; the caller closes it. */
    public static FlightSqlExampleServer withPassword(String user, String password) {
        return start(user, password);
    }

    public int port() {
        return server.getPort();
    }

    /** The {@code endpoint:} of a cluster pointing at this server. */
    public String endpoint() {
        return "grpc://127.0.0.1:" + port();
    }

    public long startupMillis() {
        return startupMillis;
    }

    public long tpchLoadMillis() {
        return loadMillis;
    }

    /** A JDBC connection to the server's own Derby database, to look behind the server (running statements). */
    public Connection derbyConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:derby:target/" + databaseName);
    }

    private static synchronized FlightSqlExampleServer start(String user, String password) {
        long start = System.nanoTime();
        ensureDerbyHome();
        // Database names are relative to derby.system.home; each server gets its own.
        String databaseName = "switchboard_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        BufferAllocator allocator = new RootAllocator();
        int port = FreePorts.next();
        Location location = Location.forGrpcInsecure("127.0.0.1", port);
        FlightSqlExample producer = new FlightSqlExample(location, databaseName);
        unboundConnectionPool(producer);
        FlightServer.Builder builder = FlightServer.builder(allocator, location, producer);
        if (user != null) {
            CallHeaderAuthenticator basic = new BasicCallHeaderAuthenticator((name, secret) -> {
                if (!user.equals(name) || !password.equals(secret)) {
                    throw CallStatus.UNAUTHENTICATED.withDescription("wrong user or password")
                            .toRuntimeException();
                }
                return () -> name;
            });
            builder.headerAuthenticator(new GeneratedBearerTokenAuthenticator(basic));
        }
        FlightServer server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            closeQuietly(producer);
            allocator.close();
            throw new UncheckedIOException("cannot start FlightSqlExample on 127.0.0.1:" + port, e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("FlightSqlExample started at grpc://127.0.0.1:{} in {} ms (Derby database {})", port, millis, databaseName);
        return new FlightSqlExampleServer(databaseName, allocator, producer, server, millis);
    }

    /**
     * FlightSqlExample takes a pooled connection for every statement it prepares and does not
     * give it back when preparing fails (a syntax error): with the pool's default of 8, the
     * ninth bad statement would wait forever for a connection. Tests send bad statements on
     * purpose, so the pool is made unbounded (a leak of a few connections in a test JVM).
     */
    private static void unboundConnectionPool(FlightSqlExample producer) {
        try {
            Field dataSourceField = FlightSqlExample.class.getDeclaredField("dataSource");
            dataSourceField.setAccessible(true);
            Object dataSource = dataSourceField.get(producer);
            Field poolField = PoolingDataSource.class.getDeclaredField("pool");
            poolField.setAccessible(true);
            ((GenericObjectPool<?>) poolField.get(dataSource)).setMaxTotal(-1);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot lift FlightSqlExample's connection limit: " + e, e);
        }
    }

    private static void ensureDerbyHome() {
        if (derbyHome != null) {
            return;
        }
        String configured = System.getProperty("derby.system.home");
        if (configured != null) {
            derbyHome = Path.of(configured);
            return;
        }
        try {
            derbyHome = Files.createTempDirectory("switchboard-derby-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Derby's directory", e);
        }
        System.setProperty("derby.system.home", derbyHome.toString());
        // Test data needs no crash safety: without syncs the TPC-H load is several times faster.
        System.setProperty("derby.system.durability", "test");
        // Derby writes derby.log into its home; the stream setting keeps it there too.
        System.setProperty("derby.stream.error.file", derbyHome.resolve("derby.log").toString());
        Path home = derbyHome;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(home), "delete-derby-home"));
    }

    private void loadTpch() {
        long start = System.nanoTime();
        try (Connection connection = derbyConnection()) {
            connection.setAutoCommit(false);
            for (TpchTable<?> table : TpchTable.getTables()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(createTable(table));
                }
                insert(connection, table);
                try (Statement statement = connection.createStatement()) {
                    // TPC-H's primary keys: Derby uses them for the correlated subqueries (q4, q13).
                    statement.execute("ALTER TABLE " + table.getTableName() + " ADD PRIMARY KEY (" + primaryKey(table) + ")");
                }
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading TPC-H into FlightSqlExample's Derby database failed: " + e.getMessage(), e);
        }
        loadMillis = (System.nanoTime() - start) / 1_000_000;
        log.info("Loaded TPC-H at scale 0.01 into FlightSqlExample's Derby in {} ms", loadMillis);
    }

    private static String createTable(TpchTable<?> table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table.getTableName()).append(" (");
        List<? extends TpchColumn<?>> columns = table.getColumns();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).getColumnName()).append(' ')
                    .append(derbyType(columns.get(i).getType())).append(" NOT NULL");
        }
        return sql.append(')').toString();
    }

    private static String primaryKey(TpchTable<?> table) {
        return switch (table.getTableName()) {
            case "partsupp" -> "ps_partkey, ps_suppkey";
            case "lineitem" -> "l_orderkey, l_linenumber";
            default -> table.getColumns().get(0).getColumnName();
        };
    }

    private static String derbyType(TpchColumnType type) {
        return switch (type.getBase()) {
            case IDENTIFIER -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DATE -> "DATE";
            case DOUBLE -> "DECIMAL(15,2)";
            case VARCHAR -> "VARCHAR(" + type.getPrecision().orElse(256L) + ")";
        };
    }

    private static <E extends TpchEntity> void insert(Connection connection, TpchTable<E> table) throws SQLException {
        List<TpchColumn<E>> columns = table.getColumns();
        String placeholders = String.join(", ", Collections.nCopies(columns.size(), "?"));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + table.getTableName() + " VALUES (" + placeholders + ")")) {
            int pending = 0;
            for (E entity : table.createGenerator(0.01, 1, 1)) {
                for (int i = 0; i < columns.size(); i++) {
                    TpchColumn<E> column = columns.get(i);
                    switch (column.getType().getBase()) {
                        case IDENTIFIER -> insert.setLong(i + 1, column.getIdentifier(entity));
                        case INTEGER -> insert.setInt(i + 1, column.getInteger(entity));
                        case DATE -> insert.setObject(i + 1, java.sql.Date.valueOf(LocalDate.ofEpochDay(column.getDate(entity))));
                        case DOUBLE -> insert.setBigDecimal(i + 1, BigDecimal.valueOf(Math.round(column.getDouble(entity) * 100), 2));
                        case VARCHAR -> insert.setString(i + 1, column.getString(entity));
                    }
                }
                insert.addBatch();
                if (++pending == 5000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        }
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Stopping FlightSqlExample failed", e);
        }
        closeQuietly(server);
        closeQuietly(producer);
        try {
            allocator.close();
        } catch (RuntimeException e) {
            log.debug("FlightSqlExample's allocator still held memory: {}", e.getMessage());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("Closing {} failed", closeable, e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", root, e.getMessage());
        }
    }
}
