package io.switchboard.server;

import static io.switchboard.server.ApprovalTesting.WAIT;
import static io.switchboard.server.ApprovalTesting.admin;
import static io.switchboard.server.ApprovalTesting.call;
import static io.switchboard.server.ApprovalTesting.count;
import static io.switchboard.server.ApprovalTesting.failureOf;
import static io.switchboard.server.ApprovalTesting.records;
import static io.switchboard.server.ApprovalTesting.sendWaiting;
import static io.switchboard.server.ApprovalTesting.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart between hold and decision loses no hold: an MCP hold is still pending afterwards,
 * and once approved it runs when its owner asks; a wire hold's connection is gone, so its hold
 * is abandoned and never runs.
 */
final class HumanApprovalRestartTest {
    @Test
    @SuppressWarnings("unchecked")
    void holdsSurviveARestart(@TempDir Path dataDirectory) throws Exception {
        String mcpQueryId;
        String mcpApprovalId;
        String wireApprovalId;
        try (ExecutorService threads = ApprovalTesting.threads()) {
            Future<Integer> insert;
            try (TestingSwitchboard first = ApprovalTesting.start(dataDirectory)) {
                ApprovalTesting.createTables(first);
                try (McpSyncClient mcp = ApprovalTesting.mcp(first, ApprovalTesting.ALICE_TOKEN)) {
                    Map<String, Object> pending = structured(call(mcp, "execute_query",
                            Map.of("sql", "SELECT count(*) AS n FROM held_log WHERE v = 'restart-wire'")));
                    assertThat(pending).containsEntry("status", "pending_approval");
                    mcpQueryId = (String) pending.get("query_id");
                    mcpApprovalId = (String) pending.get("approval_id");
                }
                insert = sendWaiting(threads, first, "INSERT INTO held_log VALUES ('restart-wire')", new ArrayList<>());
                wireApprovalId = admin(first).awaitPending(sql -> sql.startsWith("INSERT INTO held_log"), WAIT).path("approvalId").asText();
            }
            // The server went away under the waiting client: its statement failed, nothing ran.
            failureOf(insert);
        }

        try (TestingSwitchboard second = ApprovalTesting.start(dataDirectory)) {
            ApprovalClient approvals = admin(second);
            assertThat(approvals.get(mcpApprovalId).body().path("state").asText()).isEqualTo("pending");
            assertThat(approvals.get(wireApprovalId).body().path("state").asText()).isEqualTo("abandoned");
            assertThat(approvals.approve(wireApprovalId, "too late").status()).isEqualTo(409);
            assertThat(count(second, "held_log", "restart-wire")).isZero();

            assertThat(approvals.approve(mcpApprovalId, "after the restart").status()).isEqualTo(200);
            try (McpSyncClient mcp = ApprovalTesting.mcp(second, ApprovalTesting.ALICE_TOKEN)) {
                Map<String, Object> ran = structured(call(mcp, "get_query_status", Map.of("query_id", mcpQueryId)));
                assertThat(ran).containsEntry("state", "SUCCEEDED");
                assertThat(((Map<String, Object>) ran.get("result")).get("rows").toString()).isEqualTo("[[0]]");
                assertThat(structured(call(mcp, "get_query_status", Map.of("query_id", mcpQueryId))))
                        .containsEntry("state", "SUCCEEDED").doesNotContainKey("result");
            }
            List<QueryRecord> records = records(second, mcpQueryId);
            assertThat(records).hasSize(1);
            assertThat(records.get(0).outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
        }
    }
}
