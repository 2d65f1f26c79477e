package io.switchboard.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.types.DataType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class QueryPipelineTest {
    private final RecordingStore store = new RecordingStore();
    private final CountingEngine engine = new CountingEngine();
    private final CountingCapacity capacity = new CountingCapacity(engine);
    private final Session session = Session.builder("alice", FrontendProtocol.POSTGRES_WIRE).build();

    private QueryPipeline pipeline(GuardProvider guards, List<Router> routers) {
        return QueryPipeline.builder()
                .guards(guards)
                .routers(new RouterChain(routers, Optional.of("main")))
                .capacity(capacity)
                .feedback(store)
                .metrics(new PipelineMetrics(new SimpleMeterRegistry()))
                .build();
    }

    private QueryRequest request(String sql) {
        return QueryRequest.of(sql, Dialect.POSTGRES, session);
    }

    @Test
    void successfulQueryStreamsReleasesAndRecordsOnce() {
        QueryPipeline pipeline = pipeline(GuardProvider.NONE, List.of());
        try (QueryExecution execution = pipeline.execute(request("SELECT x FROM rows WHERE n = 5"))) {
            assertThat(execution.columns()).extracting(Column::name).containsExactly("x");
            int rows = 0;
            for (RowBatch batch = execution.nextBatch(); batch != null; batch = execution.nextBatch()) {
                rows += batch.size();
            }
            assertThat(rows).isEqualTo(5);
            assertThat(execution.trace().decidedBy()).isEqualTo(RouterChain.FALLBACK);
            assertThat(execution.trace().cluster()).isEqualTo("c1");
            assertThat(capacity.open.get()).isEqualTo(1);
        }
        assertThat(capacity.open.get()).isZero();
        assertThat(store.records).singleElement().satisfies(record -> {
            assertThat(record.outcome()).isEqualTo(QueryOutcome.SUCCEEDED);
            assertThat(record.rows()).isEqualTo(5);
            assertThat(record.group()).isEqualTo("main");
            assertThat(record.cluster()).isEqualTo("c1");
            assertThat(record.engine()).isEqualTo("duckDb");
            assertThat(record.fingerprint()).hasSize(16);
            assertThat(record.timings().micros()).containsKeys("analyze", "guards", "route", "queue", "translate", "execute", "stream");
        });
    }

    @Test
    void handsTheParameterizedFormOnOnlyWhenTheEngineRunsTheRequestsOwnText() {
        ParameterizedSql parameterized = new ParameterizedSql("SELECT x FROM rows WHERE n = $1", new int[] {0}, new short[] {0},
                new byte[][] {{'9'}});
        QueryRequest request = new QueryRequest(QueryId.next(), "SELECT x FROM rows WHERE n = 9", Dialect.POSTGRES, session,
                AgentContext.NONE, Instant.now(), Map.of(), parameterized);
        Guard capping = new Guard() {
            public String name() {
                return "Capping";
            }

            public GuardVerdict evaluate(QueryContext context) {
                return context.sql().contains("n = 9") ? GuardVerdict.rewrite(name(), "SELECT x FROM rows WHERE n = 2", "capped")
                        : GuardVerdict.allow(name());
            }
        };
        engine.dialect = Dialect.POSTGRES;
        try (QueryExecution execution = pipeline(GuardProvider.NONE, List.of()).execute(request)) {
            assertThat(engine.lastParameterized).isSameAs(parameterized);
        }
        // A guard's rewrite is new text: binding the client's values no longer gives it.
        try (QueryExecution execution = pipeline(new GuardProvider() {
            public List<Guard> globalGuards(QueryContext context) {
                return List.of(capping);
            }
        }, List.of()).execute(request)) {
            assertThat(engine.lastSql).isEqualTo("SELECT x FROM rows WHERE n = 2");
            assertThat(engine.lastParameterized).isNull();
        }
        // An engine of another dialect would read the placeholders differently.
        engine.dialect = Dialect.DUCKDB;
        try (QueryExecution execution = pipeline(GuardProvider.NONE, List.of()).execute(request)) {
            assertThat(engine.lastSql).isEqualTo("SELECT x FROM rows WHERE n = 9");
            assertThat(engine.lastParameterized).isNull();
        }
    }

    @Test
    void guardVerdictsDenyRewriteAndWarnAreRecorded() {
        Guard warn = new Guard() {
            public String name() {
                return "Warner";
            }

            public GuardVerdict evaluate(QueryContext context) {
                return GuardVerdict.warn(name(), "be careful");
            }
        };
        Guard rewrite = new Guard() {
            public String name() {
                return "Rewriter";
            }

            public GuardVerdict evaluate(QueryContext context) {
                return context.sql().contains("n = 9") ? GuardVerdict.rewrite(name(), "SELECT x FROM rows WHERE n = 2", "capped") : GuardVerdict.allow(name());
            }
        };
        Guard deny = new Guard() {
            public String name() {
                return "Denier";
            }

            public GuardVerdict evaluate(QueryContext context) {
                return context.analysis().kind().returnsRowsByNature() ? GuardVerdict.allow(name())
                        : GuardVerdict.deny(name(), ErrorCode.READ_ONLY_VIOLATION, "writes are not allowed");
            }
        };
        QueryPipeline pipeline = pipeline(new GuardProvider() {
            public List<Guard> globalGuards(QueryContext context) {
                return List.of(warn, rewrite, deny);
            }
        }, List.of());

        try (QueryExecution execution = pipeline.execute(request("SELECT x FROM rows WHERE n = 9"))) {
            assertThat(execution.notices()).containsExactly("Warner: be careful", "Rewriter: capped");
            assertThat(engine.lastSql).isEqualTo("SELECT x FROM rows WHERE n = 2");
            while (execution.nextBatch() != null) {
                // drain
            }
            assertThat(execution.rowCount()).isEqualTo(2);
        }
        assertThatThrownBy(() -> pipeline.execute(request("DELETE FROM rows")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.READ_ONLY_VIOLATION))
                .hasMessage("Query denied by Denier: writes are not allowed (code READ_ONLY_VIOLATION)");
        assertThat(capacity.acquired.get()).isEqualTo(1);
        assertThat(store.records).hasSize(2);
        QueryRecord denied = store.records.get(1);
        assertThat(denied.outcome()).isEqualTo(QueryOutcome.DENIED);
        assertThat(denied.errorCode()).isEqualTo(ErrorCode.READ_ONLY_VIOLATION);
        assertThat(denied.verdicts()).extracting(GuardVerdict::action)
                .containsExactly(VerdictAction.WARN, VerdictAction.ALLOW, VerdictAction.DENY);
        assertThat(denied.cluster()).isNull();
    }

    @Test
    void guardsThatNeedTheRouteRunAfterRoutingWithoutASlotAndAttachFacts() {
        AttributeKey<String> seen = AttributeKey.of("seen", String.class);
        List<String> order = new CopyOnWriteArrayList<>();
        Guard routed = new Guard() {
            public String name() {
                return "routed";
            }

            public boolean needsRoute() {
                return true;
            }

            public GuardVerdict evaluate(QueryContext context) {
                QueryRoute route = context.attribute(QueryRoute.ATTRIBUTE).orElseThrow();
                order.add("routed on " + route.group() + "/" + route.cluster() + " with " + capacity.open.get() + " slots held: "
                        + route.sql());
                return GuardVerdict.warn("routed", "estimated").withAttribute(seen, "estimate of " + route.cluster());
            }
        };
        Guard plain = new Guard() {
            public String name() {
                return "plain";
            }

            public GuardVerdict evaluate(QueryContext context) {
                order.add("plain sees route: " + context.attribute(QueryRoute.ATTRIBUTE).isPresent());
                return GuardVerdict.allow("plain");
            }
        };
        Guard group = new Guard() {
            public String name() {
                return "group";
            }

            public GuardVerdict evaluate(QueryContext context) {
                order.add("group sees " + context.attribute(seen).orElse("nothing"));
                return GuardVerdict.allow("group");
            }
        };
        GuardProvider guards = new GuardProvider() {
            public List<Guard> globalGuards(QueryContext context) {
                return List.of(routed, plain);
            }

            public List<Guard> groupGuards(String groupName, QueryContext context) {
                return List.of(group);
            }
        };
        try (QueryExecution execution = pipeline(guards, List.of()).execute(request("SELECT x FROM rows WHERE n = 1"))) {
            assertThat(execution.context().attribute(seen)).contains("estimate of c1");
            assertThat(execution.verdicts()).extracting(GuardVerdict::guard).containsExactly("plain", "routed", "group");
        }
        assertThat(order).containsExactly("plain sees route: false", "routed on main/c1 with 0 slots held: SELECT x FROM rows WHERE n = 1",
                "group sees estimate of c1");
    }

    @Test
    void brokenGuardFailsClosed() {
        Guard broken = new Guard() {
            public String name() {
                return "Broken";
            }

            public GuardVerdict evaluate(QueryContext context) {
                throw new IllegalStateException("boom");
            }
        };
        QueryPipeline pipeline = pipeline(new GuardProvider() {
            public List<Guard> globalGuards(QueryContext context) {
                return List.of(broken);
            }
        }, List.of());
        assertThatThrownBy(() -> pipeline.execute(request("SELECT 1"))).hasMessageContaining("guard failed: boom");
        assertThat(engine.executed.get()).isZero();
    }

    @Test
    void engineErrorsReleaseTheSlotAndAreRecorded() {
        QueryPipeline pipeline = pipeline(GuardProvider.NONE, List.of());
        assertThatThrownBy(() -> pipeline.execute(request("SELECT fail")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND));
        assertThat(capacity.open.get()).isZero();

        QueryExecution execution = pipeline.execute(request("SELECT x FROM rows WHERE n = 3000 AND failMidway"));
        assertThatThrownBy(() -> {
            while (execution.nextBatch() != null) {
                // drain until the engine fails
            }
        }).isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR));
        execution.close();
        assertThat(capacity.open.get()).isZero();
        assertThat(capacity.failures).containsExactly(ErrorCode.ENGINE_ERROR);
        assertThat(store.records).extracting(QueryRecord::outcome).containsExactly(QueryOutcome.FAILED, QueryOutcome.FAILED);
    }

    @Test
    void closingEarlyCancelsTheEngineAndCancelIsRecorded() {
        QueryPipeline pipeline = pipeline(GuardProvider.NONE, List.of());
        QueryExecution early = pipeline.execute(request("SELECT x FROM rows WHERE n = 5000"));
        early.nextBatch();
        early.close();
        assertThat(engine.canceled.get()).isEqualTo(1);

        QueryExecution canceled = pipeline.execute(request("SELECT x FROM rows WHERE n = 5000"));
        canceled.cancel();
        assertThatThrownBy(canceled::nextBatch)
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        canceled.close();
        assertThat(capacity.open.get()).isZero();
        assertThat(store.records).extracting(QueryRecord::outcome).containsExactly(QueryOutcome.SUCCEEDED, QueryOutcome.CANCELED);
    }

    @Test
    void routersAnswerInOrderAndTheTraceKeepsEveryAnswer() {
        Router passes = new Router() {
            public String name() {
                return "first";
            }

            public RouteAnswer route(QueryContext context) {
                return RouteAnswer.pass("not mine");
            }
        };
        Router routes = new Router() {
            public String name() {
                return "second";
            }

            public RouteAnswer route(QueryContext context) {
                return context.sql().contains("blocked") ? RouteAnswer.deny("no blocked queries") : RouteAnswer.to("main", 0.9, "matched");
            }
        };
        QueryPipeline pipeline = pipeline(GuardProvider.NONE, List.of(passes, routes));
        try (QueryExecution execution = pipeline.execute(request("SELECT x FROM rows WHERE n = 1"))) {
            assertThat(execution.trace().decidedBy()).isEqualTo("second");
            assertThat(execution.trace().steps()).extracting(s -> s.answer().action())
                    .containsExactly(RouteAnswer.Action.PASS, RouteAnswer.Action.ROUTE);
            assertThat(execution.trace().summary()).isEqualTo("group main by second, cluster c1 (test placement)");
        }
        assertThatThrownBy(() -> pipeline.execute(request("SELECT blocked")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_DENIED))
                .hasMessageContaining("no blocked queries");
    }

    @Test
    void leasesHearWhetherTheClusterServedTheQuery() {
        QueryPipeline pipeline = pipeline(GuardProvider.NONE, List.of());
        try (QueryExecution execution = pipeline.execute(request("SELECT x FROM rows WHERE n = 3"))) {
            while (execution.nextBatch() != null) {
                // drain
            }
        }
        assertThat(capacity.successes.get()).isEqualTo(1);

        // A user error and a cancel say nothing about the cluster; a timeout counts against it.
        assertThatThrownBy(() -> pipeline.execute(request("SELECT fail")));
        QueryExecution canceled = pipeline.execute(request("SELECT x FROM rows WHERE n = 5000"));
        canceled.cancel();
        canceled.close();
        assertThatThrownBy(() -> pipeline.execute(request("SELECT slow")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
        assertThat(capacity.successes.get()).isEqualTo(1);
        assertThat(capacity.failures).containsExactly(ErrorCode.QUERY_TIMEOUT);
        assertThat(capacity.open.get()).isZero();
    }

    @Test
    void routerChainTellsItsListenerEveryDecision() {
        List<String> decisions = new CopyOnWriteArrayList<>();
        Router denier = new Router() {
            public String name() {
                return "denier";
            }

            public RouteAnswer route(QueryContext context) {
                return context.sql().contains("blocked") ? RouteAnswer.deny("no") : RouteAnswer.pass("not mine");
            }
        };
        RouterChain chain = new RouterChain(List.of(denier), Optional.of("main"),
                (router, action, group) -> decisions.add(router + " " + action + " " + group));
        QueryPipeline pipeline = QueryPipeline.builder()
                .routers(chain)
                .capacity(capacity)
                .feedback(store)
                .metrics(new PipelineMetrics(new SimpleMeterRegistry()))
                .build();
        pipeline.execute(request("SELECT x FROM rows WHERE n = 1")).close();
        assertThatThrownBy(() -> pipeline.execute(request("SELECT blocked")));
        assertThat(decisions).containsExactly("routingFallback ROUTE main", "denier DENY null");
    }

    @Test
    void multipleStatementsAndEmptyTextAreRejected() {
        QueryPipeline pipeline = pipeline(GuardProvider.NONE, List.of());
        assertThatThrownBy(() -> pipeline.execute(request("SELECT 1; SELECT 2")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
        assertThatThrownBy(() -> pipeline.execute(request("-- nothing")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR));
        assertThat(capacity.acquired.get()).isZero();
        assertThat(store.records).hasSize(2);
    }

    @Test
    void secretsNeverReachTheRecord() {
        QueryPipeline pipeline = pipeline(GuardProvider.NONE, List.of());
        try (QueryExecution execution = pipeline.execute(request("ALTER USER bob PASSWORD 'hunter2'"))) {
            assertThat(execution.returnsRows()).isFalse();
        }
        assertThat(store.records.get(0).sql()).doesNotContain("hunter2");
    }

    /** Produces rows 1..n for "SELECT x FROM rows WHERE n = <n>", fails for "fail", counts everything. */
    private static final class CountingEngine implements Engine {
        final AtomicInteger executed = new AtomicInteger();
        final AtomicInteger canceled = new AtomicInteger();
        volatile String lastSql;
        volatile ParameterizedSql lastParameterized;
        volatile Dialect dialect = Dialect.DUCKDB;

        public String clusterName() {
            return "c1";
        }

        public Dialect dialect() {
            return dialect;
        }

        public EngineType type() {
            return EngineType.DUCKDB;
        }

        public ResultStream execute(EngineQuery query) {
            executed.incrementAndGet();
            lastSql = query.sql();
            lastParameterized = query.parameterized();
            if (query.sql().contains("slow")) {
                throw new SwitchboardException(ErrorCode.QUERY_TIMEOUT, "Query ran longer than its timeout");
            }
            if (query.sql().contains("fail") && !query.sql().contains("failMidway")) {
                throw new SwitchboardException(ErrorCode.TABLE_NOT_FOUND, "Table fail does not exist", "42P01", null);
            }
            if (!query.sql().startsWith("SELECT x")) {
                return io.switchboard.core.result.ResultStreams.updateCount(0);
            }
            int total = Integer.parseInt(query.sql().replaceAll(".*n = (\\d+).*", "$1"));
            boolean failMidway = query.sql().contains("failMidway");
            return new ResultStream() {
                int produced;
                volatile boolean cancel;

                public List<Column> columns() {
                    return List.of(new Column("x", DataType.INTEGER));
                }

                public RowBatch nextBatch() {
                    if (cancel) {
                        throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "canceled");
                    }
                    if (failMidway && produced > 0) {
                        throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "disk on fire");
                    }
                    if (produced >= total) {
                        return null;
                    }
                    List<Object[]> rows = new ArrayList<>();
                    while (produced < total && rows.size() < 1000) {
                        rows.add(new Object[] {++produced});
                    }
                    return new RowBatch(rows);
                }

                public void cancel() {
                    cancel = true;
                    canceled.incrementAndGet();
                }

                public void close() {}
            };
        }

        public StatementDescription describe(EngineQuery query) {
            return new StatementDescription(List.of(new Column("x", DataType.INTEGER)), List.of());
        }

        public HealthStatus checkHealth() {
            return HealthStatus.healthy("ok");
        }

        public void close() {}
    }

    private static final class CountingCapacity implements CapacityManager {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger acquired = new AtomicInteger();
        final List<ErrorCode> failures = new CopyOnWriteArrayList<>();
        final AtomicInteger successes = new AtomicInteger();
        private final Engine engine;

        CountingCapacity(Engine engine) {
            this.engine = engine;
        }

        @Override
        public Optional<Engine> planningEngine(String group) {
            return Optional.of(engine);
        }

        public CapacityLease acquire(String group, QueryContext context) {
            acquired.incrementAndGet();
            open.incrementAndGet();
            return new CapacityLease() {
                boolean closed;

                public String group() {
                    return group;
                }

                public String cluster() {
                    return "c1";
                }

                public Engine engine() {
                    return engine;
                }

                public String placement() {
                    return "test placement";
                }

                public Duration queued() {
                    return Duration.ZERO;
                }

                public void reportFailure(ErrorCode code) {
                    failures.add(code);
                }

                public void reportSuccess() {
                    successes.incrementAndGet();
                }

                public void close() {
                    if (!closed) {
                        closed = true;
                        open.decrementAndGet();
                    }
                }
            };
        }
    }

    private static final class RecordingStore implements FeedbackStore {
        final List<QueryRecord> records = new CopyOnWriteArrayList<>();

        public void record(QueryRecord record) {
            records.add(record);
        }

        public void close() {}
    }
}
