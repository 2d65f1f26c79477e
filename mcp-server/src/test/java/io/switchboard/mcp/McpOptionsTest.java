package io.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.pipeline.CapacityManager;
import io.switchboard.core.pipeline.PipelineMetrics;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every key of frontends.mcp maps, every default is recorded, and mistakes are reported with their key. */
final class McpOptionsTest {

    private static McpOptions parse(String mcpYaml, Map<String, String> environment) {
        String yaml = """
                switchboard:
                  frontends:
                    mcp:
                %s
                """.formatted(mcpYaml.indent(6).stripTrailing());
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), environment::get);
        return McpOptions.parse(config.frontends().mcp().options());
    }

    @Test
    void recordsDefaults() {
        McpOptions options = McpOptions.defaults();
        assertThat(options.tokens()).isEmpty();
        assertThat(options.requiresToken()).isFalse();
        assertThat(options.anonymousUser()).isEqualTo("mcp");
        assertThat(options.allowedOrigins()).isEqualTo(McpOptions.LOOPBACK_ORIGINS);
        assertThat(options.allowedHosts()).isEqualTo(McpOptions.LOOPBACK_HOSTS);
        assertThat(options.defaultMaxRows()).isEqualTo(1000);
        assertThat(options.maxRows()).isEqualTo(10_000);
        assertThat(options.maxResultRows()).isEqualTo(100_000);
        assertThat(options.resultTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.resultMaxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(options.resultMaxBytesPerQuery()).isEqualTo(16L * 1024 * 1024);
        assertThat(options.sourceDialect()).isEqualTo(Dialect.TRINO);
        assertThat(options.queryTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.progressInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.catalogRefreshInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.maxRequestSize()).isEqualTo(4 * 1024 * 1024);
    }

    @Test
    void mapsEveryKey() {
        McpOptions options = parse("""
                enabled: true
                port: 9911
                bindAddress: 127.0.0.1
                maxConnections: 10
                tokens:
                  - token: ${AGENT_TOKEN}
                    user: agent
                anonymousUser: nobody
                allowedOrigins: ["https://studio.example.com"]
                allowedHosts: ["mcp.example.com:*"]
                defaultMaxRows: 50
                maxRows: 500
                maxResultRows: 5000
                resultRetention:
                  ttl: 2m
                  maxBytes: 8MB
                  maxBytesPerQuery: 512KB
                sourceDialect: postgres
                queryTimeout: 30s
                progressInterval: 250ms
                catalogRefreshInterval: 5m
                maxRequestSize: 1MB
                """, Map.of("AGENT_TOKEN", "secret-token-from-the-environment"));
        assertThat(options.tokens()).isEqualTo(Map.of("secret-token-from-the-environment", "agent"));
        assertThat(options.userForToken("secret-token-from-the-environment")).contains("agent");
        assertThat(options.userForToken("secret-token-from-the-environmenT")).isEmpty();
        assertThat(options.anonymousUser()).isEqualTo("nobody");
        assertThat(options.allowedOrigins()).containsExactly("https://studio.example.com");
        assertThat(options.allowedHosts()).containsExactly("mcp.example.com:*");
        assertThat(options.defaultMaxRows()).isEqualTo(50);
        assertThat(options.maxRows()).isEqualTo(500);
        assertThat(options.maxResultRows()).isEqualTo(5000);
        assertThat(options.resultTtl()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.resultMaxBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(options.resultMaxBytesPerQuery()).isEqualTo(512L * 1024);
        assertThat(options.sourceDialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(options.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.progressInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.catalogRefreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.maxRequestSize()).isEqualTo(1024 * 1024);
        assertThat(options.toString()).doesNotContain("secret-token-from-the-environment").contains("agent");
    }

    @Test
    void reportsMistakesWithTheirKey() {
        assertThatThrownBy(() -> parse("maxRow: 10", Map.of())).isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("frontends.mcp.maxRow").hasMessageContaining("did you mean 'maxRows'");
        assertThatThrownBy(() -> parse("tokens:\n  - token: short\n    user: a", Map.of()))
                .hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> parse("tokens:\n  - token: ${MISSING_TOKEN}\n    user: a", Map.of()))
                .hasMessageContaining("MISSING_TOKEN");
        assertThatThrownBy(() -> parse("defaultMaxRows: 100\nmaxRows: 10", Map.of())).hasMessageContaining("frontends.mcp.maxRows");
        assertThatThrownBy(() -> parse("sourceDialect: cobol", Map.of())).hasMessageContaining("unknown dialect 'cobol'");
        assertThatThrownBy(() -> parse("resultRetention:\n  maxBytes: lots", Map.of()))
                .hasMessageContaining("frontends.mcp.resultRetention.maxBytes");
        assertThatThrownBy(() -> parse("resultRetention:\n  maxBytes: 1MB\n  maxBytesPerQuery: 2MB", Map.of()))
                .hasMessageContaining("maxBytesPerQuery");
        assertThatThrownBy(() -> parse("progressInterval: 0s", Map.of())).hasMessageContaining("progressInterval");
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutTokens() {
        SwitchboardConfig config = ConfigLoader.load("""
                switchboard:
                  frontends:
                    mcp:
                      bindAddress: 0.0.0.0
                      port: 0
                """, List.of(), name -> null);
        FeedbackStore store = new FeedbackStore() {
            @Override
            public void record(QueryRecord record) {
            }

            @Override
            public void close() {
            }
        };
        CapacityManager noCapacity = (group, context) -> {
            throw new AssertionError("no query runs in this test");
        };
        QueryPipeline pipeline = QueryPipeline.builder()
                .routers(new RouterChain(List.of(), Optional.empty()))
                .capacity(noCapacity)
                .feedback(store)
                .metrics(new PipelineMetrics(new SimpleMeterRegistry()))
                .build();
        assertThatThrownBy(() -> new McpFrontend(config.frontends().mcp(), config.auth(), pipeline, store, new SimpleMeterRegistry()))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("not a loopback address").hasMessageContaining("frontends.mcp.tokens");
    }
}
