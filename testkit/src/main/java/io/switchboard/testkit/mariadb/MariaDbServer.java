package io.switchboard.testkit.mariadb;

import io.switchboard.testkit.process.Commands;
import io.switchboard.testkit.process.FreePorts;
import io.switchboard.testkit.process.SystemPackages;
import io.switchboard.testkit.tpch.TpchJdbcLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (the MySQL-wire stand-in for MySQL and StarRocks) for tests: a data
 * directory under a temporary directory, a free port on 127.0.0.1 only, and a password user
 * {@value #USER} with every privilege. {@code mariadbd} runs as a child process of the JVM.
 *
 * <p>{@link #sharedTpch()} is one JVM-wide instance with TPC-H scale 0.01 in database
 * {@value #TPCH_DATABASE}, started on first use and stopped by a shutdown hook.
 * {@link #startNew()} gives a private instance that the caller may stop, start again and close.
 * Installs Debian's {@code mariadb-server} and {@code mariadb-client} when they are missing.
 */
public final class MariaDbServer implements AutoCloseable {
    public static final String TPCH_DATABASE = "tpch";
    public static final String USER = "switchboard";
    public static final double TPCH_SCALE = 0.01;

    private static final Logger log = LoggerFactory.getLogger(MariaDbServer.class);
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path CLIENT = Path.of("/usr/bin/mariadb");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Object SHARED_LOCK = new Object();
    private static MariaDbServer shared;

    private final Path root;
    private final Path dataDirectory;
    private final Path socket;
    private final Path logFile;
    private final int port;
    private final String password;
    private Process process;
    private volatile boolean closed;
    private long startupMillis;
    private long tpchLoadMillis;

    private MariaDbServer(Path root, int port, String password) {
        this.root = root;
        this.dataDirectory = root.resolve("data");
        this.socket = root.resolve("mariadb.sock");
        this.logFile = root.resolve("mariadb.log");
        this.port = port;
        this.password = password;
    }

    /** The JVM-wide MariaDB with TPC-H loaded in database {@value #TPCH_DATABASE}. */
    public static MariaDbServer sharedTpch() {
        synchronized (SHARED_LOCK) {
            if (shared == null || shared.closed) {
                MariaDbServer server = startNew();
                try {
                    server.loadTpch();
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("mariadb-test-server-stop").unstarted(server::close));
                shared = server;
            }
            return shared;
        }
    }

    /** A new server of its own with an empty database {@value #TPCH_DATABASE}; the caller closes it. */
    public static MariaDbServer startNew() {
        if (!Commands.isExecutable(SERVER) || !Commands.isExecutable(INSTALL_DB) || !Commands.isExecutable(CLIENT)) {
            SystemPackages.ensureInstalled(SERVER, "mariadb-server", "mariadb-client");
            if (!Commands.isExecutable(SERVER) || !Commands.isExecutable(CLIENT)) {
                throw new IllegalStateException("MariaDB is not installed: " + SERVER + " or " + CLIENT
                        + " is missing even after apt-get install mariadb-server mariadb-client");
            }
        }
        Path root;
        try {
            root = Files.createTempDirectory("switchboard-mariadb-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for MariaDB", e);
        }
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        MariaDbServer server = new MariaDbServer(root, FreePorts.next(), "pw-" + HexFormat.of().formatHex(secret));
        try {
            long start = System.nanoTime();
            Commands.run(Duration.ofSeconds(120), List.of(INSTALL_DB.toString(), "--no-defaults", "--user=root",
                    "--datadir=" + server.dataDirectory, "--auth-root-authentication-method=socket", "--skip-test-db"));
            server.start();
            server.createUser();
            server.startupMillis = (System.nanoTime() - start) / 1_000_000;
            log.info("MariaDB started on 127.0.0.1:{} in {} ms (data in {})", server.port, server.startupMillis, root);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host() + ":" + port + "/" + database;
    }

    /** A Switchboard cluster endpoint for a database of this server, credentials left to separate keys. */
    public String endpoint(String database) {
        return "mysql://" + host() + ":" + port + "/" + database;
    }

    /** A direct connection (mysql-connector-j) as {@value #USER}. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5000");
        properties.setProperty("rewriteBatchedStatements", "true");
        properties.setProperty("allowPublicKeyRetrieval", "true");
        properties.setProperty("sslMode", "DISABLED");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public long startupMillis() {
        return startupMillis;
    }

    public long tpchLoadMillis() {
        return tpchLoadMillis;
    }

    /** Starts the server (again) on the same port and data; returns once it answers over its socket. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this MariaDB server is closed");
        }
        if (isRunning()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString(), "--no-defaults", "--user=root",
                "--datadir=" + dataDirectory, "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket,
                "--pid-file=" + root.resolve("mariadb.pid"), "--skip-name-resolve", "--max-connections=300",
                "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=256M", "--log-error=" + logFile)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + SERVER + ": " + e.getMessage(), e);
        }
        awaitReady();
    }

    /** Stops the server (SIGTERM, a clean shutdown); {@link #start()} brings it back. */
    public synchronized void stop() {
        Process current = process;
        if (current == null) {
            return;
        }
        process = null;
        current.destroy();
        try {
            if (!current.waitFor(60, TimeUnit.SECONDS)) {
                current.destroyForcibly();
                current.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server and deletes its data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } finally {
            Commands.deleteTree(root);
        }
    }

    // ---- internals ------------------------------------------------------------------------

    /** Root may only log in over the socket; tests and engines use a password user over TCP. */
    private void createUser() {
        String sql = "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "';"
                + "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;"
                + "CREATE DATABASE " + TPCH_DATABASE + ";";
        Commands.run(Duration.ofSeconds(30), List.of(CLIENT.toString(), "--no-defaults", "--user=root",
                "--socket=" + socket, "-e", sql));
    }

    private void loadTpch() {
        long start = System.nanoTime();
        try (Connection connection = connect(TPCH_DATABASE)) {
            long rows = TpchJdbcLoader.load(connection, TPCH_SCALE);
            try (Statement statement = connection.createStatement()) {
                for (String table : TpchJdbcLoader.tableNames()) {
                    statement.execute("ANALYZE TABLE " + table);
                }
            }
            tpchLoadMillis = (System.nanoTime() - start) / 1_000_000;
            log.info("Loaded TPC-H scale {} ({} rows) into MariaDB in {} ms", TPCH_SCALE, rows, tpchLoadMillis);
        } catch (SQLException e) {
            throw new IllegalStateException("loading TPC-H into MariaDB on port " + port + " failed: " + e.getMessage()
                    + "; server log:\n" + Commands.tail(logFile), e);
        }
    }

    /** Readiness is a real query over the server's socket, retried until it answers. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!isRunning()) {
                throw new IllegalStateException("mariadbd on port " + port + " exited during start-up; its log:\n"
                        + Commands.tail(logFile));
            }
            if (Files.exists(socket)) {
                try {
                    Commands.run(Duration.ofSeconds(10), List.of(CLIENT.toString(), "--no-defaults", "--user=root",
                            "--socket=" + socket, "-e", "SELECT 1"));
                    return;
                } catch (IllegalStateException e) {
                    last = e.getMessage();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for MariaDB on port " + port, e);
            }
        }
        throw new IllegalStateException("MariaDB on port " + port + " did not answer SELECT 1 within "
                + READY_TIMEOUT.toSeconds() + " s (last error: " + last + "); its log:\n" + Commands.tail(logFile));
    }
}
