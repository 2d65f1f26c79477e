package io.switchboard.routing.rules;

import static io.switchboard.routing.rules.RoutingTables.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.routing.rules.RoutingTables.Query;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RuleRoutersTest {
    private static final String GROUPS = """
            clusters:
              duck: {engine: duckDb}
              pg: {engine: postgres, endpoint: "postgresql://localhost/tpch"}
              maria: {engine: mysql, endpoint: "mysql://localhost/tpch"}
            clusterGroups:
              default: {members: [duck]}
              interactive: {members: [duck, pg]}
              batch: {members: [maria]}
              analytics: {members: [pg]}
              agents: {members: [duck]}
            routingFallback: default
            """;

    private static RouterChain chain(String routers) {
        return RoutingTables.routers(GROUPS + routers).chain();
    }

    /** Routes each query and checks the group and the router that decided it. */
    private static void assertTable(RouterChain chain, Object... rows) {
        for (int i = 0; i < rows.length; i += 3) {
            Query query = (Query) rows[i];
            RoutingTrace trace = chain.route(query.context());
            assertThat(trace.group() + " by " + trace.decidedBy()).as("row %s: %s", i / 3, query).isEqualTo(rows[i + 1] + " by " + rows[i + 2]);
        }
    }

    @Test
    void protocolBasedRoutesByFrontend() {
        RouterChain chain = chain("""
                routers:
                  - type: protocolBased
                    postgresWire: interactive
                    mcp: agents
                    trinoHttp: analytics
                    snowflakeHttp: batch
                """);
        assertTable(chain,
                query("SELECT 1"), "interactive", "protocolBased#0",
                query("SELECT 1").from(FrontendProtocol.MCP), "agents", "protocolBased#0",
                query("SELECT 1").from(FrontendProtocol.TRINO_HTTP), "analytics", "protocolBased#0",
                query("SELECT 1").from(FrontendProtocol.MYSQL_WIRE), "default", "routingFallback");
        RoutingTrace trace = chain.route(query("SELECT 1").from(FrontendProtocol.MYSQL_WIRE).context());
        assertThat(trace.steps()).singleElement().satisfies(step -> {
            assertThat(step.router()).isEqualTo("protocolBased#0");
            assertThat(step.answer().action()).isEqualTo(RouteAnswer.Action.PASS);
            assertThat(step.answer().reason()).isEqualTo("no group for frontend mysqlWire");
            assertThat(step.micros()).isNotNegative();
        });
        assertThat(chain.route(query("SELECT 1").context()).steps().get(0).answer().reason()).isEqualTo("frontend postgresWire");
    }

    @Test
    void headerRoutesByStartupParameterHttpHeaderOrMcpMetadata() {
        RouterChain chain = chain("""
                routers:
                  - type: header
                    headerName: X-Team
                    headerValueToGroup: {data: analytics, ops: batch}
                  - type: header
                    name: by-mcp-client
                    headerName: mcp.clientName
                    headerValueToGroup: {claude-code: agents}
                """);
        assertTable(chain,
                query("SELECT 1").property("x-team", "data"), "analytics", "header#0",
                query("SELECT 1").property("X-TEAM", "ops"), "batch", "header#0",
                query("SELECT 1").property("x-team", "other"), "default", "routingFallback",
                query("SELECT 1").property("x-team", "DATA"), "default", "routingFallback",
                query("SELECT 1").from(FrontendProtocol.MCP).property("mcp.clientName", "claude-code"), "agents", "by-mcp-client",
                query("SELECT 1"), "default", "routingFallback");
        RoutingTrace trace = chain.route(query("SELECT 1").property("x-team", "other").context());
        assertThat(trace.steps()).extracting(s -> s.answer().reason())
                .containsExactly("X-Team has no group for its value", "no mcp.clientName");
    }

    @Test
    void userGroupRoutesByUserThenByTheirGroups() {
        RouterChain chain = chain("""
                routers:
                  - type: userGroup
                    userToGroup: {etl_bot: batch, alice: interactive}
                    groupToGroup: {analysts: analytics, engineers: interactive}
                """);
        assertTable(chain,
                query("SELECT 1").as("etl_bot"), "batch", "userGroup#0",
                query("SELECT 1").as("alice", "analysts"), "interactive", "userGroup#0",
                query("SELECT 1").as("bob", "analysts"), "analytics", "userGroup#0",
                query("SELECT 1").as("carol", "engineers", "analysts"), "analytics", "userGroup#0",
                query("SELECT 1").as("dave", "sales"), "default", "routingFallback");
        assertThat(chain.route(query("SELECT 1").as("bob", "analysts").context()).steps().get(0).answer().reason())
                .isEqualTo("member of analysts");
    }

    @Test
    void queryRegexRoutesOrDeniesWithItsMessage() {
        RouterChain chain = chain("""
                routers:
                  - type: queryRegex
                    rules:
                      - regex: "(?i)^\\\\s*(INSERT|UPDATE|DELETE|DROP)\\\\b"
                        action: deny
                        error: Writes are not permitted through this endpoint
                      - regex: "(?i)\\\\bfrom\\\\s+lineitem\\\\b"
                        targetGroup: batch
                      - regex: "(?i)pg_catalog"
                        targetGroup: analytics
                      - regex: "TRUNCATE"
                        action: deny
                """);
        assertTable(chain,
                query("SELECT count(*) FROM lineitem"), "batch", "queryRegex#0",
                query("select * from LINEITEM where l_orderkey = 1"), "batch", "queryRegex#0",
                query("SELECT * FROM pg_catalog.pg_class"), "analytics", "queryRegex#0",
                query("SELECT * FROM lineitems"), "default", "routingFallback");
        assertThatThrownBy(() -> chain.route(query("  delete from orders").context()))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_DENIED))
                .hasMessage("Query denied by router queryRegex#0: Writes are not permitted through this endpoint");
        assertThatThrownBy(() -> chain.route(query("TRUNCATE orders").context()))
                .hasMessage("Query denied by router queryRegex#0: Query denied by routing rule");
        assertThat(chain.route(query("SELECT count(*) FROM lineitem").context()).steps().get(0).answer().reason())
                .isEqualTo("rule 1 /(?i)\\bfrom\\s+lineitem\\b/ matched");
    }

    @Test
    void tagsMatchClientTagsAndQueryTagsInEitherFormat() {
        RouterChain chain = chain("""
                routers:
                  - type: tags
                    rules:
                      - tags: {team: eng, env: prod}
                        targetGroup: interactive
                      - tags: {batch: }
                        targetGroup: batch
                      - tags: {team: eng}
                        targetGroup: analytics
                      - tags: {reporting: }
                        targetGroup: agents
                """);
        assertTable(chain,
                query("SELECT 1").property("query_tags", "team:eng,env:prod"), "interactive", "tags#0",
                query("SELECT 1").property("query_tags", "team:eng,env:staging"), "analytics", "tags#0",
                query("SELECT 1").property("query_tags", "{\"team\": \"eng\", \"env\": \"prod\"}"), "interactive", "tags#0",
                query("SELECT 1").property("query_tags", "{\"batch\": null}"), "batch", "tags#0",
                query("SELECT 1").property("query_tags", "batch:nightly"), "batch", "tags#0",
                query("SELECT 1").property("QUERY_TAGS", "team : eng"), "analytics", "tags#0",
                query("SELECT 1").clientTags("reporting", "adhoc"), "agents", "tags#0",
                query("SELECT 1").property("query_tags", "inv@lid:eng,team:ops"), "default", "routingFallback",
                query("SELECT 1"), "default", "routingFallback");
        assertThat(chain.route(query("SELECT 1").property("query_tags", "team:eng,env:prod").context()).steps().get(0).answer().reason())
                .isEqualTo("tags team:eng,env:prod");
        assertThat(chain.route(query("SELECT 1").context()).steps().get(0).answer().reason()).isEqualTo("the query has no tags");
    }

    @Test
    void compoundCombinesConditionsWithAllOrAny() {
        RouterChain chain = chain("""
                routers:
                  - type: compound
                    name: prod-analysts
                    combine: all
                    conditions:
                      - {type: protocol, protocol: postgresWire}
                      - {type: header, headerName: x-env, headerValue: prod}
                      - {type: group, group: analysts}
                    targetGroup: analytics
                  - type: compound
                    name: batchy
                    combine: any
                    conditions:
                      - {type: user, username: etl_bot}
                      - {type: clientTag, tag: nightly}
                      - {type: queryRegex, regex: "(?i)\\\\bcopy\\\\b"}
                      - {type: tags, tags: {priority: low}}
                    targetGroup: batch
                """);
        assertTable(chain,
                query("SELECT 1").as("bob", "analysts").property("x-env", "prod"), "analytics", "prod-analysts",
                query("SELECT 1").as("bob", "analysts").property("x-env", "dev"), "default", "routingFallback",
                query("SELECT 1").as("bob", "analysts").property("x-env", "prod").from(FrontendProtocol.MCP), "default", "routingFallback",
                query("SELECT 1").as("etl_bot"), "batch", "batchy",
                query("SELECT 1").clientTags("nightly"), "batch", "batchy",
                query("SELECT 1").property("query_tags", "nightly"), "batch", "batchy",
                query("COPY orders TO STDOUT"), "batch", "batchy",
                query("SELECT 1").property("query_tags", "priority:low"), "batch", "batchy",
                query("SELECT 1").property("query_tags", "priority:high"), "default", "routingFallback");
        RoutingTrace trace = chain.route(query("SELECT 1").as("etl_bot").context());
        assertThat(trace.steps()).extracting(s -> s.answer().reason()).containsExactly(
                "not all of: protocol = postgresWire and header x-env = prod and user in group analysts",
                "user = etl_bot or client tag nightly or query matches /(?i)\\bcopy\\b/ or tags priority:low");
    }

    @Test
    void engineHintNamesAGroupAClusterOrAnEngineType() {
        RouterChain chain = chain("""
                routers:
                  - type: engineHint
                    allowedGroups: [interactive, batch, analytics]
                """);
        assertTable(chain,
                query("SELECT 1").engineHint("batch"), "batch", "engineHint#0",
                query("SELECT 1").engineHint("Analytics"), "analytics", "engineHint#0",
                query("SELECT 1").engineHint("maria"), "batch", "engineHint#0",
                query("SELECT 1").engineHint("pg"), "interactive", "engineHint#0",
                query("SELECT 1").engineHint("mysql"), "batch", "engineHint#0",
                query("SELECT 1").engineHint("postgres"), "interactive", "engineHint#0",
                query("SELECT 1").engineHint("agents"), "default", "routingFallback",
                query("SELECT 1").engineHint("oracle"), "default", "routingFallback",
                query("SELECT 1"), "default", "routingFallback");
        assertThat(chain.route(query("SELECT 1").engineHint("maria").context()).steps().get(0).answer().reason())
                .isEqualTo("engine hint: cluster maria of group batch");

        RouterChain strict = chain("""
                routers:
                  - {type: engineHint, strict: true}
                """);
        assertThatThrownBy(() -> strict.route(query("SELECT 1").engineHint("oracle").context()))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_DENIED))
                .hasMessageContaining("engine hint 'oracle' names no group, cluster or engine type allowed here");
        assertTable(strict, query("SELECT 1").engineHint("agents"), "agents", "engineHint#0");
    }

    @Test
    void theFirstRouterThatAnswersWinsAndTheTraceKeepsEveryAnswer() {
        RouterChain chain = chain("""
                routers:
                  - type: queryRegex
                    rules:
                      - {regex: "(?i)^drop", action: deny, error: no drops}
                  - type: userGroup
                    userToGroup: {etl_bot: batch}
                  - type: header
                    headerName: x-team
                    headerValueToGroup: {data: analytics}
                  - type: protocolBased
                    mcp: agents
                """);
        RoutingTrace trace = chain.route(query("SELECT 1").property("x-team", "data").context());
        assertThat(trace.group()).isEqualTo("analytics");
        assertThat(trace.decidedBy()).isEqualTo("header#2");
        assertThat(trace.steps()).extracting(RoutingTrace.Step::router).containsExactly("queryRegex#0", "userGroup#1", "header#2");
        assertThat(trace.steps()).extracting(s -> s.answer().action())
                .containsExactly(RouteAnswer.Action.PASS, RouteAnswer.Action.PASS, RouteAnswer.Action.ROUTE);
        assertThat(trace.steps()).extracting(s -> s.answer().reason())
                .containsExactly("no pattern matched", "no rule for this user or their groups", "x-team = data");
        assertThat(trace.summary()).isEqualTo("group analytics by header#2");

        RoutingTrace fallback = chain.route(query("SELECT 1").context());
        assertThat(fallback.decidedBy()).isEqualTo(RouterChain.FALLBACK);
        assertThat(fallback.steps()).hasSize(4);
    }

    @Test
    void decisionsAreCountedPerRouterActionAndGroup() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RouterChain chain = RuleRouters.create(RoutingTables.config(GROUPS + """
                routers:
                  - type: queryRegex
                    rules:
                      - {regex: "(?i)^drop", action: deny}
                      - {regex: lineitem, targetGroup: batch}
                """), registry).chain();
        chain.route(query("SELECT * FROM lineitem").context());
        chain.route(query("SELECT * FROM lineitem").context());
        chain.route(query("SELECT 1").context());
        assertThatThrownBy(() -> chain.route(query("DROP TABLE x").context()));
        assertThat(registry.get("switchboard.routing.decisions").tags("router", "queryRegex#0", "action", "route", "group", "batch")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("switchboard.routing.decisions").tags("router", "routingFallback", "group", "default")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("switchboard.routing.decisions").tags("router", "queryRegex#0", "action", "deny")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void everyMistakeIsAConfigurationErrorWithItsLine() {
        record Case(String routers, String message) {}
        List<Case> cases = List.of(
                new Case("routers:\n  - {type: magic}\n", "routers[0].type (line 13): unknown router type 'magic'"),
                new Case("routers:\n  - {type: protocolBased, postgresWire: nowhere}\n",
                        "routers[0].postgresWire (line 13): unknown cluster group 'nowhere'"),
                new Case("routers:\n  - {type: protocolBased, postgresWIRE: batch}\n", "unknown key 'postgresWIRE'"),
                new Case("routers:\n  - type: queryRegex\n    rules:\n      - {regex: '(unclosed', targetGroup: batch}\n",
                        "routers[0].rules[0].regex (line 15): is not a valid regular expression"),
                new Case("routers:\n  - type: queryRegex\n    rules:\n      - {regex: x}\n", "a route rule needs 'targetGroup'"),
                new Case("routers:\n  - type: queryRegex\n    rules:\n      - {regex: x, action: allow}\n", "must be 'route' or 'deny'"),
                new Case("routers:\n  - {type: header, headerName: x}\n", "needs 'headerValueToGroup'"),
                new Case("routers:\n  - {type: userGroup, userToGroup: {bob: nowhere}}\n", "routers[0].userToGroup.bob"),
                new Case("routers:\n  - {type: tags, rules: [{tags: {}, targetGroup: batch}]}\n", "'tags' needs at least one tag"),
                new Case("routers:\n  - {type: compound, combine: most, conditions: [], targetGroup: batch}\n", "must be 'all' or 'any'"),
                new Case("routers:\n  - {type: compound, conditions: [{type: phase, moon: full}], targetGroup: batch}\n",
                        "unknown condition type 'phase'"),
                new Case("routers:\n  - {type: compound, conditions: [{type: protocol, protocol: gopher}], targetGroup: batch}\n",
                        "unknown frontend 'gopher'"),
                new Case("routers:\n  - {type: engineHint, allowedGroups: [nowhere]}\n", "unknown cluster group 'nowhere'"),
                new Case("routers:\n  - {type: userGroup, name: a, userToGroup: {x: batch}}\n  - {type: userGroup, name: a, userToGroup: {y: batch}}\n",
                        "router name 'a' is used twice"),
                new Case("routers:\n  - {type: pythonScript}\n", "needs 'script' (inline Python) or 'scriptFile'"));
        for (Case c : cases) {
            assertThatThrownBy(() -> RoutingTables.routers(GROUPS + c.routers()))
                    .as(c.routers())
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessageContaining(c.message());
        }
    }
}
