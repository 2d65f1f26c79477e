package io.switchboard.wire.postgres;

import io.switchboard.core.pipeline.QueryExecution;
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

    static RunningStatement engine(QueryExecution execution) {
        List<PostgresError> notices = new ArrayList<>();
        for (String notice : execution.notices()) {
            notices.add(PostgresError.notice(notice));
        }
        boolean returnsRows = execution.returnsRows();
        return new RunningStatement(execution, execution.columns(), null,
                rows -> CommandTags.of(execution.context().analysis(), returnsRows, rows, execution.updateCount()), notices);
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
