package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.approval.ApprovalStore;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.session.QueryId;
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
import java.time.Instant;
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
    /**
     * How much WAL DuckDB gathers before it checkpoints on its own. Its default (16MB) is a
     * checkpoint every few tens of thousands of records, and each one compresses and rewrites the
     * table's unfinished row group again: measured on the 2-core machine (2M full records in
     * batches of 2000, no index), 128MB took the writer's CPU from about 14 to 9 µs per record.
     * The records not yet checkpointed stay in the WAL on disk and in memory under the limit above;
     * after a crash the next start replays at most that much (a 234MB WAL of 500,000 records
     * replayed in 1.2 s).
     */
    private static final String CHECKPOINT_THRESHOLD = "128MB";
    /**
     * How far from the second in an id the record's {@code received_at} may be. Frontends take
     * both from the same clock one after the other; the margin only covers a clock being set.
     */
    private static final Duration ISSUED_MARGIN = Duration.ofMinutes(1);
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
        properties.setProperty("checkpoint_threshold", CHECKPOINT_THRESHOLD);
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
        // No index serves this (see V3): an id of Switchboard's own form names the second it was
        // issued in, and the received_at range lets DuckDB's zonemaps skip every row group
        // outside it. Other ids scan the table. Ids are unique in practice; should a frontend
        // ever repeat one, the newest record wins.
        Optional<Instant> issued = QueryId.issuedSecond(queryId);
        List<QueryRecord> found = issued.isPresent()
                ? query(QueryRecordTable.SELECT + " WHERE query_id = ? AND received_at BETWEEN make_timestamptz(?) AND make_timestamptz(?)",
                        queryId, QueryRecordTable.epochMicros(issued.get().minus(ISSUED_MARGIN)),
                        QueryRecordTable.epochMicros(issued.get().plusSeconds(1).plus(ISSUED_MARGIN)))
                : query(QueryRecordTable.SELECT + " WHERE query_id = ?", queryId);
        return found.stream().max(Comparator.comparing(QueryRecord::receivedAt));
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

    private List<QueryRecord> query(String sql, Object... parameters) {
        if (closed) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "the feedback store " + file + " is closed");
        }
        try (DuckDBConnection connection = database.duplicate();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
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
