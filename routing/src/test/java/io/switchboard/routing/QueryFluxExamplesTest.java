package io.switchboard.routing;

import static io.switchboard.routing.rules.RoutingTables.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CapacityLease;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.routing.rules.RoutingTables;
import io.switchboard.routing.rules.RoutingTables.Query;
import io.switchboard.routing.rules.RuleRouters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * QueryFlux's example configurations (retyped under {@code src/test/resources/queryflux/}, each
 * file saying what it leaves out) load, and route and place queries as QueryFlux documents.
 */
final class QueryFluxExamplesTest {

    private record Loaded(SwitchboardConfig config, RuleRouters routers, ClusterGroupManager capacity) {
        String route(Query query) {
            RoutingTrace trace = routers.chain().route(query.context());
            return trace.group() + " by " + trace.decidedBy();
        }
    }

    private static Loaded load(String resource) {
        String yaml;
        try (InputStream in = QueryFluxExamplesTest.class.getResourceAsStream("/queryflux/" + resource)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        SwitchboardConfig config = RoutingTables.config(yaml);
        CapacityConfig capacity = CapacityConfig.parse(config.clusters(), config.clusterGroups());
        Map<String, Engine> engines = new LinkedHashMap<>();
        config.clusters().forEach((name, cluster) -> {
            cluster.options().rejectUnknownKeys();
            engines.put(name, new StubEngine(name, cluster.engine()));
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        return new Loaded(config, RuleRouters.create(config, registry), new ClusterGroupManager(capacity, engines, registry));
    }

    @Test
    void rootConfigExampleRoutesPostgresToTrinoAndProdMysqlToDuckDb() {
        Loaded example = load("config.example.yaml");
        assertThat(example.config().clusterGroups().get("trino-default").members()).containsExactly("trino-1");
        assertThat(example.config().clusters().get("duckdb-1").engine().configName()).isEqualTo("duckDb");
        assertThat(example.route(query("SELECT 1"))).isEqualTo("trino-default by protocolBased#0");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.MYSQL_WIRE).property("X-Env", "prod")))
                .isEqualTo("duckdb-local by compound#1");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.MYSQL_WIRE))).isEqualTo("duckdb-local by routingFallback");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.TRINO_HTTP))).isEqualTo("duckdb-local by routingFallback");
        try (CapacityLease lease = example.capacity().acquire("duckdb-local", null)) {
            assertThat(lease.cluster()).isEqualTo("duckdb-1");
        }
        assertThat(example.capacity().status().get(1).clusters().get(0).maxRunning()).isEqualTo(4);
    }

    @Test
    void mcpExampleSendsAgentsToTheLocalDuckDb() {
        Loaded example = load("with-mcp.yaml");
        assertThat(example.config().frontends().mcp().enabled()).isTrue();
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.MCP))).isEqualTo("duckdb-local by protocolBased#0");
        assertThat(example.route(query("SELECT 1"))).isEqualTo("duckdb-local by routingFallback");
    }

    @Test
    void documentedTagsAndPythonScriptExamplesRouteAsDescribed() {
        Loaded example = load("routing-and-clusters.yaml");
        try (RuleRouters ignored = example.routers()) {
            assertThat(example.route(query("SELECT 1").property("query_tags", "team:eng,env:prod"))).isEqualTo("prod-eng-cluster by tags#0");
            assertThat(example.route(query("SELECT 1").property("query_tags", "{\"team\":\"analytics\"}"))).isEqualTo("analytics-cluster by tags#0");
            assertThat(example.route(query("SELECT 1").property("query_tag", "batch"))).isEqualTo("batch-cluster by tags#0");
            assertThat(example.route(query("SELECT 1").clientTags("batch"))).isEqualTo("batch-cluster by tags#0");
            assertThat(example.route(query("SELECT 1").as("batch"))).isEqualTo("heavy-trino by pythonScript#1");
            assertThat(example.route(query("SELECT 1").as("someone"))).isEqualTo("duckdb-local by routingFallback");
            assertThat(example.capacity().status().get(0).clusters().get(0).maxRunning())
                    .as("a shared cluster takes the smallest limit of its groups").isEqualTo(10);
        }
    }

    @Test
    void everyRoutingKeyLoadsAndBehaves() {
        Loaded example = load("routing-keys.yaml");
        RouterChain chain = example.routers().chain();
        assertThat(chain.routers()).hasSize(6);
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.TRINO_HTTP))).isEqualTo("interactive by protocolBased#0");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.FLIGHT_SQL))).isEqualTo("mixed by protocolBased#0");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.INTERNAL).property("x-trino-source", "dbt")))
                .isEqualTo("standby by header#1");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.INTERNAL).as("etl"))).isEqualTo("standby by userGroup#2");
        assertThat(example.route(query("SELECT * FROM prod.orders").from(FrontendProtocol.INTERNAL))).isEqualTo("interactive by queryRegex#3");
        assertThatThrownBy(() -> example.route(query("DELETE FROM t").from(FrontendProtocol.INTERNAL)))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_DENIED))
                .hasMessageEndingWith("Writes are not permitted");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.INTERNAL).property("query_tags", "team:eng")))
                .isEqualTo("mixed by tags#4");
        assertThat(example.route(query("SELECT * FROM a JOIN b USING (x)").from(FrontendProtocol.INTERNAL)))
                .isEqualTo("standby by compound#5");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.INTERNAL).as("bob"))).isEqualTo("local by routingFallback");
        assertThat(example.route(query("SELECT 1").from(FrontendProtocol.INTERNAL))).as("user alice").isEqualTo("standby by compound#5");

        // Strategies as configured: weighted 3:1, engine affinity starRocks first, failover in member order.
        List<String> weighted = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try (CapacityLease lease = example.capacity().acquire("interactive", null)) {
                weighted.add(lease.cluster());
            }
        }
        assertThat(weighted.stream().filter("trino-1"::equals).count()).isEqualTo(6);
        try (CapacityLease lease = example.capacity().acquire("mixed", null)) {
            assertThat(lease.cluster()).isEqualTo("sr-1");
        }
        try (CapacityLease lease = example.capacity().acquire("standby", null)) {
            assertThat(lease.cluster()).isEqualTo("trino-2");
        }
        assertThat(example.capacity().snapshot()).filteredOn(c -> c.name().startsWith("trino"))
                .extracting(ClusterGroupManager.ClusterSnapshot::maxRunning).containsExactly(20, 10);
    }
}
