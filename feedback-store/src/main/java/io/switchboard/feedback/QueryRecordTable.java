package io.switchboard.feedback;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.duckdb.DuckDBAppender;

/**
 * How a {@link QueryRecord} maps to a row of {@code query_records} (see
 * {@code db/feedback/V1__query_records.sql}): the appender's column order on the way in and the
 * select list on the way back. Enums are stored by name, the frontend by its config name, and
 * {@code received_at} with microsecond precision (DuckDB's timestamp resolution).
 */
final class QueryRecordTable {
    static final String TABLE = "query_records";

    /** Reads every column back; received_at as epoch microseconds so no time zone is involved. */
    static final String SELECT = "SELECT query_id, epoch_us(received_at) AS received_at_us, user_name, frontend, "
            + "client_address, database_name, sql_text, fingerprint, statement_kind, verdicts, routing_trace, "
            + "group_name, cluster_name, engine, translation_status, translation_reason, stage_timings, elapsed_us, "
            + "rows, bytes, outcome, error_code, error_message, agent_id, conversation_id, step_index, tool_call_id, "
            + "intent FROM " + TABLE;

    private QueryRecordTable() {}

    /** An instant as DuckDB's timestamps hold it (and {@code make_timestamptz} takes it). */
    static long epochMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** Appends one row, columns in table order. */
    static void append(DuckDBAppender appender, QueryRecord record) throws SQLException {
        AgentContext agent = record.agentContext();
        appender.beginRow();
        appender.append(record.queryId().value());
        appender.appendEpochMicros(epochMicros(record.receivedAt()));
        appender.append(record.user());
        appender.append(record.frontend().configName());
        appendNullable(appender, record.clientAddress());
        appendNullable(appender, record.database());
        appender.append(record.sql());
        appender.append(record.fingerprint());
        appender.append(record.statementKind());
        appender.append(QueryRecordJson.verdicts(record.verdicts()));
        appendNullable(appender, QueryRecordJson.trace(record.trace()));
        appendNullable(appender, record.group());
        appendNullable(appender, record.cluster());
        appendNullable(appender, record.engine());
        appendNullable(appender, record.translationStatus() == null ? null : record.translationStatus().name());
        appender.append(record.translationReason());
        appender.append(QueryRecordJson.timings(record.timings()));
        appender.append(record.elapsedMicros());
        appender.append(record.rows());
        appender.append(record.bytes());
        appender.append(record.outcome().name());
        appendNullable(appender, record.errorCode() == null ? null : record.errorCode().name());
        appendNullable(appender, record.errorMessage());
        appendNullable(appender, agent.agentId());
        appendNullable(appender, agent.conversationId());
        if (agent.stepIndex() == null) {
            appender.appendNull();
        } else {
            appender.append(agent.stepIndex().intValue());
        }
        appendNullable(appender, agent.toolCallId());
        appendNullable(appender, agent.intent());
        appender.endRow();
    }

    /** Rebuilds the record on the current row of a result produced by {@link #SELECT}. */
    static QueryRecord read(ResultSet row) throws SQLException {
        String frontendName = row.getString("frontend");
        FrontendProtocol frontend = FrontendProtocol.fromConfigName(frontendName)
                .orElseThrow(() -> new SwitchboardException(ErrorCode.INTERNAL, "stored frontend '" + frontendName + "' is unknown"));
        String translationStatus = row.getString("translation_status");
        String errorCode = row.getString("error_code");
        int stepIndex = row.getInt("step_index");
        Integer step = row.wasNull() ? null : stepIndex;
        return new QueryRecord(
                new QueryId(row.getString("query_id")),
                Instant.EPOCH.plus(row.getLong("received_at_us"), ChronoUnit.MICROS),
                row.getString("user_name"),
                frontend,
                row.getString("client_address"),
                row.getString("database_name"),
                row.getString("sql_text"),
                row.getString("fingerprint"),
                row.getString("statement_kind"),
                QueryRecordJson.verdicts(row.getString("verdicts")),
                QueryRecordJson.trace(row.getString("routing_trace")),
                row.getString("group_name"),
                row.getString("cluster_name"),
                row.getString("engine"),
                translationStatus == null ? null : TranslationStatus.valueOf(translationStatus),
                row.getString("translation_reason"),
                QueryRecordJson.timings(row.getString("stage_timings")),
                row.getLong("elapsed_us"),
                row.getLong("rows"),
                row.getLong("bytes"),
                QueryOutcome.valueOf(row.getString("outcome")),
                errorCode == null ? null : ErrorCode.valueOf(errorCode),
                row.getString("error_message"),
                new AgentContext(
                        row.getString("agent_id"),
                        row.getString("conversation_id"),
                        step,
                        row.getString("tool_call_id"),
                        row.getString("intent")));
    }

    private static void appendNullable(DuckDBAppender appender, String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }
}
