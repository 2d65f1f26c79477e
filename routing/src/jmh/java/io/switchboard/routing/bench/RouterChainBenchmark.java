package io.switchboard.routing.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.routing.rules.RuleRouters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the rule-router chain per query with a 20-router configuration of every type but
 * pythonScript (measured on its own, below): a PostgreSQL query that passes 19 routers and is
 * decided by the 20th, and one that passes all and takes the fallback. The cost includes what
 * the chain adds (the trace, a clock read per router) and the decision counter.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class RouterChainBenchmark {
    static final String GROUPS = """
            clusters:
              duck: {engine: duckDb}
            clusterGroups:
              interactive: {members: [duck]}
              analytics: {members: [duck]}
              batch: {members: [duck]}
              heavy: {members: [duck]}
              light: {members: [duck]}
              catalog: {members: [duck]}
              agents: {members: [duck]}
            routingFallback: batch
            """;
    static final String TWENTY_ROUTERS = """
            routers:
              - {type: protocolBased, mcp: agents, trinoHttp: analytics}
              - {type: header, headerName: X-Team, headerValueToGroup: {data: analytics, ops: batch}}
              - {type: header, headerName: application_name, headerValueToGroup: {dashboard: light}}
              - {type: userGroup, userToGroup: {etl: batch, loader: batch}, groupToGroup: {analysts: analytics}}
              - type: queryRegex
                rules:
                  - {regex: "(?i)^\\\\s*(insert|update|delete|drop|truncate)\\\\b", action: deny, error: read only}
                  - {regex: "(?i)\\\\bfrom\\\\s+lineitem\\\\b", targetGroup: heavy}
                  - {regex: "(?i)pg_catalog", targetGroup: catalog}
                  - {regex: "(?i)information_schema", targetGroup: catalog}
              - {type: tags, rules: [{tags: {team: eng}, targetGroup: analytics}, {tags: {batch: }, targetGroup: batch}]}
              - type: compound
                conditions: [{type: protocol, protocol: mysqlWire}, {type: header, headerName: x-env, headerValue: prod}]
                targetGroup: analytics
              - type: compound
                combine: any
                conditions: [{type: user, username: robot}, {type: clientTag, tag: nightly}, {type: queryRegex, regex: "(?i)\\\\bcopy\\\\b"}]
                targetGroup: batch
              - {type: engineHint}
              - {type: header, headerName: x-priority, headerValueToGroup: {high: light}}
              - {type: userGroup, userToGroup: {intern: light}}
              - {type: queryRegex, rules: [{regex: "(?i)\\\\bcross\\\\s+join\\\\b", targetGroup: heavy}]}
              - {type: tags, rules: [{tags: {priority: low}, targetGroup: batch}]}
              - type: compound
                conditions: [{type: group, group: analysts}, {type: queryRegex, regex: "(?i)\\\\border\\\\s+by\\\\b"}]
                targetGroup: analytics
              - {type: header, headerName: mcp.clientName, headerValueToGroup: {claude: agents}}
              - {type: queryRegex, rules: [{regex: "(?i)generate_series", targetGroup: heavy}]}
              - {type: userGroup, groupToGroup: {finance: analytics}}
              - type: compound
                combine: any
                conditions: [{type: header, headerName: x-debug, headerValue: "1"}, {type: clientTag, tag: debug}]
                targetGroup: light
              - {type: queryRegex, rules: [{regex: "(?i)^\\\\s*explain\\\\b", targetGroup: light}]}
              - {type: protocolBased, postgresWire: interactive}
            """;
    static final String SQL = """
            SELECT c_mktsegment, count(*) AS order_count, sum(o_totalprice) AS revenue
            FROM customer JOIN orders ON o_custkey = c_custkey
            WHERE o_orderdate >= DATE '1995-01-01' AND o_orderstatus = 'F'
            GROUP BY c_mktsegment
            ORDER BY revenue DESC
            LIMIT 10""";

    @State(Scope.Benchmark)
    public static class Chain {
        RuleRouters rules;
        RouterChain chain;
        QueryContext decidedByTheLast;
        QueryContext fallback;

        @Setup(Level.Trial)
        public void setUp() {
            SwitchboardConfig config = ConfigLoader.load(GROUPS + TWENTY_ROUTERS, List.of(), name -> null);
            rules = RuleRouters.create(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            chain = rules.chain();
            if (chain.routers().size() != 20) {
                throw new IllegalStateException("expected 20 routers, got " + chain.routers().size());
            }
            decidedByTheLast = context(FrontendProtocol.POSTGRES_WIRE);
            fallback = context(FrontendProtocol.FLIGHT_SQL);
            check(chain.route(decidedByTheLast), "interactive", "protocolBased#19");
            check(chain.route(fallback), "batch", RouterChain.FALLBACK);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rules.close();
        }
    }

    /** A query as the PostgreSQL frontend hands it over: startup parameters in the session, analysed once. */
    static QueryContext context(FrontendProtocol frontend) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("application_name", "psql");
        properties.put("client_encoding", "UTF8");
        properties.put("DateStyle", "ISO, MDY");
        properties.put("TimeZone", "UTC");
        properties.put("extra_float_digits", "3");
        properties.put("search_path", "public");
        Session session = Session.builder("alice", frontend)
                .authenticated(true)
                .groups(Set.of("engineers"))
                .database("tpch")
                .properties(properties)
                .build();
        QueryRequest request = QueryRequest.of(SQL, Dialect.POSTGRES, session);
        return QueryContext.of(request, new QueryAnalyzer().analyze(SQL, Dialect.POSTGRES));
    }

    static void check(RoutingTrace trace, String group, String decidedBy) {
        if (!trace.group().equals(group) || !trace.decidedBy().equals(decidedBy)) {
            throw new IllegalStateException("unexpected route: " + trace.summary());
        }
    }

    @Benchmark
    public RoutingTrace decidedByTheTwentiethRouter(Chain state) {
        return state.chain.route(state.decidedByTheLast);
    }

    @Benchmark
    public RoutingTrace allPassToTheFallback(Chain state) {
        return state.chain.route(state.fallback);
    }
}
