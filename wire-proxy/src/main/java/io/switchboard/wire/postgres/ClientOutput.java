package io.switchboard.wire.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What the connection's virtual thread writes to the client. Small messages gather in one buffer
 * that goes out on {@link #flush()}; result rows go out batch by batch through
 * {@link #flushAndWaitUntilWritable}, which parks the thread while the client is not reading —
 * the backpressure that lets an engine stream a large result through a bounded heap.
 */
final class ClientOutput {
    /** Send gathered messages early once they reach this size, so one result never piles up in memory. */
    static final int EAGER_FLUSH_BYTES = 256 * 1024;
    private static final long WRITABILITY_POLL_MILLIS = 500;

    private final Channel channel;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private ByteBuf pending;
    private volatile boolean waiting;

    ClientOutput(Channel channel) {
        this.channel = channel;
    }

    /** The buffer to write messages into; it goes out with the next flush. */
    ByteBuf buffer() {
        if (pending == null) {
            pending = channel.alloc().buffer(512);
        }
        return pending;
    }

    void write(Consumer<ByteBuf> message) {
        message.accept(buffer());
    }

    int pendingBytes() {
        return pending == null ? 0 : pending.readableBytes();
    }

    /** Hands the gathered messages to Netty and flushes them to the socket. */
    void flush() {
        ByteBuf out = pending;
        pending = null;
        if (out == null) {
            channel.flush();
            return;
        }
        if (!channel.isActive()) {
            out.release();
            return;
        }
        channel.writeAndFlush(out, channel.voidPromise());
    }

    /**
     * Flushes, then parks until the channel is writable again, the channel closes, or
     * {@code stopWaiting} says so (the query was canceled). Each wait is bounded; the loop
     * ends with the channel at the latest.
     */
    void flushAndWaitUntilWritable(BooleanSupplier stopWaiting) {
        flush();
        if (channel.isWritable()) {
            return;
        }
        waiting = true;
        lock.lock();
        try {
            while (!channel.isWritable() && channel.isActive() && !stopWaiting.getAsBoolean()) {
                try {
                    writable.await(WRITABILITY_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // A cancel interrupts the thread; the caller sees the cancel flag and stops.
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            waiting = false;
            lock.unlock();
        }
        if (!channel.isActive()) {
            // The client is gone: stop producing rows for it (the disconnect also cancels the query).
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "the client disconnected");
        }
    }

    /** True while the connection's thread is parked because the client does not read. */
    boolean waitingForClient() {
        return waiting;
    }

    /** Called on the event loop when the channel's writability changes. */
    void writabilityChanged() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sends what is gathered, then closes the channel once everything written before has gone out. */
    void flushAndClose() {
        ByteBuf out = pending;
        pending = null;
        if (!channel.isActive()) {
            if (out != null) {
                out.release();
            }
            channel.close();
            return;
        }
        channel.writeAndFlush(out == null ? Unpooled.EMPTY_BUFFER : out).addListener(ChannelFutureListener.CLOSE);
    }

    /** Drops what was not sent (the connection is ending). */
    void discard() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
