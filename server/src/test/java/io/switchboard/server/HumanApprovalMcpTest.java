package io.switchboard.server;

import static io.switchboard.server.ApprovalTesting.WAIT;
import static io.switchboard.server.ApprovalTesting.admin;
import static io.switchboard.server.ApprovalTesting.await;
import static io.switchboard.server.ApprovalTesting.call;
import static io.switchboard.server.ApprovalTesting.holdVerdict;
import static io.switchboard.server.ApprovalTesting.records;
import static io.switchboard.server.ApprovalTesting.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent over MCP (Java SDK) is never kept waiting: execute_query answers pending_approval at
 * once with the ids, and get_query_status reports the decision; after approval that call runs
 * the query, once, and returns its rows. A rejected or expired hold never runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class HumanApprovalMcpTest {
    @TempDir
    static Path dataDirectory;

    private TestingSwitchboard switchboard;
    private ApprovalClient approvals;
    private McpSyncClient mcp;

    @BeforeAll
    void start() throws SQLException {
        switchboard = ApprovalTesting.start(dataDirectory);
        ApprovalTesting.createTables(switchboard);
        approvals = admin(switchboard);
        mcp = ApprovalTesting.mcp(switchboard, ApprovalTesting.ALICE_TOKEN);
    }

    @AfterAll
    void stop() {
        if (mcp != null) {
            mcp.closeGracefully();
        }
        if (switchboard != null) {
            switchboard.close();
        }
    }

    private Map<String, Object> execute(String sql) {
        McpSchema.CallToolResult result = call(mcp, "execute_query", Map.of("sql", sql, "agent_id", "report-bot"));
        assertThat(result.isError()).as("execute_query of %s: %s", sql, result.content()).isFalse();
        return structured(result);
    }

    private Map<String, Object> status(String queryId) {
        McpSchema.CallToolResult result = call(mcp, "get_query_status", Map.of("query_id", queryId));
        assertThat(result.isError()).as("get_query_status: %s", result.content()).isFalse();
        return structured(result);
    }

    @Test
    @SuppressWarnings("unchecked")
    void approvedQueryRunsOnceWhenItsOwnerAsks() {
        Map<String, Object> pending = execute("SELECT count(*) AS n FROM held_log WHERE v <> 'mcp-approve'");
        assertThat(pending).containsEntry("status", "pending_approval");
        String queryId = (String) pending.get("query_id");
        String approvalId = (String) pending.get("approval_id");
        assertThat(approvalId).startsWith("apr_");
        assertThat((String) pending.get("reason")).contains("held_log");

        Map<String, Object> waiting = status(queryId);
        assertThat(waiting).containsEntry("state", "PENDING_APPROVAL").containsEntry("approval_id", approvalId);
        assertThat(records(switchboard, queryId)).as("a pending hold is not recorded yet").isEmpty();

        var hold = approvals.get(approvalId).body();
        assertThat(hold.path("frontend").asText()).isEqualTo("mcp");
        assertThat(hold.path("agentId").asText()).isEqualTo("report-bot");
        assertThat(approvals.approve(approvalId, "fine for the report").status()).isEqualTo(200);

        Map<String, Object> ran = status(queryId);
        assertThat(ran).containsEntry("state", "SUCCEEDED");
        Map<String, Object> result = (Map<String, Object>) ran.get("result");
        assertThat(result.get("rows").toString()).isEqualTo("[[0]]");
        assertThat(((Map<String, Object>) ran.get("approval"))).containsEntry("state", "approved")
                .containsEntry("decided_by", TestingSwitchboard.USER).containsEntry("comment", "fine for the report");

        // Asking again reports the run; it does not run the query again.
        Map<String, Object> after = status(queryId);
        assertThat(after).containsEntry("state", "SUCCEEDED").doesNotContainKey("result");
        List<QueryRecord> records = records(switchboard, queryId);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
        assertThat(records.get(0).agentContext().agentId()).isEqualTo("report-bot");
        assertThat(holdVerdict(records.get(0)).details()).containsEntry("approvalId", approvalId)
                .containsEntry("approvalState", "approved");
    }

    @Test
    void rejectedQueryNeverRunsAndTheAgentReadsTheComment() {
        Map<String, Object> pending = execute("SELECT v FROM held_log WHERE v = 'mcp-reject'");
        String queryId = (String) pending.get("query_id");
        String approvalId = (String) pending.get("approval_id");
        assertThat(approvals.reject(approvalId, "use the aggregated view instead").status()).isEqualTo(200);

        Map<String, Object> rejected = status(queryId);
        assertThat(rejected).containsEntry("state", "DENIED").containsEntry("error_code", "APPROVAL_REJECTED")
                .containsEntry("result_available", false).doesNotContainKey("result");
        assertThat((String) rejected.get("error_message")).contains("use the aggregated view instead").contains(approvalId);
        assertThat(approvals.approve(approvalId, "changed my mind").status()).isEqualTo(409);
        assertThat(status(queryId)).containsEntry("error_code", "APPROVAL_REJECTED");

        QueryRecord record = await(WAIT, "the record of the rejected hold", () -> {
            List<QueryRecord> found = records(switchboard, queryId);
            return found.isEmpty() ? null : found.get(0);
        });
        assertThat(records(switchboard, queryId)).hasSize(1);
        assertThat(record.outcome()).isEqualTo(QueryOutcome.DENIED);
        assertThat(record.errorCode()).isEqualTo(ErrorCode.APPROVAL_REJECTED);
        assertThat(record.rows()).isZero();
        assertThat(record.engine()).as("it never reached an engine").isNull();
    }

    @Test
    void queryPastItsDeadlineExpiresAndNeverRuns() {
        Map<String, Object> pending = execute("SELECT v FROM short_log");
        String queryId = (String) pending.get("query_id");
        String approvalId = (String) pending.get("approval_id");
        Map<String, Object> expired = await(WAIT, "the hold to expire", () -> {
            Map<String, Object> now = status(queryId);
            return "PENDING_APPROVAL".equals(now.get("state")) ? null : now;
        });
        assertThat(expired).containsEntry("state", "DENIED").containsEntry("error_code", "APPROVAL_EXPIRED");
        assertThat(approvals.approve(approvalId, "too late").status()).isEqualTo(409);
        assertThat(status(queryId)).containsEntry("error_code", "APPROVAL_EXPIRED").doesNotContainKey("result");
        List<QueryRecord> records = records(switchboard, queryId);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).errorCode()).isEqualTo(ErrorCode.APPROVAL_EXPIRED);
        assertThat(records.get(0).engine()).isNull();
    }

    @Test
    void onlyTheOwnerSeesAndRunsTheHold() {
        Map<String, Object> pending = execute("SELECT count(*) AS n FROM held_log WHERE v <> 'mcp-owner'");
        String queryId = (String) pending.get("query_id");
        String approvalId = (String) pending.get("approval_id");
        assertThat(approvals.get(approvalId).body().path("user").asText()).isEqualTo("alice");
        assertThat(approvals.approve(approvalId, "for alice").status()).isEqualTo(200);
        try (McpSyncClient bob = ApprovalTesting.mcp(switchboard, ApprovalTesting.BOB_TOKEN)) {
            McpSchema.CallToolResult answer = call(bob, "get_query_status", Map.of("query_id", queryId));
            assertThat(answer.isError()).isTrue();
            assertThat(structured(answer).toString()).contains("QUERY_NOT_FOUND");
        }
        assertThat(approvals.get(approvalId).body().path("ranAt").isNull()).as("bob's call ran nothing").isTrue();
        // Holds belong to the user, not the session: alice in a new session collects her result.
        try (McpSyncClient aliceAgain = ApprovalTesting.mcp(switchboard, ApprovalTesting.ALICE_TOKEN)) {
            Map<String, Object> ran = structured(call(aliceAgain, "get_query_status", Map.of("query_id", queryId)));
            assertThat(ran).containsEntry("state", "SUCCEEDED").containsKey("result");
        }
        assertThat(records(switchboard, queryId)).hasSize(1);
    }
}
