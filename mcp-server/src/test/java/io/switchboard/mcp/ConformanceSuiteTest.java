package io.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MCP conformance suite (npm @modelcontextprotocol/conformance 0.1.16, Node 22) against the
 * streamable HTTP frontend, with the expected-failures baseline in
 * {@code src/test/node/conformance-baseline.yml}: the run fails on a new failure and on a
 * baseline entry that started to pass.
 */
final class ConformanceSuiteTest {
    /** The generic server scenarios, which do not depend on the reference server's fixtures. */
    private static final List<String> MUST_PASS = List.of("server-initialize", "ping", "logging-set-level", "tools-list",
            "resources-list", "server-sse-multiple-streams", "dns-rebinding-protection");
    private static McpTestServer server;

    @BeforeAll
    static void start() {
        NodeTools.install();
        server = McpTestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void genericScenariosPassAndTheRestMatchTheBaseline() {
        Path work = NodeTools.install();
        NodeTools.Run run = NodeTools.run(work, 300, NodeTools.node22(), "node_modules/.bin/conformance", "server",
                "--url", server.url() + McpFrontend.ENDPOINT,
                "--expected-failures", "conformance-baseline.yml",
                "--output-dir", work.resolve("conformance-results").toString());
        assertThat(run.exitCode()).as(run.output()).isZero();
        for (String scenario : MUST_PASS) {
            assertThat(run.output()).as(run.output()).containsPattern("✓ " + scenario + ": \\d+ passed, 0 failed");
        }
    }
}
