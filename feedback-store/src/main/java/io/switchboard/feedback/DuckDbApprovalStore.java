package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.ApprovalStore;
import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;

/**
 * Holds in the feedback store's DuckDB file ({@code approval_holds}, migration V2), on a
 * connection of their own beside the record writer's. Calls are serialized: holds are few, and
 * one writer at a time keeps DuckDB's optimistic concurrency from failing an UPDATE that races
 * another; each compare-and-set is one UPDATE that names the state it expects.
 */
final class DuckDbApprovalStore implements ApprovalStore {
    private static final String COLUMNS = "approval_id, sql_text, request_json, client_waits, guard, reason, fingerprint, "
            + "statement_kind, state, epoch_us(created_at) AS created_us, epoch_us(deadline) AS deadline_us, decided_by, "
            + "epoch_us(decided_at) AS decided_us, comment, epoch_us(ran_at) AS ran_us";

    private final DuckDBConnection connection;
    private boolean closed;

    DuckDbApprovalStore(DuckDBConnection connection) {
        this.connection = requireNonNull(connection, "connection is null");
    }

    @Override
    public synchronized void create(HeldQuery hold) {
        String sql = "INSERT INTO approval_holds (approval_id, query_id, user_name, frontend, agent_id, sql_text, request_json, "
                + "client_waits, guard, reason, fingerprint, statement_kind, state, created_at, deadline, decided_by, decided_at, "
                + "comment, ran_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, make_timestamptz(?), make_timestamptz(?), ?, "
                + "make_timestamptz(?), ?, make_timestamptz(?))";
        try (PreparedStatement insert = open().prepareStatement(sql)) {
            insert.setString(1, hold.approvalId());
            insert.setString(2, hold.queryId());
            insert.setString(3, hold.user());
            insert.setString(4, hold.request().session().frontend().configName());
            insert.setString(5, hold.request().agentContext().agentId());
            insert.setString(6, hold.displaySql());
            insert.setString(7, HeldRequestJson.write(hold.request()));
            insert.setBoolean(8, hold.clientWaits());
            insert.setString(9, hold.guard());
            insert.setString(10, hold.reason());
            insert.setString(11, hold.fingerprint());
            insert.setString(12, hold.statementKind());
            insert.setString(13, hold.state().name());
            insert.setObject(14, micros(hold.createdAt()));
            insert.setObject(15, micros(hold.deadline()));
            insert.setString(16, hold.decidedBy());
            insert.setObject(17, micros(hold.decidedAt()));
            insert.setString(18, hold.comment());
            insert.setObject(19, micros(hold.ranAt()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw failure("keep the hold " + hold.approvalId(), e);
        }
    }

    @Override
    public synchronized Optional<HeldQuery> find(String approvalId) {
        return select("WHERE approval_id = ?", approvalId, 1).stream().findFirst();
    }

    @Override
    public synchronized Optional<HeldQuery> findByQuery(String queryId) {
        return select("WHERE query_id = ? ORDER BY created_at", queryId, 1).stream().findFirst();
    }

    @Override
    public synchronized List<HeldQuery> list(ApprovalState state, int limit) {
        if (state == null) {
            return select("ORDER BY created_at DESC, approval_id DESC", null, limit);
        }
        return select("WHERE state = ? ORDER BY created_at DESC, approval_id DESC", state.name(), limit);
    }

    @Override
    public synchronized boolean decide(String approvalId, ApprovalState state, String decidedBy, Instant decidedAt, String comment) {
        if (!state.isDecided()) {
            throw new IllegalArgumentException("a decision moves a hold out of PENDING");
        }
        String sql = "UPDATE approval_holds SET state = ?, decided_by = ?, decided_at = make_timestamptz(?), comment = ? "
                + "WHERE approval_id = ? AND state = 'PENDING'";
        try (PreparedStatement update = open().prepareStatement(sql)) {
            update.setString(1, state.name());
            update.setString(2, requireNonNull(decidedBy, "decidedBy is null"));
            update.setLong(3, micros(decidedAt));
            update.setString(4, comment == null ? "" : comment);
            update.setString(5, approvalId);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("decide the hold " + approvalId, e);
        }
    }

    @Override
    public synchronized boolean markRan(String approvalId, Instant ranAt) {
        String sql = "UPDATE approval_holds SET ran_at = make_timestamptz(?) "
                + "WHERE approval_id = ? AND state = 'APPROVED' AND ran_at IS NULL";
        try (PreparedStatement update = open().prepareStatement(sql)) {
            update.setLong(1, micros(ranAt));
            update.setString(2, approvalId);
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("mark the hold " + approvalId + " as run", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close the approval store", e);
        }
    }

    private List<HeldQuery> select(String where, String parameter, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM approval_holds " + where + " LIMIT " + limit;
        try (PreparedStatement select = open().prepareStatement(sql)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            List<HeldQuery> holds = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    holds.add(read(rows));
                }
            }
            return holds;
        } catch (SQLException e) {
            throw failure("read holds", e);
        }
    }

    private static HeldQuery read(ResultSet row) throws SQLException {
        return new HeldQuery(
                row.getString("approval_id"),
                row.getString("sql_text"),
                HeldRequestJson.read(row.getString("request_json")),
                row.getBoolean("client_waits"),
                row.getString("guard"),
                row.getString("reason"),
                row.getString("fingerprint"),
                row.getString("statement_kind"),
                ApprovalState.valueOf(row.getString("state")),
                instant(row, "created_us"),
                instant(row, "deadline_us"),
                row.getString("decided_by"),
                instant(row, "decided_us"),
                row.getString("comment"),
                instant(row, "ran_us"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static Long micros(Instant instant) {
        return instant == null ? null : QueryRecordTable.epochMicros(instant);
    }

    private DuckDBConnection open() {
        if (closed) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "the approval store is closed");
        }
        return connection;
    }

    private static SwitchboardException failure(String what, SQLException e) {
        return new SwitchboardException(ErrorCode.INTERNAL, "cannot " + what + " in the feedback store: " + e.getMessage(), e);
    }
}
