package io.switchboard.guardrails.rowlimit;

import io.switchboard.core.analysis.StatementKind;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.session.QueryRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Caps the rows a query returns. Before execution it rewrites the outermost query to ask the
 * engine for one row more than the cap (so that the backstop can tell truthfully whether rows
 * were cut); during execution the backstop passes at most the cap and marks the result
 * truncated when the extra row arrived, which frontends report (a NOTICE on PostgreSQL wire,
 * {@code truncated} in MCP answers). A client's own smaller {@code maxRows} hint lowers the cap.
 */
public final class RowLimitGuard implements Guard {
    public static final String NAME = "RowLimitGuard";

    private final long maxRows;

    public RowLimitGuard(long maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1");
        }
        this.maxRows = maxRows;
    }

    @Override
    public String name() {
        return NAME;
    }

    public long maxRows() {
        return maxRows;
    }

    @Override
    public GuardVerdict evaluate(QueryContext context) {
        long cap = cap(context);
        StatementKind kind = context.analysis().kind();
        if (context.analysis().statementCount() != 1 || (kind != StatementKind.SELECT && kind != StatementKind.VALUES)) {
            // SHOW, DESCRIBE, EXPLAIN and the like cannot take a LIMIT everywhere; the backstop caps them.
            return GuardVerdict.allow(NAME).withDetails(Map.of("maxRows", Long.toString(cap), "rewrite", "none (backstop only)"));
        }
        Optional<String> rewritten = RowLimitRewriter.rewrite(context.sql(), context.analysis().dialect(),
                context.analysis().tokens(), cap + 1);
        if (rewritten.isEmpty()) {
            return GuardVerdict.allow(NAME).withDetails(Map.of("maxRows", Long.toString(cap)));
        }
        // No message: a notice on every query would be noise; the client hears of the cap only when it cuts rows.
        return GuardVerdict.rewrite(NAME, rewritten.get(), "").withDetails(Map.of("maxRows", Long.toString(cap)));
    }

    @Override
    public ResultStream filterResult(QueryContext context, ResultStream result) {
        if (result.columns().isEmpty()) {
            return result;
        }
        return new RowLimitedResultStream(result, cap(context));
    }

    private long cap(QueryContext context) {
        Optional<String> hint = context.request().hint(QueryRequest.HINT_MAX_ROWS);
        if (hint.isPresent()) {
            try {
                long requested = Long.parseLong(hint.get().strip());
                if (requested >= 1 && requested < maxRows) {
                    return requested;
                }
            } catch (NumberFormatException e) {
                // An unreadable hint does not lower the cap; the configured one applies.
            }
        }
        return maxRows;
    }
}
