package io.switchboard.engines.duckdb;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the eight TPC-H tables in schema {@code main} of a DuckDB database, generated in-process
 * by {@code io.trino.tpch}, so that the default configuration has data to query with no download.
 *
 * <p>Standard names and types: keys are BIGINT, other integers INTEGER, money and quantities
 * DECIMAL(15,2), dates DATE, text VARCHAR(n). Rows go in through DuckDB's Appender, all tables in
 * one transaction together with a row in the marker table {@code switchboard.demo_data}; later
 * starts find the marker and skip generation. SF 0.01 (86,805 rows) takes about a second. A JVM
 * with less heap than TPC-H's text pool needs generates in a helper JVM instead.
 */
final class TpchDemoData {
    static final String MARKER_SCHEMA = "switchboard";
    static final String MARKER_TABLE = "demo_data";
    static final String DATASET = "tpch";

    private static final Logger log = LoggerFactory.getLogger(TpchDemoData.class);

    private TpchDemoData() {}

    /** What {@link #ensure} did. */
    enum Outcome { GENERATED, ALREADY_PRESENT }

    /**
     * Generates the tables unless the marker says they exist. Refuses to write over a database
     * that holds some TPC-H tables but not all, or to write to a read-only one.
     */
    static Outcome ensure(DuckDBConnection connection, double scale, boolean readOnly, String clusterName) throws SQLException {
        Optional<Double> markedScale = markedScale(connection);
        if (markedScale.isPresent()) {
            if (markedScale.get() != scale) {
                log.warn("Cluster '{}' already holds TPC-H demo data at scale {}; demoScale {} is ignored "
                        + "(delete the database file to regenerate)", clusterName, markedScale.get(), scale);
            }
            return Outcome.ALREADY_PRESENT;
        }
        Set<String> present = existingTables(connection);
        List<String> missing = new ArrayList<>();
        for (TpchTable<?> table : TpchTable.getTables()) {
            if (!present.contains(table.getTableName())) {
                missing.add(table.getTableName());
            }
        }
        if (missing.isEmpty()) {
            log.info("Cluster '{}' already has the TPC-H tables; no demo data generated", clusterName);
            return Outcome.ALREADY_PRESENT;
        }
        if (missing.size() < TpchTable.getTables().size()) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "Cluster '" + clusterName
                    + "' asks for TPC-H demo data, but its database already has some TPC-H tables and lacks " + missing
                    + "; refusing to write over them (use another databasePath or drop those tables)");
        }
        if (readOnly) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "Cluster '" + clusterName
                    + "' asks for TPC-H demo data, but its database is opened read-only and has no TPC-H tables");
        }
        long start = System.nanoTime();
        long rows = Runtime.getRuntime().maxMemory() >= IN_PROCESS_HEAP
                ? generate(connection, scale)
                : generateInHelperProcess(connection, scale, clusterName);
        log.info("Cluster '{}': generated TPC-H demo data at scale {} ({} rows) in {} ms", clusterName, scale, rows,
                (System.nanoTime() - start) / 1_000_000);
        return Outcome.GENERATED;
    }

    /**
     * The heap below which generation moves to a helper JVM: io.trino.tpch builds TPC-H's 300 MB
     * text pool (the comments come from it, and q13 and q16 read comments, so a smaller pool would
     * change their answers).
     */
    static final long IN_PROCESS_HEAP = 640L * 1024 * 1024;
    private static final String HELPER_HEAP = "-Xmx768m";
    private static final long HELPER_TIMEOUT_SECONDS = 600;

    /**
     * Generates into a temporary database file in a helper JVM with enough heap, then copies the
     * tables over in one transaction. Used when this process runs with a small heap (the
     * streaming benchmarks run the server at -Xmx256m).
     */
    static long generateInHelperProcess(DuckDBConnection connection, double scale, String clusterName) throws SQLException {
        Path directory;
        try {
            directory = Files.createTempDirectory("switchboard-tpch-");
        } catch (IOException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot create a temporary directory for TPC-H generation", e);
        }
        Path file = directory.resolve("tpch.duckdb");
        try {
            runHelper(file, scale, clusterName);
            boolean autoCommit = connection.getAutoCommit();
            try (Statement statement = connection.createStatement()) {
                statement.execute("ATTACH '" + file.toString().replace("'", "''") + "' AS switchboard_tpch_source (READ_ONLY)");
                connection.setAutoCommit(false);
                long rows = 0;
                try {
                    createMarkerTable(statement);
                    for (TpchTable<?> table : TpchTable.getTables()) {
                        statement.execute(createTable(table));
                        rows += statement.executeUpdate("INSERT INTO main." + table.getTableName()
                                + " SELECT * FROM switchboard_tpch_source.main." + table.getTableName());
                    }
                    insertMarker(connection, scale);
                    connection.commit();
                    return rows;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                    statement.execute("DETACH switchboard_tpch_source");
                }
            }
        } finally {
            deleteQuietly(file);
            deleteQuietly(file.resolveSibling("tpch.duckdb.wal"));
            deleteQuietly(directory);
        }
    }

    private static void runHelper(Path file, double scale, String clusterName) {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HELPER_HEAP,
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                TpchDemoData.class.getName(),
                file.toString(),
                Double.toString(scale));
        log.info("Cluster '{}': this JVM's heap is below {} MB, generating TPC-H in a helper JVM ({})", clusterName,
                IN_PROCESS_HEAP / (1024 * 1024), HELPER_HEAP);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            if (!process.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SwitchboardException(ErrorCode.INTERNAL, "TPC-H generation did not finish in " + HELPER_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new SwitchboardException(ErrorCode.INTERNAL, "TPC-H generation failed (exit " + process.exitValue() + "): " + output.strip());
            }
        } catch (IOException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot start a JVM to generate TPC-H: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "interrupted while generating TPC-H", e);
        }
    }

    /** The helper JVM: {@code TpchDemoData <database file> <scale>}. */
    public static void main(String[] args) throws SQLException {
        if (args.length != 2) {
            System.err.println("usage: TpchDemoData <database file> <scale>");
            System.exit(2);
        }
        try (DuckDBConnection connection = (DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            generate(connection, Double.parseDouble(args[1]));
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("could not delete {}", path, e);
        }
    }

    private static void createMarkerTable(Statement statement) throws SQLException {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + MARKER_SCHEMA);
        statement.execute("CREATE TABLE IF NOT EXISTS " + MARKER_SCHEMA + "." + MARKER_TABLE
                + " (dataset VARCHAR PRIMARY KEY, scale DOUBLE NOT NULL, generated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }

    private static void insertMarker(DuckDBConnection connection, double scale) throws SQLException {
        try (PreparedStatement marker = connection.prepareStatement("INSERT INTO " + MARKER_SCHEMA + "." + MARKER_TABLE
                + " VALUES (?, ?, now())")) {
            marker.setString(1, DATASET);
            marker.setDouble(2, scale);
            marker.executeUpdate();
        }
    }

    private static long generate(DuckDBConnection connection, double scale) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long rows = 0;
        try {
            try (Statement statement = connection.createStatement()) {
                createMarkerTable(statement);
                for (TpchTable<?> table : TpchTable.getTables()) {
                    statement.execute(createTable(table));
                }
            }
            for (TpchTable<?> table : TpchTable.getTables()) {
                rows += append(connection, table, scale);
            }
            insertMarker(connection, scale);
            connection.commit();
            return rows;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static String createTable(TpchTable<?> table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE main.").append(table.getTableName()).append(" (");
        List<? extends TpchColumn<?>> columns = table.getColumns();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sql.append(", ");
            }
            sql.append(columns.get(i).getColumnName()).append(' ').append(sqlType(columns.get(i).getType())).append(" NOT NULL");
        }
        return sql.append(')').toString();
    }

    static String sqlType(TpchColumnType type) {
        return switch (type.getBase()) {
            case IDENTIFIER -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DATE -> "DATE";
            // io.trino.tpch models money, quantities, discounts and taxes as doubles with two
            // decimals; the TPC-H specification and its answers use DECIMAL(15,2).
            case DOUBLE -> "DECIMAL(15,2)";
            case VARCHAR -> type.getPrecision().map(length -> "VARCHAR(" + length + ")").orElse("VARCHAR");
        };
    }

    private static <E extends TpchEntity> long append(DuckDBConnection connection, TpchTable<E> table, double scale)
            throws SQLException {
        List<TpchColumn<E>> columns = table.getColumns();
        long rows = 0;
        try (DuckDBAppender appender = connection.createAppender("main", table.getTableName())) {
            for (E entity : table.createGenerator(scale, 1, 1)) {
                appender.beginRow();
                for (TpchColumn<E> column : columns) {
                    switch (column.getType().getBase()) {
                        case IDENTIFIER -> appender.append(column.getIdentifier(entity));
                        case INTEGER -> appender.append(column.getInteger(entity));
                        case DATE -> appender.appendEpochDays(column.getDate(entity));
                        // The unscaled value of DECIMAL(15,2): the generator's doubles are exact cents.
                        case DOUBLE -> appender.appendDecimal(Math.round(column.getDouble(entity) * 100));
                        case VARCHAR -> appender.append(column.getString(entity));
                    }
                }
                appender.endRow();
                rows++;
            }
        }
        return rows;
    }

    private static Optional<Double> markedScale(DuckDBConnection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT count(*) FROM information_schema.tables "
                + "WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?")) {
            exists.setString(1, MARKER_SCHEMA);
            exists.setString(2, MARKER_TABLE);
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                if (result.getLong(1) == 0) {
                    return Optional.empty();
                }
            }
        }
        try (PreparedStatement marker = connection.prepareStatement(
                "SELECT scale FROM " + MARKER_SCHEMA + "." + MARKER_TABLE + " WHERE dataset = ?")) {
            marker.setString(1, DATASET);
            try (ResultSet result = marker.executeQuery()) {
                return result.next() ? Optional.of(result.getDouble(1)) : Optional.empty();
            }
        }
    }

    private static Set<String> existingTables(DuckDBConnection connection) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_catalog = current_database() AND table_schema = 'main'")) {
            while (result.next()) {
                tables.add(result.getString(1));
            }
        }
        return tables;
    }
}
