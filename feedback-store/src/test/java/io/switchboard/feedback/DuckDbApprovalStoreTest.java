package io.switchboard.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.ApprovalStore;
import io.switchboard.core.approval.HeldQuery;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds in the feedback store's file: every field round-trips (the request exactly, so that it
 * can run after a restart), decisions and runs are compare-and-set, and both survive a reopen.
 * The in-memory store keeps the same promises.
 */
final class DuckDbApprovalStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-21T05:42:00.123456Z");

    @TempDir
    Path directory;

    private DuckDbFeedbackStore open() {
        return DuckDbFeedbackStore.open(new DuckDbFeedbackStoreConfig(directory.resolve("feedback.duckdb"), 100, 10),
                new SimpleMeterRegistry());
    }

    static HeldQuery hold(String approvalId, String queryId, boolean clientWaits, Instant created) {
        Session session = Session.builder("alice", FrontendProtocol.MCP)
                .authenticated(true)
                .groups(Set.of("analysts", "agents"))
                .clientAddress("127.0.0.1:5555")
                .database("tpch")
                .properties(Map.of("mcp.sessionId", "s-1", "search_path", "public"))
                .clientTags(Set.of("nightly"))
                .build();
        QueryRequest request = new QueryRequest(new QueryId(queryId), "SELECT * FROM secrets WHERE key = 'p4ss'", Dialect.TRINO, session,
                new AgentContext("report-bot", "conv-7", 3, "call-9", "monthly numbers"), created, Map.of("maxRows", "50"));
        return new HeldQuery(approvalId, "SELECT * FROM secrets WHERE key = '***'", request, clientWaits, "HumanApprovalGuard",
                "it touches the sensitive table secrets", "fp123", "SELECT", ApprovalState.PENDING, created, created.plusSeconds(300),
                null, null, "", null);
    }

    @Test
    void keepsEveryFieldAndSurvivesAReopen() {
        HeldQuery first = hold("apr_one", "q1", false, T0);
        HeldQuery second = hold("apr_two", "q2", true, T0.plusSeconds(1));
        try (DuckDbFeedbackStore feedback = open()) {
            ApprovalStore store = feedback.approvalStore();
            store.create(first);
            store.create(second);
            assertThat(store.find("apr_one")).contains(first);
            assertThat(store.findByQuery("q2")).contains(second);
            assertThat(store.find("apr_none")).isEmpty();
            assertThat(store.list(null, 10)).containsExactly(second, first);
            assertThat(store.list(ApprovalState.PENDING, 1)).containsExactly(second);
            assertThat(store.decide("apr_one", ApprovalState.APPROVED, "bob", T0.plusSeconds(5), "ok")).isTrue();
            assertThat(store.markRan("apr_one", T0.plusSeconds(6))).isTrue();
        }
        try (DuckDbFeedbackStore feedback = open()) {
            ApprovalStore store = feedback.approvalStore();
            assertThat(store.find("apr_one")).contains(first.decided(ApprovalState.APPROVED, "bob", T0.plusSeconds(5), "ok")
                    .ran(T0.plusSeconds(6)));
            assertThat(store.find("apr_two")).contains(second);
            assertThat(store.list(ApprovalState.APPROVED, 10)).extracting(HeldQuery::approvalId).containsExactly("apr_one");
        }
    }

    @Test
    void decisionsAndRunsAreCompareAndSet() throws Exception {
        try (DuckDbFeedbackStore feedback = open()) {
            assertCompareAndSet(feedback::approvalStore);
        }
        assertCompareAndSet(InMemoryApprovalStore::new);
    }

    private static void assertCompareAndSet(Supplier<ApprovalStore> stores) throws Exception {
        ApprovalStore store = stores.get();
        store.create(hold("apr_race", "q-race", true, T0));
        assertThat(store.markRan("apr_race", T0)).as("a pending hold cannot run").isFalse();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(race(threads, i -> store.decide("apr_race", i % 2 == 0 ? ApprovalState.APPROVED : ApprovalState.REJECTED,
                    "admin" + i, T0.plusSeconds(i), ""))).isEqualTo(1);
            HeldQuery decided = store.find("apr_race").orElseThrow();
            assertThat(store.decide("apr_race", ApprovalState.EXPIRED, "system", T0, "")).isFalse();
            assertThat(store.find("apr_race")).contains(decided);
            if (decided.state() == ApprovalState.APPROVED) {
                assertThat(race(threads, i -> store.markRan("apr_race", T0.plusSeconds(i)))).isEqualTo(1);
            } else {
                assertThat(store.markRan("apr_race", T0)).isFalse();
            }
        }
        store.create(hold("apr_approved", "q-approved", false, T0));
        store.decide("apr_approved", ApprovalState.APPROVED, "bob", T0, "");
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertThat(race(threads, i -> store.markRan("apr_approved", T0.plusSeconds(i)))).isEqualTo(1);
        }
        assertThat(store.decide("apr_missing", ApprovalState.APPROVED, "bob", T0, "")).isFalse();
    }

    interface Attempt {
        boolean run(int index) throws Exception;
    }

    /** Eight attempts released at once; how many succeeded. */
    private static int race(ExecutorService threads, Attempt attempt) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int index = i;
            results.add(threads.submit(() -> {
                go.await();
                return attempt.run(index);
            }));
        }
        go.countDown();
        int won = 0;
        for (Future<Boolean> result : results) {
            won += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        return won;
    }

    @Test
    void theFileIsReadableByItsOwnerOnly() throws Exception {
        try (DuckDbFeedbackStore feedback = open()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(feedback.file()))).isEqualTo("rw-------");
        }
    }
}
