package io.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.EngineType;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ConfigLoaderTest {
    private static SwitchboardConfig load(String yaml, String... overrides) {
        return ConfigLoader.load(yaml, List.of(overrides), Map.of("PG_PASSWORD", "from-env")::get);
    }

    private static void assertInvalid(String yaml, String... messageParts) {
        assertThatThrownBy(() -> load(yaml))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .satisfies(e -> {
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
    }

    @Test
    void everyKeyMaps() {
        SwitchboardConfig config = load("""
                switchboard:
                  bindAddress: 0.0.0.0
                  dataDirectory: /var/lib/switchboard
                  frontends:
                    postgresWire: {port: 15432, maxConnections: 50, bindAddress: 127.0.0.2}
                    mysqlWire: {enabled: false, port: 13306}
                    mcp: {port: 18811}
                  adminApi: {port: 19000, username: root, password: s3cret, enabled: true}
                  persistence: {type: inMemory}
                auth:
                  provider: static
                  staticUsers:
                    users:
                      alice: {password: "${PG_PASSWORD}", groups: [analysts]}
                clusters:
                  duck: {engine: duckDb, maxRunningQueries: 3, enabled: false}
                  trino: {engine: trino, endpoint: "http://localhost:8081"}
                clusterGroups:
                  main:
                    members: [duck, trino]
                    maxRunningQueries: 7
                    maxQueuedQueries: 70
                    capacityWaitTimeoutSecs: 30
                    overflowGroup: spill
                    strategy: {type: failover}
                  spill: {members: [trino]}
                routers:
                  - type: protocolBased
                    postgresWire: main
                routingFallback: spill
                """);
        assertThat(config.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("/var/lib/switchboard"));
        assertThat(config.frontends().postgresWire()).satisfies(f -> {
            assertThat(f.enabled()).isTrue();
            assertThat(f.port()).isEqualTo(15432);
            assertThat(f.maxConnections()).isEqualTo(50);
            assertThat(f.bindAddress()).isEqualTo("127.0.0.2");
        });
        assertThat(config.frontends().mysqlWire().enabled()).isFalse();
        assertThat(config.frontends().mcp().enabled()).isTrue();
        assertThat(config.frontends().mcp().bindAddress()).isEqualTo("0.0.0.0");
        assertThat(config.frontends().trinoHttp().enabled()).isFalse();
        assertThat(config.adminApi().port()).isEqualTo(19000);
        assertThat(config.adminApi().username()).isEqualTo("root");
        assertThat(config.adminApi().passwordValue()).contains("s3cret");
        assertThat(config.adminApi().toString()).doesNotContain("s3cret");
        assertThat(config.persistence().type()).isEqualTo(PersistenceConfig.Type.IN_MEMORY);
        assertThat(config.auth().provider()).isEqualTo(AuthConfig.Provider.STATIC);
        assertThat(config.auth().required()).isTrue();
        assertThat(config.auth().users().get("alice").password()).isEqualTo("from-env");
        assertThat(config.auth().users().get("alice").groups()).containsExactly("analysts");
        assertThat(config.clusters().get("duck")).satisfies(c -> {
            assertThat(c.engine()).isEqualTo(EngineType.DUCKDB);
            assertThat(c.maxRunningQueries()).isEqualTo(3);
            assertThat(c.enabled()).isFalse();
        });
        assertThat(config.clusters().get("trino").endpointValue()).contains("http://localhost:8081");
        assertThat(config.clusterGroups().get("main")).satisfies(g -> {
            assertThat(g.members()).containsExactly("duck", "trino");
            assertThat(g.maxRunningQueries()).isEqualTo(7);
            assertThat(g.maxQueuedQueries()).isEqualTo(70);
            assertThat(g.capacityWaitTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(g.overflowGroupName()).contains("spill");
            assertThat(g.strategy().string("type")).isEqualTo("failover");
        });
        assertThat(config.routers()).hasSize(1);
        assertThat(config.routers().get(0).string("type")).isEqualTo("protocolBased");
        assertThat(config.routingFallbackGroup()).contains("spill");
    }

    @Test
    void defaultsAreRecorded() {
        SwitchboardConfig config = load("");
        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(List.of(config.frontends().postgresWire(), config.frontends().mysqlWire(), config.frontends().trinoHttp(),
                config.frontends().flightSql(), config.frontends().mcp()))
                .extracting(FrontendConfig::port)
                .containsExactly(5432, 3306, 8080, 50051, 8811);
        assertThat(config.frontends().postgresWire().enabled()).isFalse();
        assertThat(config.frontends().postgresWire().maxConnections()).isZero();
        assertThat(config.adminApi()).isEqualTo(new AdminApiConfig(true, 9000, "127.0.0.1", "admin", null, false));
        assertThat(config.persistence().type()).isEqualTo(PersistenceConfig.Type.DUCKDB);
        assertThat(config.auth()).isEqualTo(AuthConfig.NONE);
        assertThat(config.clusters()).isEmpty();
        assertThat(config.routingFallbackGroup()).isEmpty();

        ClusterGroupConfig group = load("""
                clusters: {d: {engine: duckDb}}
                clusterGroups: {g: {members: [d]}}
                """).clusterGroups().get("g");
        assertThat(group.maxRunningQueries()).isEqualTo(ClusterGroupConfig.DEFAULT_MAX_RUNNING_QUERIES);
        assertThat(group.maxQueuedQueries()).isEqualTo(ClusterGroupConfig.DEFAULT_MAX_QUEUED_QUERIES);
        assertThat(group.capacityWaitTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(group.overflowGroupName()).isEmpty();
        assertThat(group.enabled()).isTrue();
    }

    @Test
    void queryFluxBlockAndInlineClustersLoad() {
        SwitchboardConfig config = load("""
                queryflux:
                  frontends:
                    postgresWire: {enabled: true, port: 5432}
                  persistence: {type: inMemory}
                  adminApi: {port: 9000}
                clusterGroups:
                  duckdb-local:
                    engine: duckDb
                    maxRunningQueries: 4
                    clusters:
                      - name: duckdb-1
                routers:
                  - type: protocolBased
                    postgresWire: duckdb-local
                routingFallback: duckdb-local
                """);
        assertThat(config.clusters()).containsOnlyKeys("duckdb-1");
        assertThat(config.clusters().get("duckdb-1").engine()).isEqualTo(EngineType.DUCKDB);
        assertThat(config.clusterGroups().get("duckdb-local").members()).containsExactly("duckdb-1");
        assertThat(config.frontends().postgresWire().enabled()).isTrue();
    }

    @Test
    void unknownKeysNameTheirPathAndLine() {
        assertInvalid("""
                switchboard:
                  adminApi:
                    username: admin
                    prot: 9000
                """, "switchboard.adminApi.prot (line 4)", "unknown key 'prot'", "did you mean 'port'");
        assertInvalid("""
                clusters: {}
                routingFallbak: main
                """, "routingFallbak (line 2)", "did you mean 'routingFallback'");
        assertInvalid("switchboard:\n  frontendz: {}\n", "switchboard.frontendz (line 2)");
    }

    @Test
    void wrongTypesNameTheirPathAndLine() {
        assertInvalid("""
                switchboard:
                  adminApi:
                    port: nine-thousand
                """, "switchboard.adminApi.port (line 3)", "expected an integer but found 'nine-thousand'");
        assertInvalid("""
                switchboard:
                  frontends:
                    postgresWire: {port: 70000}
                """, "switchboard.frontends.postgresWire.port (line 3)", "between 0 and 65535");
        assertInvalid("""
                clusters:
                  d: {engine: duckDb}
                clusterGroups:
                  g: {members: d, maxRunningQueries: [1]}
                """, "clusterGroups.g.maxRunningQueries (line 4)", "expected a single value");
        assertInvalid("switchboard:\n  frontends:\n    postgresWire: {enabled: maybe}\n", "expected true or false");
    }

    @Test
    void brokenReferencesAreErrors() {
        assertInvalid("""
                clusters:
                  d: {engine: duckDb}
                clusterGroups:
                  g: {members: [d, missing]}
                """, "clusterGroups.g.members (line 4)", "unknown cluster 'missing'");
        assertInvalid("""
                clusters:
                  d: {engine: duckDb}
                clusterGroups:
                  g: {members: [d]}
                routingFallback: h
                """, "routingFallback (line 5)", "unknown cluster group 'h'");
        assertInvalid("clusters:\n  d: {engine: oracle}\n", "clusters.d.engine (line 2)", "unknown engine 'oracle'", "duckDb");
        assertInvalid("clusters:\n  d: {endpoint: x}\n", "missing required key 'engine'");
        assertInvalid("clusters:\n  d: {engine: duckDb}\nclusterGroups:\n  g: {members: []}\n", "has no members");
    }

    @Test
    void yamlProblemsAreReportedWithTheirLine() {
        assertInvalid("switchboard:\n  adminApi: {port: 1\n", "not valid YAML");
        assertInvalid("clusters:\n  d: {engine: duckDb}\n  d: {engine: duckDb}\n", "line 3");
        assertInvalid("auth:\n  provider: static\n  staticUsers:\n    users:\n      bob: {password: \"${NOPE}\"}\n",
                "environment variable 'NOPE' is not set");
        assertInvalid("auth:\n  provider: static\n", "lists no user");
    }

    @Test
    void overridesApplyBeforeValidation() {
        SwitchboardConfig config = load("""
                switchboard:
                  frontends:
                    postgresWire: {port: 5432}
                clusters:
                  d: {engine: duckDb}
                clusterGroups:
                  g: {members: [d]}
                  h: {members: [d]}
                routingFallback: g
                """, "frontends.postgresWire.port=6543", "adminApi.port=0", "routingFallback=h", "clusterGroups.g.maxRunningQueries=3",
                "frontends.mcp.enabled=true");
        assertThat(config.frontends().postgresWire().port()).isEqualTo(6543);
        assertThat(config.adminApi().port()).isZero();
        assertThat(config.routingFallbackGroup()).contains("h");
        assertThat(config.clusterGroups().get("g").maxRunningQueries()).isEqualTo(3);
        assertThat(config.frontends().mcp().enabled()).isTrue();
        assertThat(load("queryflux: {}", "adminApi.port=1234").adminApi().port()).isEqualTo(1234);
        assertThatThrownBy(() -> load("", "frontends.postgresWire.port")).hasMessageContaining("key.path=value");
        assertThatThrownBy(() -> load("", "adminApi.porrt=1")).hasMessageContaining("unknown key 'porrt'");
    }

    @Test
    void durationsNeedUnits() {
        ConfigNode node = new ConfigNode(new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader("a: 30s\nb: 250ms\nc: 30\nd: PT1M")),
                "x", 1, name -> null);
        assertThat(node.duration("a", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(node.duration("b", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(node.duration("d", Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> node.duration("c", Duration.ZERO)).hasMessageContaining("x.c (line 3)");
    }
}
