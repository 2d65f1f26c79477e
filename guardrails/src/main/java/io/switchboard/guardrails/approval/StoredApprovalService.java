package io.switchboard.guardrails.approval;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.approval.ApprovalService;
import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.ApprovalStore;
import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.sql.SecretRedactor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval service: keeps holds in an {@link ApprovalStore}, lets wire clients' threads wait
 * for the decision (bounded by the hold's deadline), answers MCP at once, and makes an approved
 * query run exactly once — the store's compare-and-set on {@code ranAt} admits one run whatever
 * races (two approvals, two status calls, an approval against the deadline).
 *
 * <p>Mutable state lives here: the waiters of this process (woken when a decision is made here),
 * the listeners frontends registered for hold notices, the runs this process admitted (so that a
 * second hold verdict in the same walk joins the first), and the walks whose record is deferred.
 * A background sweeper expires holds whose deadline passed and nobody waits on.
 */
public final class StoredApprovalService implements ApprovalService, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoredApprovalService.class);
    /** The frontends whose clients come back for the result instead of waiting for it. */
    private static final Set<FrontendProtocol> DEFERRED = Set.of(FrontendProtocol.MCP);
    /** A waiter re-reads the store at least this often, in case a decision came from elsewhere. */
    private static final Duration WAIT_SLICE = Duration.ofSeconds(1);
    static final String SYSTEM = "system";
    /** The letters and digits of query ids, without the ones that read alike (l, o, 0, 1). */
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final ApprovalStore store;
    private final HoldRecords records;
    private final Clock clock;
    private final Duration sweepInterval;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
    private final Map<String, Consumer<HeldQuery>> watchers = new ConcurrentHashMap<>();
    private final Map<String, Thread> admittedRuns = new ConcurrentHashMap<>();
    private final Set<String> deferredRecords = ConcurrentHashMap.newKeySet();
    private final Map<ApprovalState, Counter> decisions = new EnumMap<>(ApprovalState.class);
    private final Counter created;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread sweeper;
    private volatile boolean closed;

    public StoredApprovalService(ApprovalStore store, FeedbackStore feedback, MeterRegistry registry, Clock clock,
            Duration sweepInterval) {
        this.store = requireNonNull(store, "store is null");
        this.records = new HoldRecords(requireNonNull(feedback, "feedback is null"));
        this.clock = requireNonNull(clock, "clock is null");
        this.sweepInterval = requireNonNull(sweepInterval, "sweepInterval is null");
        requireNonNull(registry, "registry is null");
        this.created = Counter.builder("switchboard.approvals").description("Holds by what happened to them")
                .tag("event", "created").register(registry);
        for (ApprovalState state : ApprovalState.values()) {
            if (state.isDecided()) {
                decisions.put(state, Counter.builder("switchboard.approvals").description("Holds by what happened to them")
                        .tag("event", state.apiName()).register(registry));
            }
        }
        registry.gauge("switchboard.approvals.pending", pending);
    }

    /**
     * Settles what a previous run of the server left behind and starts the deadline sweeper. Wire
     * holds that were pending belong to connections that no longer exist: they become abandoned
     * and never run. MCP holds stay as they were; their owners come back for them.
     */
    public void start() {
        for (HeldQuery hold : store.list(ApprovalState.PENDING, Integer.MAX_VALUE)) {
            if (hold.clientWaits() && !waiters.containsKey(hold.approvalId())) {
                settle(hold, ApprovalState.ABANDONED, "the server restarted while the client waited; its connection is gone");
            }
        }
        sweep();
        sweeper = Thread.ofPlatform().daemon().name("switchboard-approval-sweeper").start(this::sweepLoop);
    }

    // ---- the gate, on the query's own thread ----

    @Override
    public void awaitApproval(QueryContext context, GuardVerdict verdict) {
        QueryId queryId = context.request().queryId();
        Optional<HeldQuery> existing = store.findByQuery(queryId.value());
        if (existing.isPresent()) {
            resume(existing.get());
            return;
        }
        HeldQuery hold = hold(context, verdict);
        if (hold.clientWaits()) {
            // Registered before the hold exists, so that a decision can never miss its waiter.
            waiters.put(hold.approvalId(), new CompletableFuture<>());
        }
        try {
            store.create(hold);
        } catch (RuntimeException e) {
            waiters.remove(hold.approvalId());
            throw e;
        }
        created.increment();
        pending.incrementAndGet();
        log.info("Query {} of {} held for approval as {}: {}", hold.queryId(), hold.user(), hold.approvalId(), hold.reason());
        Consumer<HeldQuery> watcher = watchers.get(queryId.value());
        if (watcher != null) {
            try {
                watcher.accept(hold);
            } catch (RuntimeException e) {
                log.debug("A hold listener of query {} failed", queryId, e);
            }
        }
        if (!hold.clientWaits()) {
            deferredRecords.add(queryId.value());
            throw new SwitchboardException(ErrorCode.APPROVAL_PENDING, "Query " + hold.queryId() + " is held for approval as "
                    + hold.approvalId() + " (" + hold.reason() + "); a person decides by " + hold.deadline()
                    + ". Ask get_query_status with query_id " + hold.queryId() + " for the decision; once approved, that call runs it.");
        }
        await(hold);
    }

    /** A walk of a query that already has a hold: the run of an approved hold (MCP), or a second hold verdict of the same walk. */
    private void resume(HeldQuery hold) {
        Thread admitted = admittedRuns.get(hold.queryId());
        if (admitted == Thread.currentThread()) {
            return;
        }
        if (hold.state() == ApprovalState.APPROVED && hold.ranAt() == null && admit(hold)) {
            return;
        }
        deferredRecords.add(hold.queryId());
        throw switch (hold.state()) {
            case APPROVED -> new SwitchboardException(ErrorCode.QUERY_DENIED, "Query " + hold.queryId() + " (approval "
                    + hold.approvalId() + ") was approved and has already been started; an approved query runs once");
            case PENDING -> new SwitchboardException(ErrorCode.APPROVAL_PENDING, "Query " + hold.queryId()
                    + " is still waiting for approval " + hold.approvalId());
            default -> hold.outcomeError();
        };
    }

    private void await(HeldQuery hold) {
        CompletableFuture<Void> wakeUp = waiters.get(hold.approvalId());
        try {
            HeldQuery current = hold;
            while (true) {
                if (current.state() == ApprovalState.APPROVED) {
                    if (admit(current)) {
                        return;
                    }
                    throw new SwitchboardException(ErrorCode.QUERY_DENIED, "Query " + current.queryId() + " (approval "
                            + current.approvalId() + ") was approved but has already been started elsewhere");
                }
                if (current.state().isDecided()) {
                    throw current.outcomeError();
                }
                Duration left = Duration.between(clock.instant(), current.deadline());
                if (left.isNegative() || left.isZero()) {
                    current = settle(current, ApprovalState.EXPIRED, "nobody decided before the deadline");
                    continue;
                }
                try {
                    wakeUp.get(Math.min(left.toMillis() + 1, WAIT_SLICE.toMillis()), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // Re-read the store: the decision may have come from elsewhere.
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
                current = store.find(hold.approvalId()).orElseThrow(() -> new SwitchboardException(ErrorCode.INTERNAL,
                        "the hold " + hold.approvalId() + " disappeared from the approval store"));
            }
        } catch (InterruptedException e) {
            // The client canceled or went away: the hold is abandoned and the query never runs.
            HeldQuery after = settle(store.find(hold.approvalId()).orElse(hold), ApprovalState.ABANDONED,
                    "the client canceled the query or disconnected while it waited");
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query " + hold.queryId() + " was canceled while it waited for approval "
                    + hold.approvalId() + (after.state() == ApprovalState.ABANDONED ? "; the hold is abandoned" : "")
                    + " and it did not run");
        } finally {
            waiters.remove(hold.approvalId());
        }
    }

    /** Admits the one run of an approved hold; false when another run was admitted first. */
    private boolean admit(HeldQuery hold) {
        if (!store.markRan(hold.approvalId(), clock.instant())) {
            return false;
        }
        admittedRuns.values().removeIf(thread -> !thread.isAlive());
        admittedRuns.put(hold.queryId(), Thread.currentThread());
        log.info("Query {} runs after approval {} by {}", hold.queryId(), hold.approvalId(), hold.decidedBy());
        return true;
    }

    private HeldQuery hold(QueryContext context, GuardVerdict verdict) {
        Instant now = clock.instant();
        long seconds = ApprovalPolicy.DEFAULT_DEADLINE.toSeconds();
        String configured = verdict.details().get(HumanApprovalGuard.DEADLINE_SECONDS);
        if (configured != null) {
            seconds = Long.parseLong(configured);
        }
        String sql = context.sql();
        return new HeldQuery(newApprovalId(), SecretRedactor.redact(sql, context.request().sourceDialect()), context.request(),
                !DEFERRED.contains(context.session().frontend()), verdict.guard(), verdict.message(),
                context.analysis().fingerprint().hash(), context.analysis().kind().name(), ApprovalState.PENDING, now,
                now.plusSeconds(seconds), null, null, "", null);
    }

    private String newApprovalId() {
        StringBuilder id = new StringBuilder("apr_");
        for (int i = 0; i < 16; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    // ---- what frontends ask ----

    @Override
    public Optional<HeldQuery> holdOfQuery(QueryId queryId) {
        return store.findByQuery(queryId.value());
    }

    @Override
    public Watch watchHold(QueryId queryId, Consumer<HeldQuery> listener) {
        String key = queryId.value();
        watchers.put(key, requireNonNull(listener, "listener is null"));
        return () -> watchers.remove(key, listener);
    }

    @Override
    public GuardVerdict recordedVerdict(QueryContext context, GuardVerdict verdict) {
        try {
            return store.findByQuery(context.request().queryId().value()).map(hold -> HoldRecords.verdict(verdict, hold)).orElse(verdict);
        } catch (RuntimeException e) {
            // Called while the walk may be ending with its own error: never replace that error.
            log.warn("Could not read the hold of query {} for its record", context.request().queryId(), e);
            return verdict;
        }
    }

    @Override
    public boolean recordsLater(QueryId queryId) {
        return deferredRecords.remove(queryId.value());
    }

    // ---- what people do ----

    @Override
    public List<HeldQuery> list(ApprovalState state, int limit) {
        return store.list(state, limit);
    }

    @Override
    public Optional<HeldQuery> find(String approvalId) {
        return store.find(approvalId);
    }

    @Override
    public Decision decide(String approvalId, boolean approve, String decidedBy, String comment) {
        requireNonNull(decidedBy, "decidedBy is null");
        Optional<HeldQuery> hold = store.find(approvalId);
        if (hold.isEmpty()) {
            return new Decision(Outcome.NOT_FOUND, null);
        }
        if (hold.get().state().isDecided()) {
            return new Decision(Outcome.ALREADY_DECIDED, hold.get());
        }
        ApprovalState target = approve ? ApprovalState.APPROVED : ApprovalState.REJECTED;
        Instant now = clock.instant();
        String text = comment == null ? "" : comment;
        if (!store.decide(approvalId, target, decidedBy, now, text)) {
            return new Decision(Outcome.ALREADY_DECIDED, store.find(approvalId).orElseThrow());
        }
        HeldQuery decided = hold.get().decided(target, decidedBy, now, text);
        afterDecision(decided);
        log.info("Approval {} (query {}) {} by {}{}", approvalId, decided.queryId(), target.apiName(), decidedBy,
                text.isEmpty() ? "" : ": " + text);
        return new Decision(Outcome.DECIDED, decided);
    }

    /**
     * Moves a pending hold to a state the system decides (expired, abandoned). Returns the hold as
     * it is afterwards: the new state when this call won, else what won.
     */
    private HeldQuery settle(HeldQuery hold, ApprovalState state, String comment) {
        Instant now = clock.instant();
        if (hold.state() == ApprovalState.PENDING && store.decide(hold.approvalId(), state, SYSTEM, now, comment)) {
            HeldQuery decided = hold.decided(state, SYSTEM, now, comment);
            afterDecision(decided);
            log.info("Approval {} (query {}) {}: {}", hold.approvalId(), hold.queryId(), state.apiName(), comment);
            return decided;
        }
        return store.find(hold.approvalId()).orElse(hold);
    }

    private void afterDecision(HeldQuery decided) {
        decisions.get(decided.state()).increment();
        pending.updateAndGet(count -> Math.max(0, count - 1));
        CompletableFuture<Void> waiter = waiters.get(decided.approvalId());
        if (waiter != null) {
            waiter.complete(null);
        }
        // A client waiting here ends its walk in the pipeline, which records the query. Without
        // one (MCP, or a wire hold left by a restart) nothing else will: record its end here, once.
        if (decided.state() != ApprovalState.APPROVED && waiter == null) {
            records.recordEnd(decided);
        }
    }

    // ---- deadlines ----

    private void sweepLoop() {
        while (!closed) {
            try {
                Thread.sleep(sweepInterval.toMillis());
                if (pending.get() > 0) {
                    // Without pending holds there is nothing to expire: the store is not read at all.
                    sweep();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("The approval sweeper failed; it tries again in {}", sweepInterval, e);
            }
        }
    }

    /** Expires pending holds whose deadline passed and recounts the pending ones. */
    void sweep() {
        Instant now = clock.instant();
        int stillPending = 0;
        for (HeldQuery hold : store.list(ApprovalState.PENDING, Integer.MAX_VALUE)) {
            if (!now.isBefore(hold.deadline()) && !waiters.containsKey(hold.approvalId())) {
                settle(hold, ApprovalState.EXPIRED, "nobody decided before the deadline");
            } else {
                stillPending++;
            }
        }
        pending.set(stillPending);
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = sweeper;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
