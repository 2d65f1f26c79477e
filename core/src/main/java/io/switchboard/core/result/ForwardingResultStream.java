package io.switchboard.core.result;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A result stream that hands everything to the stream it wraps, for wrappers (result guards,
 * slot accounting) to override only what they change. Truncation is passed through so that a masking guard wrapped around a row
 * limit still reports the limit's truncation to the frontend.
 */
public abstract class ForwardingResultStream implements ResultStream {
    protected final ResultStream delegate;

    protected ForwardingResultStream(ResultStream delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public List<Column> columns() {
        return delegate.columns();
    }

    @Override
    public RowBatch nextBatch() {
        return delegate.nextBatch();
    }

    @Override
    public long updateCount() {
        return delegate.updateCount();
    }

    @Override
    public boolean truncated() {
        return delegate.truncated();
    }

    /**
     * The wrapped stream's word: a wrapper that passes on, changes or drops its rows ends when it
     * ends. A wrapper that adds rows of its own after the last batch must override this.
     */
    @Override
    public boolean exhausted() {
        return delegate.exhausted();
    }

    @Override
    public void cancel() {
        delegate.cancel();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
