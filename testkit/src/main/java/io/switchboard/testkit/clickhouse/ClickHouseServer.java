package io.switchboard.testkit.clickhouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.switchboard.testkit.process.FreePorts;
import io.switchboard.testkit.process.LocalProcess;
import io.switchboard.testkit.process.SystemPackages;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ClickHouse for tests: one per JVM, started on first use from the machine's
 * {@code clickhouse-server} (installed with apt when missing; Debian bookworm ships 18.16),
 * listening on 127.0.0.1 only with free ports, data under a temporary directory, and the eight
 * TPC-H tables at scale 0.01 in database {@code tpch} (keys Int64/Int32, money Decimal(15, 2),
 * dates Date, text String). Stopped when the JVM ends.
 *
 * <p>Two users: {@code default} without a password, and {@value #USER} with password
 * {@value #PASSWORD}, for tests of credentials.
 */
public final class ClickHouseServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClickHouseServer.class);
    public static final String USER = "switchboard";
    public static final String PASSWORD = "switchboard-secret";
    public static final String TPCH_DATABASE = "tpch";
    public static final double TPCH_SCALE = 0.01;
    /** Debian's package installs the server in /usr/sbin, ClickHouse's own packages in /usr/bin. */
    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/clickhouse-server"), Path.of("/usr/bin/clickhouse-server"));
    private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);

    private static ClickHouseServer shared;

    private final int httpPort;
    private final LocalProcess process;
    private final Path directory;
    private final HttpClient client;
    private final long startNanos;
    private long startupMillis;
    private long loadMillis;

    private ClickHouseServer(int httpPort, LocalProcess process, Path directory, long startNanos) {
        this.httpPort = httpPort;
        this.process = process;
        this.directory = directory;
        this.startNanos = startNanos;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The JVM-wide ClickHouse with TPC-H loaded, started on first call. */
    public static synchronized ClickHouseServer shared() {
        if (shared == null) {
            ClickHouseServer server = start();
            try {
                server.loadTpch();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            shared = server;
        }
        return shared;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The {@code endpoint:} of a cluster pointing at this server. */
    public String endpoint() {
        return "http://127.0.0.1:" + httpPort;
    }

    public long startupMillis() {
        return startupMillis;
    }

    public long tpchLoadMillis() {
        return loadMillis;
    }

    /** Runs a statement as user {@code default} and returns ClickHouse's TabSeparated output. */
    public String query(String sql) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(sql, UTF_8)).build(), HttpResponse.BodyHandlers.ofString(UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ClickHouse failed '" + sql + "': HTTP " + response.statusCode() + ": "
                        + response.body().strip());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach ClickHouse at " + endpoint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying ClickHouse", e);
        }
    }

    private static ClickHouseServer start() {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseGet(() -> {
            SystemPackages.ensureInstalled(BINARIES.get(0), "clickhouse-server");
            return BINARIES.get(0);
        });
        Path run;
        try {
            run = Files.createTempDirectory("switchboard-clickhouse-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ClickHouse's directory", e);
        }
        int httpPort = FreePorts.next();
        int tcpPort = FreePorts.next();
        write(run.resolve("config.xml"), """
                <?xml version="1.0"?>
                <yandex>
                    <logger>
                        <level>warning</level>
                        <log>%1$s/server.log</log>
                        <errorlog>%1$s/error.log</errorlog>
                        <size>10M</size>
                        <count>1</count>
                    </logger>
                    <http_port>%2$d</http_port>
                    <tcp_port>%3$d</tcp_port>
                    <!-- Only loopback: the shipped configuration would also bind ::1. -->
                    <listen_host>127.0.0.1</listen_host>
                    <max_concurrent_queries>100</max_concurrent_queries>
                    <path>%1$s/data/</path>
                    <tmp_path>%1$s/tmp/</tmp_path>
                    <user_files_path>%1$s/user_files/</user_files_path>
                    <format_schema_path>%1$s/format_schemas/</format_schema_path>
                    <users_config>%1$s/users.xml</users_config>
                    <default_profile>default</default_profile>
                    <default_database>default</default_database>
                    <timezone>UTC</timezone>
                    <mark_cache_size>67108864</mark_cache_size>
                    <uncompressed_cache_size>67108864</uncompressed_cache_size>
                </yandex>
                """.formatted(run, httpPort, tcpPort));
        write(run.resolve("users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                    <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
                    <users>
                        <default><password></password><networks><ip>127.0.0.1</ip></networks>
                            <profile>default</profile><quota>default</quota></default>
                        <%1$s><password>%2$s</password><networks><ip>127.0.0.1</ip></networks>
                            <profile>default</profile><quota>default</quota></%1$s>
                    </users>
                    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
                        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time>
                    </interval></default></quotas>
                </yandex>
                """.formatted(USER, PASSWORD));
        long start = System.nanoTime();
        LocalProcess process = LocalProcess.start("clickhouse-" + httpPort,
                List.of(binary.toString(), "--config-file=" + run.resolve("config.xml")), run, run.resolve("stdout.log"), Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(run), "delete-" + run.getFileName()));
        ClickHouseServer server = new ClickHouseServer(httpPort, process, run, start);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("ClickHouse {} started at {} in {} ms (directory {})", server.query("SELECT version()").strip(),
                server.endpoint(), server.startupMillis, run);
        return server;
    }

    /** Readiness is a real query answered; start-up time is measured to the first answer. */
    private void awaitReady() {
        long end = System.nanoTime() + STARTUP_DEADLINE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clickhouse-server exited during start-up; the end of its log ("
                        + process.logFile() + "):\n" + process.logTail(30));
            }
            try {
                if (query("SELECT 1").strip().equals("1")) {
                    startupMillis = (System.nanoTime() - startNanos) / 1_000_000;
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for ClickHouse", e);
            }
        }
        throw new IllegalStateException("ClickHouse did not answer SELECT 1 within " + STARTUP_DEADLINE.toSeconds() + " s: "
                + (last == null ? "" : last.getMessage()) + "\nthe end of its log:\n" + process.logTail(30));
    }

    private void loadTpch() {
        long start = System.nanoTime();
        query("CREATE DATABASE IF NOT EXISTS " + TPCH_DATABASE);
        for (TpchTable<?> table : TpchTable.getTables()) {
            query(createTable(table));
            insert(table);
        }
        loadMillis = (System.nanoTime() - start) / 1_000_000;
        log.info("Loaded TPC-H at scale {} into ClickHouse in {} ms", TPCH_SCALE, loadMillis);
    }

    private static String createTable(TpchTable<?> table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE " + TPCH_DATABASE + "." + table.getTableName() + " (");
        List<? extends TpchColumn<?>> columns = table.getColumns();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).getColumnName()).append(' ')
                    .append(clickHouseType(columns.get(i).getType()));
        }
        return sql.append(") ENGINE = MergeTree() ORDER BY ").append(columns.get(0).getColumnName()).toString();
    }

    private static String clickHouseType(TpchColumnType type) {
        return switch (type.getBase()) {
            case IDENTIFIER -> "Int64";
            case INTEGER -> "Int32";
            case DATE -> "Date";
            // Money, quantities, discounts and taxes are DECIMAL(15,2) in TPC-H (the generator's doubles are exact cents).
            case DOUBLE -> "Decimal(15, 2)";
            case VARCHAR -> "String";
        };
    }

    private <E extends TpchEntity> void insert(TpchTable<E> table) {
        ByteArrayOutputStream tsv = new ByteArrayOutputStream(1 << 20);
        StringBuilder line = new StringBuilder(256);
        List<TpchColumn<E>> columns = table.getColumns();
        for (E entity : table.createGenerator(TPCH_SCALE, 1, 1)) {
            line.setLength(0);
            for (int i = 0; i < columns.size(); i++) {
                TpchColumn<E> column = columns.get(i);
                line.append(i == 0 ? "" : "\t");
                switch (column.getType().getBase()) {
                    case IDENTIFIER -> line.append(column.getIdentifier(entity));
                    case INTEGER -> line.append(column.getInteger(entity));
                    case DATE -> line.append(LocalDate.ofEpochDay(column.getDate(entity)));
                    case DOUBLE -> line.append(BigDecimal.valueOf(Math.round(column.getDouble(entity) * 100), 2));
                    case VARCHAR -> line.append(escape(column.getString(entity)));
                }
            }
            line.append('\n');
            tsv.writeBytes(line.toString().getBytes(UTF_8));
        }
        String sql = "INSERT INTO " + TPCH_DATABASE + "." + table.getTableName() + " FORMAT TabSeparated";
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create(endpoint() + "/?query=" + URLEncoder.encode(sql, UTF_8)))
                    .timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(tsv.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofString(UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("loading TPC-H table " + table.getTableName() + " into ClickHouse failed: HTTP "
                        + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("loading TPC-H table " + table.getTableName() + " into ClickHouse failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading TPC-H into ClickHouse", e);
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    /** Stops the server and deletes its data; the shared server is stopped when the JVM ends. */
    @Override
    public void close() {
        process.close();
        client.close();
        deleteTree(directory);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
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
}
