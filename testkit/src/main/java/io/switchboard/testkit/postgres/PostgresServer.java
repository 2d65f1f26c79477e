package io.switchboard.testkit.postgres;

import io.switchboard.testkit.process.Commands;
import io.switchboard.testkit.process.FreePorts;
import io.switchboard.testkit.process.SystemPackages;
import io.switchboard.testkit.tls.SelfSignedCertificate;
import io.switchboard.testkit.tpch.TpchJdbcLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for tests: initialised in a temporary directory, listening on a free
 * port of 127.0.0.1 only, with password authentication (SCRAM) for user {@code postgres}.
 *
 * <p>{@link #sharedTpch()} is one JVM-wide instance with TPC-H scale 0.01 loaded into database
 * {@value #TPCH_DATABASE}, started on first use and stopped by a shutdown hook; every test class
 * of a module reuses it. {@link #startNew()} gives a private instance that the caller stops and
 * starts again (engine-down tests) and closes. {@link #startNewWithTls()} is such a private
 * instance that also accepts TLS, with a self-signed certificate for 127.0.0.1 made at start.
 *
 * <p>PostgreSQL refuses to run as root, so when the JVM runs as root its commands run as the
 * operating-system user {@code postgres} (created by Debian's package) through {@code runuser}.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String TPCH_DATABASE = "tpch";
    public static final String USER = "postgres";
    public static final double TPCH_SCALE = 0.01;

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Object SHARED_LOCK = new Object();
    private static PostgresServer shared;

    private final Path root;
    private final Path dataDirectory;
    private final Path logFile;
    private final Path binDirectory;
    private final int port;
    private final String password;
    /** The PEM certificate clients trust when the server has TLS on; null when it has not. */
    private final Path tlsCertificate;
    private volatile boolean running;
    private volatile boolean closed;
    private long startupMillis;
    private long tpchLoadMillis;

    private PostgresServer(Path root, Path binDirectory, int port, String password, boolean tls) {
        this.root = root;
        this.dataDirectory = root.resolve("data");
        this.logFile = root.resolve("postgres.log");
        this.binDirectory = binDirectory;
        this.port = port;
        this.password = password;
        this.tlsCertificate = tls ? root.resolve("client-root-cert.pem") : null;
    }

    /**
     * The JVM-wide PostgreSQL with TPC-H loaded in database {@value #TPCH_DATABASE}: started on
     * the first call, reused afterwards, stopped when the JVM exits. Also the benchmark's direct
     * target: {@link #jdbcUrl(String)} with {@value #TPCH_DATABASE} reaches it without Switchboard.
     */
    public static PostgresServer sharedTpch() {
        synchronized (SHARED_LOCK) {
            if (shared == null || shared.closed) {
                PostgresServer server = startNew();
                try {
                    server.loadTpch();
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("postgres-test-server-stop").unstarted(server::close));
                shared = server;
            }
            return shared;
        }
    }

    /** A new, empty server of its own; the caller closes it. */
    public static PostgresServer startNew() {
        return startNew(false);
    }

    /**
     * As {@link #startNew()}, with TLS on ({@code ssl = on}) besides plain connections. The
     * certificate is self-signed for 127.0.0.1 (common name and IP subject alternative name) and
     * made at start; {@link #tlsCertificate()} is its PEM file, for clients to trust.
     */
    public static PostgresServer startNewWithTls() {
        return startNew(true);
    }

    private static PostgresServer startNew(boolean tls) {
        Path binDirectory = findOrInstallBinaries();
        Path root;
        try {
            root = Files.createTempDirectory("switchboard-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for PostgreSQL", e);
        }
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        PostgresServer server = new PostgresServer(root, binDirectory, FreePorts.next(), "pw-" + HexFormat.of().formatHex(secret),
                tls);
        try {
            long start = System.nanoTime();
            server.initialize();
            server.start();
            server.startupMillis = (System.nanoTime() - start) / 1_000_000;
            log.info("PostgreSQL started on 127.0.0.1:{}{} in {} ms (data in {})", server.port, tls ? " with TLS" : "",
                    server.startupMillis, root);
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

    /** A JDBC URL for a database of this server, without credentials (pass them as properties). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** The benchmark's direct target: the TPC-H database's JDBC URL. */
    public String tpchJdbcUrl() {
        return jdbcUrl(TPCH_DATABASE);
    }

    /** A Switchboard cluster endpoint for a database of this server, credentials left to separate keys. */
    public String endpoint(String database) {
        return "postgresql://" + host() + ":" + port + "/" + database;
    }

    /** A direct connection (pgjdbc) with this server's credentials. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        // Makes the TPC-H load send multi-row INSERTs.
        properties.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** The PEM file of the certificate a TLS client should trust; empty when this server has no TLS. */
    public Optional<Path> tlsCertificate() {
        return Optional.ofNullable(tlsCertificate);
    }

    public boolean isRunning() {
        return running;
    }

    public long startupMillis() {
        return startupMillis;
    }

    public long tpchLoadMillis() {
        return tpchLoadMillis;
    }

    /** Starts the server (again) on the same port and data; returns once a real query answers. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("this PostgreSQL server is closed");
        }
        if (running) {
            return;
        }
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + root
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
                // ssl_cert_file and ssl_key_file default to server.crt and server.key in the data directory.
                + (tlsCertificate != null ? " -c ssl=on" : "");
        command(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-l", logFile.toString(), "-w", "-t", "60",
                "-o", options, "start"));
        running = true;
        awaitReady();
    }

    /** Stops the server quickly (open sessions are disconnected); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        command(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    }

    /** Stops the server and deletes its data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (running) {
                running = false;
                command(List.of(bin("pg_ctl"), "-D", dataDirectory.toString(), "-m", "immediate", "-w", "-t", "30", "stop"));
            }
        } catch (RuntimeException e) {
            log.warn("Stopping PostgreSQL on port {} failed: {}", port, e.getMessage());
        } finally {
            Commands.deleteTree(root);
        }
    }

    // ---- internals ------------------------------------------------------------------------

    private void initialize() {
        try {
            Path passwordFile = root.resolve("password");
            Files.writeString(passwordFile, password + "\n");
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            giveToPostgresUser(root);
            giveToPostgresUser(passwordFile);
            command(List.of(bin("initdb"), "-D", dataDirectory.toString(), "-U", USER, "-A", "scram-sha-256",
                    "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync"));
            Files.delete(passwordFile);
            if (tlsCertificate != null) {
                writeCertificate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + root + " for initdb", e);
        }
    }

    /** The server's key pair in its data directory, private to the server's user as PostgreSQL demands. */
    private void writeCertificate() throws IOException {
        SelfSignedCertificate certificate = SelfSignedCertificate.forIpAddress(host(), root);
        writePrivate(dataDirectory.resolve("server.crt"), certificate.certificatePem());
        writePrivate(dataDirectory.resolve("server.key"), certificate.privateKeyPem());
        Files.writeString(tlsCertificate, certificate.certificatePem());
    }

    private static void writePrivate(Path file, String content) throws IOException {
        // Created private, so the key is never readable by others, not even for a moment.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        giveToPostgresUser(file);
    }

    private void loadTpch() {
        long start = System.nanoTime();
        try {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + TPCH_DATABASE);
            }
            try (Connection connection = connect(TPCH_DATABASE)) {
                long rows = TpchJdbcLoader.load(connection, TPCH_SCALE);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("ANALYZE");
                }
                tpchLoadMillis = (System.nanoTime() - start) / 1_000_000;
                log.info("Loaded TPC-H scale {} ({} rows) into PostgreSQL in {} ms", TPCH_SCALE, rows, tpchLoadMillis);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading TPC-H into PostgreSQL on port " + port + " failed: " + e.getMessage()
                    + "; server log:\n" + Commands.tail(logFile), e);
        }
    }

    /** Readiness is a real query, retried until it answers. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL on port " + port, e);
            }
        }
        throw new IllegalStateException("PostgreSQL on port " + port + " did not answer SELECT 1 within "
                + READY_TIMEOUT.toSeconds() + " s (last error: " + (last == null ? "none" : last.getMessage())
                + "); server log:\n" + Commands.tail(logFile));
    }

    private void command(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Commands.run(COMMAND_TIMEOUT, full);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nserver log:\n" + Commands.tail(logFile), e);
        }
    }

    private String bin(String name) {
        return binDirectory.resolve(name).toString();
    }

    private static void giveToPostgresUser(Path path) throws IOException {
        if (!isRoot()) {
            return;
        }
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, users.lookupPrincipalByName("postgres"));
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(users.lookupPrincipalByGroupName("postgres"));
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest installed PostgreSQL's binaries; installs Debian's package when there is none. */
    private static Path findOrInstallBinaries() {
        Path found = newestBinaries();
        if (found == null) {
            SystemPackages.ensureInstalled(Path.of("/usr/share/postgresql-common/pg_wrapper"), "postgresql");
            found = newestBinaries();
        }
        if (found == null) {
            throw new IllegalStateException("PostgreSQL is not installed: no /usr/lib/postgresql/<version>/bin/initdb "
                    + "even after apt-get install postgresql");
        }
        return found;
    }

    private static Path newestBinaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions
                    .filter(version -> version.getFileName().toString().matches("\\d+"))
                    .filter(version -> Commands.isExecutable(version.resolve("bin/initdb")))
                    .max((a, b) -> Integer.compare(Integer.parseInt(a.getFileName().toString()),
                            Integer.parseInt(b.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
    }
}
