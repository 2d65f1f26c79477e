package io.switchboard.guardrails.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.approval.ApprovalService.Decision;
import io.switchboard.core.approval.ApprovalService.Outcome;
import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.feedback.InMemoryApprovalStore;
import io.switchboard.feedback.InMemoryFeedbackStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's guarantees: one decision, one run, no run without approval, holds left by a restart settled. */
final class StoredApprovalServiceTest {
    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();
    private static final HumanApprovalGuard GUARD = new HumanApprovalGuard(new ApprovalPolicy(null, true, List.of(),
            java.util.Set.of(), java.util.Set.of("held"), false, Duration.ofSeconds(60)));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final InMemoryApprovalStore store = new InMemoryApprovalStore();
    private final InMemoryFeedbackStore feedback = new InMemoryFeedbackStore(1000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StoredApprovalService service = new StoredApprovalService(store, feedback, registry, clock, Duration.ofHours(1));
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        service.close();
    }

    private static QueryContext context(FrontendProtocol frontend) {
        String sql = "SELECT * FROM t WHERE secret = 'p4ss'";
        return QueryContext.of(QueryRequest.of(sql, Dialect.POSTGRES, Session.builder("held", frontend).build()),
                ANALYZER.analyze(sql, Dialect.POSTGRES));
    }

    private static GuardVerdict holdVerdict(QueryContext context) {
        return GUARD.evaluate(context);
    }

    /** Starts a waiting walk on its own thread and returns once its hold exists. */
    private Future<Void> waitingWalk(QueryContext context) throws Exception {
        Future<Void> walk = threads.submit(() -> {
            service.awaitApproval(context, holdVerdict(context));
            return null;
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (service.holdOfQuery(context.request().queryId()).isEmpty()) {
            assertThat(System.nanoTime()).as("the hold appears").isLessThan(deadline);
            Thread.sleep(10);
        }
        return walk;
    }

    private double counted(String event) {
        return registry.get("switchboard.approvals").tag("event", event).counter().count();
    }

    @Test
    void concurrentDecisionsHaveOneWinner() throws Exception {
        QueryContext context = context(FrontendProtocol.POSTGRES_WIRE);
        Future<Void> walk = waitingWalk(context);
        String approvalId = service.holdOfQuery(context.request().queryId()).orElseThrow().approvalId();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Decision>> decisions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean approve = i % 2 == 0;
            String admin = "admin" + i;
            decisions.add(threads.submit(() -> {
                go.await();
                return service.decide(approvalId, approve, admin, "");
            }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Decision> decision : decisions) {
            if (decision.get(30, TimeUnit.SECONDS).outcome() == Outcome.DECIDED) {
                winners++;
            }
        }
        assertThat(winners).isEqualTo(1);
        HeldQuery decided = service.find(approvalId).orElseThrow();
        if (decided.state() == ApprovalState.APPROVED) {
            // The waiting walk may run before or after the snapshot above: only its end is certain.
            walk.get(30, TimeUnit.SECONDS);
            assertThat(service.find(approvalId).orElseThrow().ranAt()).isNotNull();
        } else {
            assertThat(decided.state()).isEqualTo(ApprovalState.REJECTED);
            assertThatThrownBy(() -> walk.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SwitchboardException.class)
                    .hasMessageContaining("rejected by");
        }
        assertThat(service.decide(approvalId, true, "late", "").outcome()).isEqualTo(Outcome.ALREADY_DECIDED);
        assertThat(service.decide("apr_nothing", true, "late", "").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(counted("created")).isEqualTo(1);
        assertThat(counted("approved") + counted("rejected")).isEqualTo(1);
    }

    @Test
    void anApprovedHoldAdmitsOneRunOnly() throws Exception {
        QueryContext context = context(FrontendProtocol.MCP);
        assertThatThrownBy(() -> service.awaitApproval(context, holdVerdict(context)))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_PENDING))
                .hasMessageContaining("get_query_status");
        assertThat(service.recordsLater(context.request().queryId())).isTrue();
        assertThat(service.recordsLater(context.request().queryId())).as("asking consumes the answer").isFalse();
        HeldQuery hold = service.holdOfQuery(context.request().queryId()).orElseThrow();
        assertThat(hold.clientWaits()).isFalse();
        assertThat(hold.displaySql()).doesNotContain("p4ss");
        assertThat(hold.request().sql()).contains("p4ss");
        assertThat(service.decide(hold.approvalId(), true, "alice", "ok").outcome()).isEqualTo(Outcome.DECIDED);

        // Eight walks of the same query at once (status calls racing): one runs, the others are refused.
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> walks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            walks.add(threads.submit(() -> {
                go.await();
                try {
                    service.awaitApproval(context, holdVerdict(context));
                    // A second hold verdict within the same walk joins the run it was admitted to.
                    service.awaitApproval(context, holdVerdict(context));
                    return true;
                } catch (SwitchboardException e) {
                    assertThat(e.getMessage()).contains("runs once");
                    return false;
                }
            }));
        }
        go.countDown();
        int ran = 0;
        for (Future<Boolean> walk : walks) {
            ran += walk.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(ran).isEqualTo(1);
        GuardVerdict recorded = service.recordedVerdict(context, holdVerdict(context));
        assertThat(recorded.details()).containsEntry("approvalState", "approved").containsEntry("decidedBy", "alice")
                .containsEntry("comment", "ok").containsEntry("approvalId", hold.approvalId());
    }

    @Test
    void aRejectedMcpHoldIsRecordedOnceByTheService() {
        QueryContext context = context(FrontendProtocol.MCP);
        assertThatThrownBy(() -> service.awaitApproval(context, holdVerdict(context))).isInstanceOf(SwitchboardException.class);
        HeldQuery hold = service.holdOfQuery(context.request().queryId()).orElseThrow();
        service.decide(hold.approvalId(), false, "bob", "too broad");
        List<QueryRecord> records = feedback.recentQueries(10);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.outcome()).isEqualTo(QueryOutcome.DENIED);
            assertThat(record.errorCode()).isEqualTo(ErrorCode.APPROVAL_REJECTED);
            assertThat(record.errorMessage()).contains("too broad").contains(hold.approvalId());
            assertThat(record.sql()).doesNotContain("p4ss");
            assertThat(record.verdicts().getFirst().details()).containsEntry("approvalState", "rejected");
        });
        // A later walk of the rejected query never runs and is not recorded a second time.
        assertThatThrownBy(() -> service.awaitApproval(context, holdVerdict(context)))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.APPROVAL_REJECTED));
        assertThat(service.recordsLater(context.request().queryId())).isTrue();
    }

    @Test
    void theSweeperExpiresHoldsPastTheirDeadline() {
        QueryContext context = context(FrontendProtocol.MCP);
        assertThatThrownBy(() -> service.awaitApproval(context, holdVerdict(context))).isInstanceOf(SwitchboardException.class);
        service.sweep();
        assertThat(service.holdOfQuery(context.request().queryId()).orElseThrow().state()).isEqualTo(ApprovalState.PENDING);
        clock.advance(Duration.ofSeconds(61));
        service.sweep();
        HeldQuery expired = service.holdOfQuery(context.request().queryId()).orElseThrow();
        assertThat(expired.state()).isEqualTo(ApprovalState.EXPIRED);
        assertThat(expired.decidedBy()).isEqualTo(StoredApprovalService.SYSTEM);
        assertThat(service.decide(expired.approvalId(), true, "late", "").outcome()).isEqualTo(Outcome.ALREADY_DECIDED);
        assertThat(feedback.recentQueries(10)).singleElement().satisfies(record ->
                assertThat(record.errorCode()).isEqualTo(ErrorCode.APPROVAL_EXPIRED));
        assertThat(registry.get("switchboard.approvals.pending").gauge().value()).isZero();
    }

    @Test
    void anInterruptedWaitAbandonsTheHold() throws Exception {
        QueryContext context = context(FrontendProtocol.POSTGRES_WIRE);
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<SwitchboardException> failure = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            waiter.set(Thread.currentThread());
            try {
                service.awaitApproval(context, holdVerdict(context));
                failure.complete(null);
            } catch (SwitchboardException e) {
                failure.complete(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (service.holdOfQuery(context.request().queryId()).isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(10);
        }
        thread.interrupt();
        SwitchboardException error = failure.get(30, TimeUnit.SECONDS);
        assertThat(error.code()).isEqualTo(ErrorCode.QUERY_CANCELED);
        HeldQuery hold = service.holdOfQuery(context.request().queryId()).orElseThrow();
        assertThat(hold.state()).isEqualTo(ApprovalState.ABANDONED);
        assertThat(service.decide(hold.approvalId(), true, "late", "").outcome()).isEqualTo(Outcome.ALREADY_DECIDED);
        assertThat(feedback.recentQueries(10)).as("the walk that waited records it, not the service").isEmpty();
    }

    @Test
    void waitingHoldsLeftByARestartAreAbandonedAndRecorded() {
        QueryContext wire = context(FrontendProtocol.POSTGRES_WIRE);
        QueryContext mcp = context(FrontendProtocol.MCP);
        Instant now = clock.instant();
        store.create(new HeldQuery("apr_wire", "SELECT ...", wire.request(), true, GUARD.name(), "r", "f", "SELECT",
                ApprovalState.PENDING, now, now.plusSeconds(600), null, null, "", null));
        store.create(new HeldQuery("apr_mcp", "SELECT ...", mcp.request(), false, GUARD.name(), "r", "f", "SELECT",
                ApprovalState.PENDING, now, now.plusSeconds(600), null, null, "", null));
        service.start();
        assertThat(store.find("apr_wire").orElseThrow().state()).isEqualTo(ApprovalState.ABANDONED);
        assertThat(store.find("apr_mcp").orElseThrow().state()).isEqualTo(ApprovalState.PENDING);
        assertThat(feedback.recentQueries(10)).singleElement().satisfies(record -> {
            assertThat(record.queryId()).isEqualTo(wire.request().queryId());
            assertThat(record.outcome()).isEqualTo(QueryOutcome.CANCELED);
        });
        assertThat(registry.get("switchboard.approvals.pending").gauge().value()).isEqualTo(1);
    }

    /** A clock the test moves by hand, so that deadlines pass without waiting. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
