package io.switchboard.engines;

import io.switchboard.core.engine.HealthStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs an engine's {@code SELECT 1} probe on a virtual thread of its own and waits for it at most
 * the health-check timeout. A probe that is still running when the next check comes makes that
 * check unhealthy without starting another, so a hung engine never piles up probe threads.
 */
public final class HealthProbe {
    private final String threadName;
    private final Duration timeout;
    private final Supplier<HealthStatus> probe;
    private volatile CompletableFuture<HealthStatus> lastProbe;

    /**
     * @param threadName the probe thread's name
     * @param probe runs {@code SELECT 1} and says what it saw; it should not throw
     */
    public HealthProbe(String threadName, Duration timeout, Supplier<HealthStatus> probe) {
        this.threadName = threadName;
        this.timeout = timeout;
        this.probe = probe;
    }

    public HealthStatus check() {
        try {
            CompletableFuture<HealthStatus> previous = lastProbe;
            if (previous != null && !previous.isDone()) {
                return HealthStatus.unhealthy("the previous health probe (SELECT 1) has not answered yet");
            }
            CompletableFuture<HealthStatus> running = new CompletableFuture<>();
            lastProbe = running;
            Thread.ofVirtual().name(threadName).start(() -> running.complete(probe.get()));
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return HealthStatus.unhealthy("SELECT 1 did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthStatus.unhealthy("the health probe was interrupted");
        } catch (ExecutionException | RuntimeException e) {
            return HealthStatus.unhealthy("the health probe could not run: " + e);
        }
    }
}
