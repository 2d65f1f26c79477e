package io.switchboard.wire.postgres;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.switchboard.core.pipeline.QueryExecution;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the bridge between its Netty channel (event loop side: messages in,
 * writability, close) and its own virtual thread, which handles the messages in order — startup
 * and authentication, then the query protocols. Also where a cancel, from a CancelRequest, a
 * statement timeout or a vanished client, reaches the running statement.
 */
final class PostgresConnection {
    private static final Logger log = LoggerFactory.getLogger(PostgresConnection.class);
    private static final long CANCEL_RETRY_MILLIS = 50;
    /** How long a cancel keeps trying to reach a statement that has not reached its engine yet. */
    private static final Duration CANCEL_PATIENCE = Duration.ofSeconds(30);

    private final Channel channel;
    private final PostgresWireContext context;
    private final InboundQueue inbound;
    private final ClientOutput output;
    private final boolean withinConnectionLimit;
    private final Runnable onFinished;
    private volatile Thread worker;
    private volatile boolean startupPacketReceived;
    /** Set once, by whichever comes first: the end of authentication or the startup timeout. */
    private final AtomicBoolean startupDecided = new AtomicBoolean();
    private ScheduledFuture<?> startupTimer;
    private int processId;
    private byte[] secret;

    // What a cancel reaches: guarded by cancelLock so that an interrupt never lands outside a statement.
    private final ReentrantLock cancelLock = new ReentrantLock();
    private boolean statementActive;
    private QueryExecution activeExecution;
    private volatile String cancelReason;
    private ScheduledFuture<?> statementTimer;

    PostgresConnection(Channel channel, PostgresWireContext context, boolean withinConnectionLimit, Runnable onFinished) {
        this.channel = channel;
        this.context = context;
        this.inbound = new InboundQueue(channel);
        this.output = new ClientOutput(channel);
        this.withinConnectionLimit = withinConnectionLimit;
        this.onFinished = onFinished;
    }

    Channel channel() {
        return channel;
    }

    PostgresWireContext context() {
        return context;
    }

    InboundQueue inbound() {
        return inbound;
    }

    ClientOutput output() {
        return output;
    }

    boolean withinConnectionLimit() {
        return withinConnectionLimit;
    }

    String clientAddress() {
        SocketAddress address = channel.remoteAddress();
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return address == null ? "" : address.toString();
    }

    // ---- event loop side ----

    void channelActive() {
        Duration timeout = context.options().startupTimeout();
        startupTimer = channel.eventLoop().schedule(this::startupTimedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        worker = Thread.ofVirtual().name("postgres-connection-" + clientAddress()).start(this::run);
    }

    void channelInactive() {
        inbound.add(new FrontendMessage.ChannelClosed());
        if (startupTimer != null) {
            startupTimer.cancel(false);
        }
        // Cancelling may call into the engine's driver; keep that off the event loop.
        Thread.ofVirtual().name("postgres-disconnect-cancel").start(() -> cancel("the client disconnected"));
    }

    private void startupTimedOut() {
        if (!channel.isActive() || !startupDecided.compareAndSet(false, true)) {
            return;
        }
        context.metrics().rejected("startup_timeout");
        log.debug("Closing {}: startup did not complete within {}", clientAddress(), context.options().startupTimeout());
        if (startupPacketReceived) {
            PostgresError error = PostgresError.fatal("08P01", "canceling authentication due to timeout (startup did not complete within "
                    + context.options().startupTimeout().toSeconds() + "s)");
            io.netty.buffer.ByteBuf out = channel.alloc().buffer();
            BackendMessages.errorResponse(out, error);
            channel.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    // ---- the connection's virtual thread ----

    private void run() {
        try {
            StartupExchange.Outcome outcome = new StartupExchange(this).run();
            if (outcome != null && channel.isActive()) {
                new PostgresSession(this, outcome).run();
            }
        } catch (Throwable t) {
            log.warn("Connection {} failed inside Switchboard", clientAddress(), t);
            fatal(PostgresError.fatal("XX000", "internal error in Switchboard: " + t));
        } finally {
            if (processId != 0) {
                context.registry().remove(processId, this);
            }
            output.flushAndClose();
            onFinished.run();
        }
    }

    void startupPacketReceived() {
        startupPacketReceived = true;
    }

    /**
     * Called when authentication succeeded, before the client is told so. False when the startup
     * timeout came first (the connection is being closed).
     */
    boolean startupSucceeded() {
        if (!startupDecided.compareAndSet(false, true)) {
            return false;
        }
        startupTimer.cancel(false);
        return true;
    }

    /** Registers for cancel requests under a new process id and secret, sent in BackendKeyData. */
    void registerForCancel() {
        secret = context.registry().newSecret();
        processId = context.registry().register(this);
    }

    int processId() {
        return processId;
    }

    int secretKey() {
        return java.nio.ByteBuffer.wrap(secret).getInt();
    }

    /**
     * The next client message, in order. Waits as long as the client is idle; a closed channel
     * ends the wait with {@link FrontendMessage.ChannelClosed}.
     */
    FrontendMessage receive() {
        while (true) {
            try {
                // Untimed: channelInactive always queues ChannelClosed, and a timed wait would cost
                // the virtual-thread scheduler a timer per message.
                return inbound.take();
            } catch (InterruptedException e) {
                // Only a stray cancel can interrupt here; the statement it aimed at is over.
                Thread.interrupted();
            }
        }
    }

    /** Sends a FATAL error and closes the connection once it is written. */
    void fatal(PostgresError error) {
        if (!channel.isActive()) {
            output.discard();
            return;
        }
        output.write(out -> BackendMessages.errorResponse(out, error));
        output.flushAndClose();
    }

    // ---- cancellation ----

    /** From now until {@link #statementFinished()}, a cancel reaches this thread and its query. */
    void statementStarted(Duration statementTimeout) {
        cancelLock.lock();
        try {
            statementActive = true;
            activeExecution = null;
            cancelReason = null;
        } finally {
            cancelLock.unlock();
        }
        if (!statementTimeout.isZero()) {
            statementTimer = channel.eventLoop().schedule(
                    () -> Thread.ofVirtual().start(() -> cancel("statement timeout")), statementTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The statement reached an engine: a cancel now stops the engine's work. */
    void attach(QueryExecution execution) {
        boolean cancelNow;
        cancelLock.lock();
        try {
            activeExecution = execution;
            cancelNow = cancelReason != null;
        } finally {
            cancelLock.unlock();
        }
        if (cancelNow && execution != null) {
            execution.cancel();
        }
    }

    void statementFinished() {
        if (statementTimer != null) {
            statementTimer.cancel(false);
            statementTimer = null;
        }
        cancelLock.lock();
        try {
            statementActive = false;
            activeExecution = null;
        } finally {
            cancelLock.unlock();
        }
        // Clear an interrupt that a cancel delivered while the statement was running.
        Thread.interrupted();
    }

    /** Why the current statement was canceled, or null when it was not. */
    String cancelReason() {
        return cancelReason;
    }

    boolean cancelIfSecretMatches(byte[] given) {
        byte[] expected = secret;
        if (expected == null || !MessageDigest.isEqual(expected, given)) {
            return false;
        }
        cancel("user request");
        return true;
    }

    /**
     * Cancels the running statement, if any. Safe from any thread; it may block for a while, so
     * callers on an event loop hand it to a virtual thread.
     *
     * <p>Once the statement reached an engine, its execution is canceled. Before that (analysis,
     * the queue for a slot, an engine still starting it) the connection's thread is interrupted —
     * again and again until the statement reaches the engine or ends, because code on the way
     * may swallow one interrupt.
     */
    void cancel(String reason) {
        long deadline = System.nanoTime() + CANCEL_PATIENCE.toNanos();
        boolean first = true;
        while (true) {
            QueryExecution execution;
            cancelLock.lock();
            try {
                if (!statementActive) {
                    return;
                }
                if (first) {
                    cancelReason = reason;
                    first = false;
                }
                execution = activeExecution;
                Thread thread = worker;
                if (execution == null && thread != null) {
                    thread.interrupt();
                }
            } finally {
                cancelLock.unlock();
            }
            if (execution != null) {
                try {
                    execution.cancel();
                } catch (RuntimeException e) {
                    log.debug("Cancelling query {} failed", execution.queryId(), e);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(CANCEL_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops this connection: its query is canceled and the channel closed (the frontend is shutting down). */
    void shutdown() {
        Thread.ofVirtual().name("postgres-shutdown-cancel").start(() -> cancel("the server is shutting down"));
        channel.close();
    }

    /** Waits a bounded time for the connection's thread to end. */
    void awaitFinished(Duration timeout) throws InterruptedException {
        Thread thread = worker;
        if (thread != null) {
            thread.join(timeout);
        }
    }
}
