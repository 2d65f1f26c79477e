package io.switchboard.wire.postgres;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.ParameterizedSql;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A bound statement ready to run (Bind made it, or one part of a simple Query). It starts at most
 * once — at Describe or at the first Execute — and then hands out rows in as many Executes as the
 * client wants; the query on the engine stays open (holding its slot) until the portal completes
 * or is closed. Owned by the connection's thread.
 */
final class Portal implements AutoCloseable {
    private final String name;
    private final ParsedStatement statement;
    private final String boundSql;
    private final ParameterizedSql parameterized;
    private final short[] resultFormats;
    private RunningStatement run;
    private List<Column> columns;
    private DataRowEncoder encoder;
    private List<Object[]> batch;
    private int position;
    private boolean completed;
    private String completionTag;

    /** @param parameterized the statement with its Bind values apart, or null when it has none */
    Portal(String name, ParsedStatement statement, String boundSql, ParameterizedSql parameterized, short[] resultFormats) {
        this.name = name;
        this.statement = statement;
        this.boundSql = boundSql;
        this.parameterized = parameterized;
        this.resultFormats = resultFormats.clone();
    }

    String name() {
        return name;
    }

    ParsedStatement statement() {
        return statement;
    }

    String boundSql() {
        return boundSql;
    }

    ParameterizedSql parameterized() {
        return parameterized;
    }

    boolean started() {
        return run != null || completed;
    }

    /** The running statement, starting it first if needed. Returns whether this call started it. */
    boolean start(Supplier<RunningStatement> starter) {
        if (started()) {
            return false;
        }
        run = starter.get();
        columns = run.columns();
        return true;
    }

    RunningStatement run() {
        return run;
    }

    /** The result columns of a started portal (still known after it completed). */
    List<Column> columns() {
        return columns == null ? List.of() : columns;
    }

    /**
     * The encoder for this portal's columns in the formats Bind asked for; made once. When the
     * client described the prepared statement, rows are sent as that description said (as
     * PostgreSQL guarantees), values converted where the engine's result types differ.
     */
    DataRowEncoder encoder(List<Column> columns, SessionSettings settings) {
        if (encoder == null) {
            List<Column> shown = columns;
            if (statement.description() != null && statement.description().columns().size() == columns.size()) {
                shown = statement.description().columns();
            }
            encoder = DataRowEncoder.create(shown, columns, resultFormats, settings.zone(), settings.extraFloatDigits());
        }
        return encoder;
    }

    /**
     * Sends up to {@code maxRows} rows (0: all) as DataRow messages, then CommandComplete when the
     * result is done or PortalSuspended when rows may remain. Rows are flushed batch by batch
     * with the writer parked while the client is not reading.
     *
     * @param stopWaiting true once the query was canceled, to stop waiting for a client that does not read
     * @return true when the portal is suspended
     */
    boolean sendRows(ClientOutput output, SessionSettings settings, int maxRows, BooleanSupplier stopWaiting) {
        if (completed) {
            output.write(out -> BackendMessages.commandComplete(out, completionTag == null ? "SELECT 0" : retag(completionTag)));
            return false;
        }
        if (!run.returnsRows()) {
            complete(output, run.tag(0));
            return false;
        }
        DataRowEncoder rows = encoder(run.columns(), settings);
        long sent = 0;
        while (maxRows <= 0 || sent < maxRows) {
            if (batch == null || position >= batch.size()) {
                batch = null;
                // Send the rows encoded so far before blocking on the engine for more, so the
                // client reads while the engine works. Not when there are no rows yet (the
                // protocol's answers alone are of no use to the client) nor when the engine
                // said it has no more: a small result then leaves in one write with its
                // CommandComplete, not two or three, each of which wakes the event loop, the
                // socket and the client.
                if (sent > 0 && output.pendingBytes() > 0 && !run.exhausted()) {
                    output.flushAndWaitUntilWritable(stopWaiting);
                }
                RowBatch next = run.nextBatch();
                if (next == null) {
                    complete(output, run.tag(sent));
                    return false;
                }
                batch = next.rows();
                position = 0;
                continue;
            }
            rows.dataRow(output.buffer(), batch.get(position++));
            sent++;
            if (output.pendingBytes() >= ClientOutput.EAGER_FLUSH_BYTES) {
                output.flushAndWaitUntilWritable(stopWaiting);
            }
        }
        output.write(BackendMessages::portalSuspended);
        return true;
    }

    private void complete(ClientOutput output, String tag) {
        completed = true;
        completionTag = tag;
        if (run.execution() != null && run.execution().truncated()) {
            // A guardrail cut the rows (a row limit): say so before the tag, so that the client cannot take a part for the whole.
            PostgresError notice = PostgresError.warning("01000", "Result truncated: a guardrail stopped the result at its row "
                    + "limit after " + run.execution().rowCount() + " rows")
                    .withHint("Add a LIMIT, filters or an aggregation to get the rows you need.");
            output.write(out -> BackendMessages.errorResponse(out, notice));
        }
        output.write(out -> BackendMessages.commandComplete(out, tag));
        // Done: release the engine and the slot now, not when the client closes the portal.
        closeRun();
    }

    /** A completed portal executed again returns no more rows: {@code SELECT 0}, {@code FETCH 0}... */
    private static String retag(String tag) {
        return tag.startsWith("SELECT ") ? "SELECT 0" : tag;
    }

    boolean completed() {
        return completed;
    }

    private void closeRun() {
        batch = null;
        RunningStatement current = run;
        run = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() {
        closeRun();
        completed = true;
    }
}
