package io.switchboard.server;

import static io.switchboard.server.ApprovalTesting.WAIT;
import static io.switchboard.server.ApprovalTesting.admin;
import static io.switchboard.server.ApprovalTesting.count;
import static io.switchboard.server.ApprovalTesting.failureOf;
import static io.switchboard.server.ApprovalTesting.holdVerdict;
import static io.switchboard.server.ApprovalTesting.records;
import static io.switchboard.server.ApprovalTesting.sendWaiting;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.GuardVerdict;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL client (pgjdbc) whose statement is held waits for the decision: approved, it runs
 * exactly once; rejected or past its deadline, it fails with the approval id (and the comment)
 * and never runs; two admins approving at once give one 200 and one 409, and one run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class HumanApprovalWireTest {
    @TempDir
    static Path dataDirectory;

    private TestingSwitchboard switchboard;
    private ApprovalClient approvals;
    private final ExecutorService threads = ApprovalTesting.threads();

    @BeforeAll
    void start() throws SQLException {
        switchboard = ApprovalTesting.start(dataDirectory);
        ApprovalTesting.createTables(switchboard);
        approvals = admin(switchboard);
    }

    @AfterAll
    void stop() {
        threads.shutdownNow();
        if (switchboard != null) {
            switchboard.close();
        }
    }

    @Test
    void approvedStatementRunsExactlyOnce() throws Exception {
        List<SQLWarning> warnings = Collections.synchronizedList(new ArrayList<>());
        Future<Integer> insert = sendWaiting(threads, switchboard, "INSERT INTO held_log VALUES ('approve-me')", warnings);
        JsonNode hold = approvals.awaitPending(sql -> sql.contains("approve-me"), WAIT);
        assertThat(hold.path("user").asText()).isEqualTo(TestingSwitchboard.USER);
        assertThat(hold.path("frontend").asText()).isEqualTo("postgresWire");
        assertThat(hold.path("reason").asText()).contains("held_log");
        assertThat(insert).isNotDone();
        assertThat(count(switchboard, "held_log", "approve-me")).isZero();

        String approvalId = hold.path("approvalId").asText();
        ApprovalClient.Reply approved = approvals.approve(approvalId, "looks fine");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().path("state").asText()).isEqualTo("approved");
        assertThat(approved.body().path("decidedBy").asText()).isEqualTo(TestingSwitchboard.USER);

        assertThat(insert.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(count(switchboard, "held_log", "approve-me")).isEqualTo(1);
        // The client heard of the hold, with the id a person needed, before its result.
        assertThat(warnings).anySatisfy(warning -> assertThat(warning.getMessage()).contains(approvalId).contains("waiting for approval"));

        // A second decision changes nothing and runs nothing.
        ApprovalClient.Reply again = approvals.approve(approvalId, "twice");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("approval").path("state").asText()).isEqualTo("approved");
        assertThat(count(switchboard, "held_log", "approve-me")).isEqualTo(1);

        JsonNode stored = approvals.get(approvalId).body();
        assertThat(stored.path("ranAt").isNull()).isFalse();
        assertThat(stored.path("comment").asText()).isEqualTo("looks fine");
        List<QueryRecord> records = records(switchboard, stored.path("queryId").asText());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
        GuardVerdict verdict = holdVerdict(records.get(0));
        assertThat(verdict.details()).containsEntry("approvalId", approvalId).containsEntry("approvalState", "approved")
                .containsEntry("decidedBy", TestingSwitchboard.USER).containsEntry("comment", "looks fine").containsKey("decidedAt");
    }

    @Test
    void rejectedStatementNeverRunsAndTheClientReadsTheComment() throws Exception {
        Future<Integer> insert = sendWaiting(threads, switchboard, "INSERT INTO held_log VALUES ('reject-me')", new ArrayList<>());
        JsonNode hold = approvals.awaitPending(sql -> sql.contains("reject-me"), WAIT);
        String approvalId = hold.path("approvalId").asText();
        assertThat(approvals.reject(approvalId, "not on a Friday").status()).isEqualTo(200);

        SQLException failure = failureOf(insert);
        assertThat(failure.getSQLState()).isEqualTo("42501");
        assertThat(failure.getMessage()).contains(approvalId).contains("not on a Friday").contains("rejected by " + TestingSwitchboard.USER);
        assertThat(count(switchboard, "held_log", "reject-me")).isZero();
        assertThat(approvals.approve(approvalId, "changed my mind").status()).isEqualTo(409);
        assertThat(count(switchboard, "held_log", "reject-me")).isZero();

        List<QueryRecord> records = records(switchboard, hold.path("queryId").asText());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).outcome()).isEqualTo(QueryOutcome.DENIED);
        assertThat(records.get(0).errorCode()).isEqualTo(ErrorCode.APPROVAL_REJECTED);
        assertThat(holdVerdict(records.get(0)).details()).containsEntry("approvalState", "rejected")
                .containsEntry("comment", "not on a Friday");
    }

    @Test
    void statementPastItsDeadlineExpiresAndNeverRuns() throws Exception {
        Future<Integer> insert = sendWaiting(threads, switchboard, "INSERT INTO short_log VALUES ('expire-me')", new ArrayList<>());
        SQLException failure = failureOf(insert);
        assertThat(failure.getSQLState()).isEqualTo("55000");
        assertThat(failure.getMessage()).contains("was not approved before its deadline").contains("apr_");
        JsonNode hold = approvals.awaitHold("expired", candidate -> candidate.path("sql").asText().contains("expire-me"), WAIT);
        assertThat(failure.getMessage()).contains(hold.path("approvalId").asText());
        assertThat(hold.path("decidedBy").asText()).isEqualTo("system");
        assertThat(approvals.approve(hold.path("approvalId").asText(), "too late").status()).isEqualTo(409);
        assertThat(count(switchboard, "short_log", "expire-me")).isZero();

        List<QueryRecord> records = records(switchboard, hold.path("queryId").asText());
        assertThat(records).hasSize(1);
        assertThat(records.get(0).outcome()).isEqualTo(QueryOutcome.DENIED);
        assertThat(records.get(0).errorCode()).isEqualTo(ErrorCode.APPROVAL_EXPIRED);
    }

    @Test
    void twoAdminsApprovingAtOnceRunTheStatementOnce() throws Exception {
        Future<Integer> insert = sendWaiting(threads, switchboard, "INSERT INTO held_log VALUES ('approve-twice')", new ArrayList<>());
        String approvalId = approvals.awaitPending(sql -> sql.contains("approve-twice"), WAIT).path("approvalId").asText();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> decisions = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String comment = "admin " + i;
            decisions.add(threads.submit(() -> {
                go.await();
                return approvals.approve(approvalId, comment).status();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> decision : decisions) {
            statuses.add(decision.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(insert.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(count(switchboard, "held_log", "approve-twice")).isEqualTo(1);
    }

    @Test
    void canceledStatementAbandonsItsHold() throws Exception {
        java.sql.Connection connection = ApprovalTesting.connect(switchboard, TestingSwitchboard.USER);
        java.sql.Statement statement = connection.createStatement();
        Future<Integer> insert = threads.submit(() -> statement.executeUpdate("INSERT INTO held_log VALUES ('cancel-me')"));
        JsonNode hold = approvals.awaitPending(sql -> sql.contains("cancel-me"), WAIT);
        statement.cancel();
        SQLException failure = failureOf(insert);
        assertThat(failure.getSQLState()).isEqualTo("57014");
        connection.close();
        String approvalId = hold.path("approvalId").asText();
        assertThat(approvals.get(approvalId).body().path("state").asText()).isEqualTo("abandoned");
        assertThat(approvals.approve(approvalId, "after the fact").status()).isEqualTo(409);
        assertThat(count(switchboard, "held_log", "cancel-me")).isZero();
    }
}
