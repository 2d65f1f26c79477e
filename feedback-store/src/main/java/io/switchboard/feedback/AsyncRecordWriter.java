package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.feedback.QueryRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous half of a feedback store: queries hand records to a bounded queue without
 * ever waiting, and one writer thread drains it in batches into a {@link RecordBatchSink}. A full
 * queue drops the record and counts it; a failed batch is counted and logged, and the thread goes
 * on with the next one.
 *
 * <p>A batch that is not full waits up to {@link #LINGER} for more records before it is written
 * (unless a {@link #flush} or {@link #close} is waiting for it). Each write is a transaction with
 * a fixed cost: measured with DuckDB on the 2-core build machine, writing every record of a
 * single client's queries on its own took a quarter of a core at 500 queries/s, and more
 * than the query itself cost; lingering makes that cost a few transactions per second.
 *
 * <p>Meters: {@code switchboard.feedback.written}, {@code switchboard.feedback.failed} (records),
 * {@code switchboard.feedback.dropped} tagged with the reason ({@code queue_full}, {@code closed}
 * for records offered after close, {@code shutdown} for records still queued when close gave up),
 * and the gauge {@code switchboard.feedback.queue.depth}.
 */
final class AsyncRecordWriter implements AutoCloseable {
    static final String WRITTEN = "switchboard.feedback.written";
    static final String FAILED = "switchboard.feedback.failed";
    static final String DROPPED = "switchboard.feedback.dropped";
    static final String QUEUE_DEPTH = "switchboard.feedback.queue.depth";

    private static final Duration WARNING_INTERVAL = Duration.ofSeconds(10);
    /** How often an idle writer looks whether it was asked to stop. */
    private static final long POLL_MILLIS = 100;
    /** How long a batch that is not full waits for more records; a record is written at most this much later. */
    static final Duration LINGER = Duration.ofMillis(200);
    /** How long close waits for a writer it interrupted before leaving it behind. */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(AsyncRecordWriter.class);

    private final BlockingQueue<QueryRecord> queue;
    private final int queueCapacity;
    private final int batchSize;
    private final RecordBatchSink sink;
    private final MeterRegistry registry;
    private final Thread thread;

    private final Counter written;
    private final Counter failed;
    private final Counter droppedQueueFull;
    private final Counter droppedClosed;
    private final Counter droppedShutdown;
    private final Gauge queueDepth;
    private final LogThrottle dropWarning = new LogThrottle(WARNING_INTERVAL);
    private final LogThrottle failureWarning = new LogThrottle(WARNING_INTERVAL);

    /** Records that entered the queue. Incremented after the offer, so it never counts a dropped record. */
    private final AtomicLong accepted = new AtomicLong();
    /** The highest {@link #accepted} count a caller of {@link #flush} waits for: the writer does not linger then. */
    private final AtomicLong flushTarget = new AtomicLong();
    /** Records the writer has finished with (written or failed); guarded by {@code progress}. */
    private long handled;
    private final Object progress = new Object();

    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;
    private volatile boolean abandoned;

    private AsyncRecordWriter(String name, int queueCapacity, int batchSize, RecordBatchSink sink, MeterRegistry registry) {
        if (queueCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("queueCapacity and batchSize must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.queueCapacity = queueCapacity;
        this.batchSize = batchSize;
        this.sink = requireNonNull(sink, "sink is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.written = Counter.builder(WRITTEN).description("Query records written to the feedback store").register(registry);
        this.failed = Counter.builder(FAILED).description("Query records lost because their batch failed to write").register(registry);
        this.droppedQueueFull = dropped("queue_full");
        this.droppedClosed = dropped("closed");
        this.droppedShutdown = dropped("shutdown");
        this.queueDepth = Gauge.builder(QUEUE_DEPTH, queue, BlockingQueue::size)
                .description("Query records waiting to be written to the feedback store")
                .strongReference(true)
                .register(registry);
        // A platform thread: DuckDB's native calls would pin a virtual thread's carrier anyway.
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Creates the writer and starts its thread. */
    static AsyncRecordWriter start(String name, int queueCapacity, int batchSize, RecordBatchSink sink, MeterRegistry registry) {
        AsyncRecordWriter writer = new AsyncRecordWriter(name, queueCapacity, batchSize, sink, registry);
        writer.thread.start();
        return writer;
    }

    /** Queues a record without waiting. Returns false when it was dropped (and counted). */
    boolean offer(QueryRecord record) {
        requireNonNull(record, "record is null");
        if (closing) {
            droppedClosed.increment();
            return false;
        }
        if (!queue.offer(record)) {
            droppedQueueFull.increment();
            long dropped = dropWarning.event();
            if (dropped > 0) {
                log.warn("Feedback queue is full ({} records): dropped {} query record(s) since the last warning. "
                        + "The store writes more slowly than queries finish; raise persistence.queueCapacity or batchSize.",
                        queueCapacity, dropped);
            }
            return false;
        }
        accepted.incrementAndGet();
        return true;
    }

    /**
     * Waits until every record queued before this call has been handled (written, or counted as
     * failed). Returns false when the timeout passed first or the writer has stopped.
     */
    boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        flushTarget.accumulateAndGet(target, Math::max);
        LockSupport.unpark(thread);
        synchronized (progress) {
            while (handled < target) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0 || !thread.isAlive()) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    int queued() {
        return queue.size();
    }

    /**
     * Stops taking records, lets the writer drain what is queued for at most {@code drainTimeout},
     * then closes the sink. Returns false when the writer had to be left behind; the sink is then
     * left open, since closing a database under a running native call could crash the process.
     */
    boolean close(Duration drainTimeout) {
        if (!closed.compareAndSet(false, true)) {
            return true;
        }
        closing = true;
        LockSupport.unpark(thread);
        boolean stopped = join(drainTimeout);
        if (!stopped) {
            log.warn("Feedback writer did not drain its queue within {}; abandoning {} query record(s)", drainTimeout, queue.size());
            abandoned = true;
            thread.interrupt();
            stopped = join(ABANDON_WAIT);
        }
        // Records that arrived while closing, or that the writer could not reach: lost, but counted.
        List<QueryRecord> leftover = new ArrayList<>();
        queue.drainTo(leftover);
        droppedShutdown.increment(leftover.size());
        registry.remove(queueDepth);
        if (!stopped) {
            log.error("Feedback writer thread is still running after being interrupted; leaving its database open");
            return false;
        }
        sink.close();
        return true;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private Counter dropped(String reason) {
        return Counter.builder(DROPPED)
                .description("Query records not written to the feedback store")
                .tag("reason", reason)
                .register(registry);
    }

    private boolean join(Duration timeout) {
        try {
            return thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !thread.isAlive();
        }
    }

    private void run() {
        List<QueryRecord> batch = new ArrayList<>(batchSize);
        while (!abandoned) {
            QueryRecord first;
            try {
                first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                // Only close interrupts this thread; the loop condition decides what happens next.
                continue;
            }
            if (first == null) {
                if (closing) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, batchSize - 1);
            if (batch.size() < batchSize) {
                linger(batch);
            }
            writeBatch(batch);
            batch.clear();
        }
    }

    /**
     * Lets more records join a batch that is not full: sleeps until {@link #LINGER} has passed
     * (not waking for each record that arrives), then takes what came. A flush or close cuts
     * the wait short through {@link LockSupport#unpark}.
     */
    private void linger(List<QueryRecord> batch) {
        long deadline = System.nanoTime() + LINGER.toNanos();
        while (!closing && !abandoned && !flushWaiting()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || queue.size() >= batchSize - batch.size()) {
                break;
            }
            LockSupport.parkNanos(this, remaining);
        }
        queue.drainTo(batch, batchSize - batch.size());
    }

    private boolean flushWaiting() {
        synchronized (progress) {
            return flushTarget.get() > handled;
        }
    }

    private void writeBatch(List<QueryRecord> batch) {
        try {
            sink.write(batch);
            written.increment(batch.size());
        } catch (Throwable e) {
            // Whatever went wrong, the thread must survive: the next batch may well succeed.
            failed.increment(batch.size());
            long failures = failureWarning.event();
            if (failures > 0) {
                log.error("Could not write {} query record(s) to the feedback store ({} failed batch(es) since the last report)",
                        batch.size(), failures, e);
            }
        } finally {
            synchronized (progress) {
                handled += batch.size();
                progress.notifyAll();
            }
        }
    }
}
