package io.switchboard.routing.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.routing.rules.RuleRouters;
import java.util.List;
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
 * One pythonScript router (QueryFlux's "route by user" example plus a regex): GraalPy runs
 * interpreted on a stock JDK, so this is the price of a script, paid only by queries the routers
 * before it did not decide.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PythonScriptRouterBenchmark {

    @State(Scope.Benchmark)
    public static class Script {
        RuleRouters rules;
        RouterChain chain;
        QueryContext query;

        @Setup(Level.Trial)
        public void setUp() {
            rules = RuleRouters.create(ConfigLoader.load(RouterChainBenchmark.GROUPS + """
                    routers:
                      - type: pythonScript
                        timeoutMs: 1000
                        script: |
                          import re
                          HEAVY = re.compile(r"(?i)\\bjoin\\b")
                          def route(query, ctx):
                              if ctx.get("user") == "batch":
                                  return "heavy"
                              if HEAVY.search(query):
                                  return "analytics"
                              return None
                    """, List.of(), name -> null), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            chain = rules.chain();
            query = RouterChainBenchmark.context(FrontendProtocol.POSTGRES_WIRE);
            RouterChainBenchmark.check(chain.route(query), "analytics", "pythonScript#0");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            rules.close();
        }
    }

    @Benchmark
    public RoutingTrace scriptDecides(Script state) {
        return state.chain.route(state.query);
    }
}
