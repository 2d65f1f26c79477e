package io.switchboard.testkit.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.process.FreePorts;
import io.switchboard.testkit.process.LocalProcess;
import io.switchboard.testkit.process.MavenArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Trino 476 for tests: one per JVM, started on first use and stopped when the JVM ends.
 * Catalogs: {@code tpch} (TPC-H with the standard {@code l_} column names and DECIMAL money
 * columns; schema {@code tiny} is scale 0.01) and {@code memory}.
 *
 * <p>The server tarball ({@code io.trino:trino-server:476:tar.gz}, 821 MB) comes from Maven
 * Central through Maven's local repository and is unpacked once into
 * {@code ~/.cache/switchboard/trino-server-476}, keeping only the plugins tests use. Each run
 * gets its own configuration and data under a temporary directory, a free port on 127.0.0.1, and
 * {@code -Xmx1G}. Trino 476 needs Java 24 or newer: the JVM running the tests when it is new
 * enough, else {@code -Dswitchboard.trino.java=/path/to/jdk}.
 *
 * <p><b>An already running Trino</b> is used instead when {@code -Dswitchboard.trino.url} or the
 * environment variable {@code SWITCHBOARD_TRINO_URL} names it ({@code http://127.0.0.1:8080});
 * it must have the two catalogs above, and the testkit neither starts nor stops it.
 */
public final class TrinoServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrinoServer.class);
    public static final String VERSION = "476";
    public static final String URL_PROPERTY = "switchboard.trino.url";
    public static final String URL_VARIABLE = "SWITCHBOARD_TRINO_URL";
    private static final Set<String> KEPT_PLUGINS = Set.of("tpch", "tpcds", "memory", "blackhole", "geospatial",
            "postgresql", "mysql", "mariadb", "clickhouse");
    private static final Duration STARTUP_DEADLINE = Duration.ofMinutes(4);
    private static final Duration READINESS_PAUSE = Duration.ofMillis(500);

    private static TrinoServer shared;

    private final URI baseUri;
    private final LocalProcess process;
    private final Path runDirectory;
    private final long startupMillis;

    private TrinoServer(URI baseUri, LocalProcess process, Path runDirectory, long startupMillis) {
        this.baseUri = baseUri;
        this.process = process;
        this.runDirectory = runDirectory;
        this.startupMillis = startupMillis;
    }

    /** The JVM-wide Trino, started (or found through {@value #URL_PROPERTY}) on first call. */
    public static synchronized TrinoServer shared() {
        if (shared == null) {
            shared = startOrFind();
        }
        return shared;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The {@code endpoint:} of a cluster pointing at this server. */
    public String endpoint() {
        return baseUri.toString();
    }

    /** Whether the testkit started this server (false for one given by URL). */
    public boolean managed() {
        return process != null;
    }

    /** Milliseconds from launch to the first successful query (0 for a server given by URL). */
    public long startupMillis() {
        return startupMillis;
    }

    public TrinoStatements statements() {
        return new TrinoStatements(baseUri);
    }

    private static TrinoServer startOrFind() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getenv(URL_VARIABLE);
        }
        if (url != null && !url.isBlank()) {
            return running(URI.create(url.strip().replaceAll("/+$", "")));
        }
        Path home = install();
        return launch(home);
    }

    /**
     * A Trino that something else started ({@value #URL_PROPERTY} names one): checked with a real
     * query, never stopped by {@link #close()}.
     */
    public static TrinoServer running(URI baseUri) {
        awaitReady(new TrinoStatements(baseUri), null, Duration.ofSeconds(60));
        log.info("Using the running Trino at {}", baseUri);
        return new TrinoServer(baseUri, null, null, 0);
    }

    private static TrinoServer launch(Path home) {
        Path run;
        try {
            run = Files.createTempDirectory("switchboard-trino-");
            Files.createDirectories(run.resolve("catalog"));
            Files.createDirectories(run.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Trino's run directory", e);
        }
        int port = FreePorts.next();
        URI uri = URI.create("http://127.0.0.1:" + port);
        write(run.resolve("config.properties"), String.join("\n",
                "coordinator=true",
                "node-scheduler.include-coordinator=true",
                "http-server.http.port=" + port,
                "discovery.uri=" + uri,
                "node.environment=switchboard_test",
                "node.id=" + UUID.randomUUID(),
                "node.bind-ip=127.0.0.1",
                "node.internal-address=127.0.0.1",
                "plugin.dir=" + home.resolve("plugin"),
                "catalog.config-dir=" + run.resolve("catalog"),
                "query.max-memory=512MB",
                "query.max-memory-per-node=384MB",
                "http-server.log.enabled=false",
                ""));
        write(run.resolve("log.properties"), "io.trino=WARN\nio.airlift=WARN\n");
        write(run.resolve("catalog/tpch.properties"),
                "connector.name=tpch\ntpch.column-naming=STANDARD\ntpch.double-type-mapping=DECIMAL\n");
        write(run.resolve("catalog/memory.properties"), "connector.name=memory\n");
        Path java = javaExecutable();
        List<String> command = List.of(java.toString(),
                "-Xmx1G", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-XX:ReservedCodeCacheSize=256M",
                "-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading", "-Dfile.encoding=UTF-8",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dconfig=" + run.resolve("config.properties"),
                "-Dlog.levels-file=" + run.resolve("log.properties"),
                "-cp", home.resolve("lib") + "/*",
                "io.trino.server.TrinoServer");
        long start = System.nanoTime();
        LocalProcess process = LocalProcess.start("trino-" + port, command, run, run.resolve("server.log"), Map.of());
        try {
            awaitReady(new TrinoStatements(uri), process, STARTUP_DEADLINE);
        } catch (RuntimeException e) {
            process.close();
            deleteTree(run);
            throw e;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("Trino {} started at {} in {} ms (run directory {})", VERSION, uri, millis, run);
        TrinoServer server = new TrinoServer(uri, process, run, millis);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(run), "delete-" + run.getFileName()));
        return server;
    }

    /** Readiness is a real query that succeeds; {@code /v1/info} says ready earlier than queries work. */
    private static void awaitReady(TrinoStatements statements, LocalProcess process, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Trino exited during start-up; the end of its log ("
                        + process.logFile() + "):\n" + process.logTail(40));
            }
            try {
                List<List<JsonNode>> rows =
                        statements.query("SELECT count(*) FROM tpch.tiny.region");
                if (rows.size() == 1 && rows.get(0).get(0).asLong() == 5) {
                    return;
                }
                last = new IllegalStateException("unexpected answer " + rows);
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(READINESS_PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Trino", e);
            }
        }
        throw new IllegalStateException("Trino did not answer 'SELECT count(*) FROM tpch.tiny.region' within "
                + deadline.toSeconds() + " s; last error: " + (last == null ? "none" : last.getMessage())
                + (process == null ? "" : "\nthe end of its log (" + process.logFile() + "):\n" + process.logTail(40)));
    }

    /** Unpacks the server once into the cache, under a lock so that concurrent JVMs do it once. */
    static Path install() {
        Path cache = MavenArtifacts.cacheDirectory();
        Path home = cache.resolve("trino-server-" + VERSION);
        Path marker = home.resolve(".switchboard-installed");
        if (Files.exists(marker)) {
            return home;
        }
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve("trino-server.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                // Held until the channel closes: another JVM unpacking at the same time waits here.
                channel.lock();
                if (Files.exists(marker)) {
                    return home;
                }
                Path tarball = MavenArtifacts.resolve("io.trino", "trino-server", VERSION, "tar.gz");
                Path unpacking = cache.resolve("trino-server-" + VERSION + ".unpacking");
                deleteTree(unpacking);
                deleteTree(home);
                Files.createDirectories(unpacking);
                long start = System.nanoTime();
                // GNU tar: the tarball hard-links files between plugin folders, which tar restores.
                run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacking.toString(), "--strip-components=1"));
                try (Stream<Path> plugins = Files.list(unpacking.resolve("plugin"))) {
                    for (Path plugin : plugins.toList()) {
                        if (!KEPT_PLUGINS.contains(plugin.getFileName().toString())) {
                            deleteTree(plugin);
                        }
                    }
                }
                Files.writeString(unpacking.resolve(".switchboard-installed"), "trino-server " + VERSION + "\n");
                Files.move(unpacking, home, StandardCopyOption.ATOMIC_MOVE);
                log.info("Unpacked Trino {} into {} in {} ms", VERSION, home, (System.nanoTime() - start) / 1_000_000);
                return home;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install Trino " + VERSION + " into " + home + ": " + e.getMessage(), e);
        }
    }

    private static Path javaExecutable() {
        String configured = System.getProperty("switchboard.trino.java");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured, "bin", "java");
        }
        if (Runtime.version().feature() >= 24) {
            return Path.of(System.getProperty("java.home"), "bin", "java");
        }
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            return jvms.filter(jvm -> jvm.getFileName().toString().matches(".*-(2[4-9]|[3-9][0-9])(-.*)?"))
                    .map(jvm -> jvm.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Trino " + VERSION + " needs Java 24 or newer; this JVM is "
                            + Runtime.version() + " and /usr/lib/jvm has none. Set -Dswitchboard.trino.java=/path/to/jdk"));
        } catch (IOException e) {
            throw new IllegalStateException("Trino " + VERSION + " needs Java 24 or newer; this JVM is " + Runtime.version()
                    + ". Set -Dswitchboard.trino.java=/path/to/jdk", e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Path output = Files.createTempFile("switchboard-tar", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' failed:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", root, e.getMessage());
        }
    }

    /** Stops a server the testkit started; one given by URL is left running. */
    @Override
    public void close() {
        if (process != null) {
            process.close();
            deleteTree(runDirectory);
        }
    }
}
