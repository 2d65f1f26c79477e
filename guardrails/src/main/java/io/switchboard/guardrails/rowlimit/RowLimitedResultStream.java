package io.switchboard.guardrails.rowlimit;

import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.result.ForwardingResultStream;
import java.util.ArrayList;

/**
 * The row limit's backstop: passes at most {@code limit} rows whatever the engine sends, and
 * says the result was truncated only when a row beyond the limit actually arrived (the rewrite
 * asks the engine for one row more than the limit for exactly this reason). Once the limit is
 * reached the engine statement is canceled, so an engine that ignored the rewrite stops early.
 */
final class RowLimitedResultStream extends ForwardingResultStream {
    private final long limit;
    private long passed;
    private boolean truncated;
    private boolean finished;

    RowLimitedResultStream(ResultStream delegate, long limit) {
        super(delegate);
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        this.limit = limit;
    }

    @Override
    public RowBatch nextBatch() {
        if (finished) {
            return null;
        }
        RowBatch batch = delegate.nextBatch();
        if (batch == null) {
            finished = true;
            return null;
        }
        long remaining = limit - passed;
        if (batch.size() < remaining) {
            passed += batch.size();
            return batch;
        }
        if (batch.size() > remaining) {
            truncated = true;
        } else {
            // Exactly at the limit: one more row decides whether anything was cut.
            truncated = hasMoreRows();
        }
        finished = true;
        if (truncated) {
            delegate.cancel();
        }
        passed = limit;
        if (remaining == 0) {
            return null;
        }
        return batch.size() == remaining ? batch : new RowBatch(new ArrayList<>(batch.rows().subList(0, (int) remaining)));
    }

    private boolean hasMoreRows() {
        for (RowBatch next = delegate.nextBatch(); next != null; next = delegate.nextBatch()) {
            if (!next.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean truncated() {
        return truncated || delegate.truncated();
    }
}
