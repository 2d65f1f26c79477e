package io.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.feedback.QueryRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official TypeScript SDK client (npm @modelcontextprotocol/sdk) runs a scripted agent session over streamable HTTP. */
final class TypeScriptClientTest {
    private static McpTestServer server;

    @BeforeAll
    static void start() {
        NodeTools.install();
        server = McpTestServer.start("progressInterval: 200ms");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void scriptedSessionPasses() {
        Path work = NodeTools.install();
        NodeTools.Run run = NodeTools.run(work, 180, "node", "scripted-session.mjs", server.url() + McpFrontend.ENDPOINT);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("ALL CHECKS PASSED (11)");

        QueryRecord recorded = server.feedback().recentQueries(1000).stream()
                .filter(record -> "ts-agent".equals(record.agentContext().agentId()))
                .findFirst().orElseThrow(() -> new AssertionError("the TypeScript session's agent context was not recorded"));
        assertThat(recorded.agentContext().conversationId()).isEqualTo("ts-conversation");
        assertThat(recorded.agentContext().intent()).isEqualTo("list suppliers");
        assertThat(server.feedback().recentQueries(1000)).anyMatch(record -> "ts-scripted-session".equals(record.agentContext().agentId()));
    }
}
