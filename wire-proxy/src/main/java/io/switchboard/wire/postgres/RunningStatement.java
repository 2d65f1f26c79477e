package io.switchboard.wire.postgres;

import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.RowBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A statement that has started: a query running on an engine through the pipeline, or the
 * answer of a statement the frontend handled itself. Either way the portal pulls batches from it
 * and closes it.
 */
final class RunningStatement implements AutoCloseable {
    /** How {@link QueryExecution#notices()} starts a translation that fell back. */
    private static final String TRANSLATION_NOTICE_PREFIX = "translation: ";
    private final QueryExecution execution;
    private final List<Column> columns;
    private final LongFunction<String> tag;
    private final List<PostgresError> notices;
    private List<Object[]> localRows;

    private RunningStatement(QueryExecution execution, List<Column> columns, List<Object[]> localRows,
            LongFunction<String> tag, List<PostgresError> notices) {
        this.execution = execution;
        this.columns = List.copyOf(columns);
        this.localRows = localRows;
        this.tag = tag;
        this.notices = List.copyOf(notices);
    }

    /** @param showTranslation whether to report the translation ({@code switchboard.show_translation}) */
    static RunningStatement engine(QueryExecution execution, boolean showTranslation) {
        List<PostgresError> notices = new ArrayList<>();
        for (String notice : execution.notices()) {
            if (showTranslation && notice.startsWith(TRANSLATION_NOTICE_PREFIX)) {
                continue; // the full report below says it too
            }
            notices.add(PostgresError.notice(notice));
        }
        if (showTranslation && execution.translation() != null) {
            notices.add(translationNotice(execution));
        }
        boolean returnsRows = execution.returnsRows();
        return new RunningStatement(execution, execution.columns(), null,
                rows -> CommandTags.of(execution.context().analysis(), returnsRows, rows, execution.updateCount()), notices);
    }

    /** The status and reason, and as detail the SQL sent to the engine, as psql and pgjdbc show notices. */
    static PostgresError translationNotice(QueryExecution execution) {
        TranslationResult translation = execution.translation();
        String message = "translation " + translation.status() + (translation.cacheHit() ? " (from the cache)" : "") + ": "
                + (translation.reason().isEmpty() ? "no reason given" : translation.reason()) + "; source dialect "
                + SourceDialects.nameOf(execution.context().request().sourceDialect()) + ", engine " + execution.engineType()
                + " (" + execution.group() + "/" + execution.cluster() + ")";
        return PostgresError.notice(message).withDetail("SQL sent: " + translation.sql());
    }

    static RunningStatement local(List<Column> columns, List<Object[]> rows, String tag, List<PostgresError> notices) {
        return new RunningStatement(null, columns, new ArrayList<>(rows), rows2 -> tag, notices);
    }

    List<Column> columns() {
        return columns;
    }

    boolean returnsRows() {
        return !columns.isEmpty();
    }

    /** The query on the engine, or null for a statement answered by the frontend. */
    QueryExecution execution() {
        return execution;
    }

    List<PostgresError> notices() {
        return notices;
    }

    /** The next batch, or null at the end. Blocks on the engine; throws its errors. */
    RowBatch nextBatch() {
        if (execution != null) {
            return execution.nextBatch();
        }
        if (localRows == null || localRows.isEmpty()) {
            localRows = null;
            return null;
        }
        RowBatch batch = new RowBatch(localRows);
        localRows = null;
        return batch;
    }

    /** True when {@link #nextBatch()} is known to return null without waiting on an engine. */
    boolean exhausted() {
        return execution != null ? execution.exhausted() : localRows == null;
    }

    /** The CommandComplete tag for a run that sent this many rows. */
    String tag(long rowsSent) {
        return tag.apply(rowsSent);
    }

    @Override
    public void close() {
        localRows = null;
        if (execution != null) {
            execution.close();
        }
    }
}
