package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.approval.ApprovalStore;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.sql.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default feedback store: an embedded DuckDB file in the data directory. Queries hand their
 * records to {@link AsyncRecordWriter} and never wait; reads (Studio's history, the adaptive
 * router's statistics) run on their own short-lived connections beside the writer's, which
 * DuckDB's MVCC keeps apart.
 */
public final class DuckDbFeedbackStore implements FeedbackStore {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The feedback database shares the process with query engines (DuckDB among them): cap its
     * memory so a large statistics query spills to disk instead of competing with them.
     */
    private static final String MEMORY_LIMIT = "512MB";
    private static final Logger log = LoggerFactory.getLogger(DuckDbFeedbackStore.class);

    private final Path file;
    private final DuckDBConnection database;
    private final AsyncRecordWriter writer;
    private DuckDbApprovalStore approvals;
    private volatile boolean closed;

    private DuckDbFeedbackStore(Path file, DuckDBConnection database, AsyncRecordWriter writer) {
        this.file = file;
        this.database = database;
        this.writer = writer;
    }

    /** Opens (creating if needed) the database file, migrates its schema and starts the writer. */
    public static DuckDbFeedbackStore open(DuckDbFeedbackStoreConfig config, MeterRegistry registry) {
        requireNonNull(config, "config is null");
        requireNonNull(registry, "registry is null");
        Path file = config.file().toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "cannot create the feedback store's directory " + file.getParent() + ": " + e.getMessage(), e);
        }
        Properties properties = new Properties();
        properties.setProperty("memory_limit", MEMORY_LIMIT);
        DuckDBConnection database;
        try {
            database = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
        } catch (SQLException e) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "cannot open the feedback store " + file + " (is another Switchboard using it?): " + e.getMessage(), e);
        }
        restrictToOwner(file);
        try {
            List<Integer> applied = SchemaMigrator.migrate(database, Dialect.DUCKDB);
            DuckDbBatchSink sink = new DuckDbBatchSink(database.duplicate());
            AsyncRecordWriter writer;
            try {
                writer = AsyncRecordWriter.start(
                        "switchboard-feedback-writer", config.queueCapacity(), config.batchSize(), sink, registry);
            } catch (RuntimeException e) {
                sink.close();
                throw e;
            }
            log.info("Feedback store {} open (migrations applied now: {}; queue {}, batch {})",
                    file, applied.isEmpty() ? "none" : applied, config.queueCapacity(), config.batchSize());
            return new DuckDbFeedbackStore(file, database, writer);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(database, e);
            throw e instanceof SwitchboardException s ? s
                    : new SwitchboardException(ErrorCode.INTERNAL, "cannot prepare the feedback store " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /**
     * The holds of the approval service, in this file's {@code approval_holds} table, on a
     * connection of their own. One per store; closed with it.
     */
    public synchronized ApprovalStore approvalStore() {
        if (closed) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "the feedback store " + file + " is closed");
        }
        if (approvals == null) {
            approvals = new DuckDbApprovalStore(duplicate());
        }
        return approvals;
    }

    private DuckDBConnection duplicate() {
        try {
            return database.duplicate();
        } catch (SQLException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot open a connection to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Held queries keep their SQL unredacted in this file (they must run as written), and records
     * hold what users asked: only the account running Switchboard may read it. Where the file
     * system has no POSIX permissions this is left to the directory's rights.
     */
    private static void restrictToOwner(Path file) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        for (Path path : List.of(file, file.resolveSibling(file.getFileName() + ".wal"))) {
            try {
                if (Files.exists(path)) {
                    Files.setPosixFilePermissions(path, ownerOnly);
                }
            } catch (UnsupportedOperationException e) {
                return;
            } catch (IOException e) {
                log.warn("Could not make {} readable by its owner only: {}", path, e.getMessage());
            }
        }
    }

    @Override
    public void record(QueryRecord record) {
        writer.offer(record);
    }

    @Override
    public List<QueryRecord> recentQueries(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        return query(QueryRecordTable.SELECT + " ORDER BY received_at DESC, query_id DESC LIMIT ?", limit);
    }

    @Override
    public Optional<QueryRecord> findQuery(String queryId) {
        requireNonNull(queryId, "queryId is null");
        // A plain equality lets DuckDB use the query_id index; ids are unique in practice, and
        // should a frontend ever repeat one, the newest record wins.
        return query(QueryRecordTable.SELECT + " WHERE query_id = ?", queryId).stream()
                .max(Comparator.comparing(QueryRecord::receivedAt));
    }

    @Override
    public boolean flush(Duration timeout) {
        return writer.flush(timeout);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (approvals != null) {
            try {
                approvals.close();
            } catch (RuntimeException e) {
                log.warn("Could not close the approval store of {}", file, e);
            }
        }
        if (writer.close(CLOSE_TIMEOUT)) {
            try {
                database.close();
            } catch (SQLException e) {
                log.warn("Could not close the feedback store {}", file, e);
            }
        }
    }

    private List<QueryRecord> query(String sql, Object parameter) {
        if (closed) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "the feedback store " + file + " is closed");
        }
        try (DuckDBConnection connection = database.duplicate();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            List<QueryRecord> records = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    records.add(QueryRecordTable.read(rows));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot read the feedback store " + file + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(DuckDBConnection database, Exception cause) {
        try {
            database.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "DuckDbFeedbackStore[" + file + "]";
    }
}
