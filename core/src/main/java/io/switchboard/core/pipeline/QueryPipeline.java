package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.QueryAnalysis;
import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.feedback.StageTimings;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SecretRedactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one walk every query takes, whatever door it came through: analyze, global guards, route,
 * group guards, capacity, translate, dispatch, result guards; and a record of the outcome.
 *
 * <p>{@link #execute} runs on the caller's thread (a virtual thread per query in the
 * frontends) and blocks while the query waits for a slot. It returns a {@link QueryExecution}
 * the frontend pulls batches from and must close.
 */
public final class QueryPipeline {
    private static final Logger log = LoggerFactory.getLogger(QueryPipeline.class);

    private final QueryAnalyzer analyzer;
    private final GuardProvider guards;
    private final ApprovalGate approvals;
    private final AtomicReference<RouterChain> routers;
    private final CapacityManager capacity;
    private final Translator translator;
    private final FeedbackStore feedback;
    private final PipelineMetrics metrics;
    private final Duration queryTimeout;

    private QueryPipeline(Builder builder) {
        this.analyzer = requireNonNull(builder.analyzer, "analyzer is null");
        this.guards = requireNonNull(builder.guards, "guards is null");
        this.approvals = requireNonNull(builder.approvals, "approvals is null");
        this.routers = new AtomicReference<>(requireNonNull(builder.routers, "routers is null"));
        this.capacity = requireNonNull(builder.capacity, "capacity is null");
        this.translator = requireNonNull(builder.translator, "translator is null");
        this.feedback = requireNonNull(builder.feedback, "feedback is null");
        this.metrics = requireNonNull(builder.metrics, "metrics is null");
        this.queryTimeout = requireNonNull(builder.queryTimeout, "queryTimeout is null");
    }

    public static Builder builder() {
        return new Builder();
    }

    public QueryAnalyzer analyzer() {
        return analyzer;
    }

    /** Where held queries wait; frontends ask it about holds ({@link ApprovalGate#holdOfQuery}). */
    public ApprovalGate approvals() {
        return approvals;
    }

    public RouterChain routerChain() {
        return routers.get();
    }

    /** Replaces the router chain atomically; queries already routed keep their route. */
    public void replaceRouterChain(RouterChain chain) {
        routers.set(requireNonNull(chain, "chain is null"));
    }

    public QueryExecution execute(QueryRequest request) {
        StageClock clock = new StageClock();
        metrics.started();
        List<GuardVerdict> verdicts = new ArrayList<>();
        QueryContext context = null;
        RoutingTrace trace = null;
        CapacityLease lease = null;
        TranslationResult translation = null;
        try {
            QueryAnalysis analysis = analyzer.analyze(request.sql(), request.sourceDialect());
            clock.mark(StageTimings.ANALYZE);
            context = QueryContext.of(request, analysis);
            if (analysis.statementCount() == 0) {
                throw new SwitchboardException(ErrorCode.SYNTAX_ERROR, "The query is empty");
            }
            if (analysis.statementCount() > 1) {
                throw new SwitchboardException(ErrorCode.NOT_SUPPORTED,
                        "The text holds " + analysis.statementCount() + " statements; send one statement per query");
            }
            List<Guard> global = guards.globalGuards(context);
            List<Guard> applied = new ArrayList<>(beforeRoute(global));
            context = runGuards(applied, context, verdicts);
            clock.mark(StageTimings.GUARDS);

            trace = routers.get().route(context);
            clock.mark(StageTimings.ROUTE);

            List<Guard> routedGuards = afterRoute(global, guards.groupGuards(trace.group(), context));
            if (!routedGuards.isEmpty()) {
                context = runGuards(routedGuards, withRoute(context, trace.group(), routedGuards), verdicts);
                applied.addAll(routedGuards);
                clock.mark(StageTimings.GUARDS);
            }

            lease = capacity.acquire(trace.group(), context);
            trace = lease.group().equals(trace.group())
                    ? trace.placedOn(lease.cluster(), lease.placement())
                    : trace.spilledTo(lease.group(), lease.cluster(), lease.placement());
            clock.mark(StageTimings.QUEUE);

            translation = translator.translate(context, lease.engine().dialect(), lease.group());
            clock.mark(StageTimings.TRANSLATE);

            ResultStream stream = lease.engine().execute(new EngineQuery(request.queryId(), translation.sql(), request.session(),
                    queryTimeout, parameterizedFor(request, translation, lease.engine().dialect())));
            clock.mark(StageTimings.EXECUTE);
            for (Guard guard : applied) {
                stream = guard.filterResult(context, stream);
            }
            return new QueryExecution(this, context, verdicts, trace, lease, translation, stream, clock);
        } catch (Throwable t) {
            SwitchboardException error = SwitchboardException.wrap(t, ErrorCode.INTERNAL);
            if (error.code() == ErrorCode.INTERNAL) {
                log.error("Query {} failed inside Switchboard", request.queryId(), t);
            }
            if (lease != null) {
                if (error.code().countsAgainstCluster()) {
                    lease.reportFailure(error.code());
                }
                lease.close();
            }
            QueryOutcome outcome = isDenial(error, verdicts) ? QueryOutcome.DENIED
                    : error.code() == ErrorCode.QUERY_CANCELED ? QueryOutcome.CANCELED : QueryOutcome.FAILED;
            finish(context, request, verdicts, trace, lease, translation, clock, 0, 0, outcome, error);
            if (t instanceof Error fatal) {
                throw fatal;
            }
            throw error;
        }
    }

    /**
     * The client's parameterized form of the statement, when the engine is to run exactly the
     * text binding it gives, in the dialect the client wrote it in: no guard rewrote it and the
     * translation left it as it was. Otherwise the engine gets the SQL text alone.
     */
    private static ParameterizedSql parameterizedFor(QueryRequest request, TranslationResult translation, Dialect engineDialect) {
        ParameterizedSql parameterized = request.parameterized();
        if (parameterized == null || request.sourceDialect() != engineDialect || !translation.sql().equals(request.sql())) {
            return null;
        }
        return parameterized;
    }

    /**
     * Describes a statement the way it would run (same guards, route and translation) without
     * running it. Guards that would hold the query let the description through: the hold happens
     * when the statement is executed; guards that need the route (an estimate costs an EXPLAIN) judge
     * the execution only. Descriptions and explanations are not recorded as queries.
     */
    public StatementDescription describe(QueryRequest request) {
        return dryRun(request, false, (context, verdicts, trace, lease, translation) -> lease.engine().describe(
                new EngineQuery(request.queryId(), translation.sql(), request.session(), queryTimeout)));
    }

    /**
     * Explains a query without running it: analysis, verdicts, route, placement, the SQL that
     * would be sent and the engine's plan. A denial still throws, as it would for the query.
     */
    public QueryPlan explain(QueryRequest request) {
        return dryRun(request, true, (context, verdicts, trace, lease, translation) -> new QueryPlan(context.analysis(), verdicts, trace,
                lease.engine().type().configName(), translation,
                lease.engine().explain(new EngineQuery(request.queryId(), translation.sql(), request.session(), queryTimeout))));
    }

    /** Every group with its clusters' live state. */
    public List<GroupStatus> status() {
        return capacity.status();
    }

    private interface DryRunStep<T> {
        T apply(QueryContext context, List<GuardVerdict> verdicts, RoutingTrace trace, CapacityLease lease, TranslationResult translation);
    }

    /** Walks the pipeline up to the engine without executing; holds a slot only for the engine call. */
    private <T> T dryRun(QueryRequest request, boolean routedGuards, DryRunStep<T> step) {
        QueryAnalysis analysis = analyzer.analyze(request.sql(), request.sourceDialect());
        if (analysis.statementCount() != 1) {
            throw new SwitchboardException(analysis.statementCount() == 0 ? ErrorCode.SYNTAX_ERROR : ErrorCode.NOT_SUPPORTED,
                    analysis.statementCount() == 0 ? "The query is empty" : "Send one statement per query");
        }
        List<GuardVerdict> verdicts = new ArrayList<>();
        QueryContext context = QueryContext.of(request, analysis);
        List<Guard> global = guards.globalGuards(context);
        context = runGuards(beforeRoute(global), context, verdicts, true);
        RoutingTrace trace = routers.get().route(context);
        List<Guard> afterRouting = afterRoute(global, guards.groupGuards(trace.group(), context));
        if (!routedGuards) {
            afterRouting = afterRouting.stream().filter(guard -> !guard.needsRoute()).toList();
        }
        context = runGuards(afterRouting, withRoute(context, trace.group(), afterRouting), verdicts, true);
        try (CapacityLease lease = capacity.acquire(trace.group(), context)) {
            trace = lease.group().equals(trace.group())
                    ? trace.placedOn(lease.cluster(), lease.placement())
                    : trace.spilledTo(lease.group(), lease.cluster(), lease.placement());
            TranslationResult translation = translator.translate(context, lease.engine().dialect(), lease.group());
            return step.apply(context, verdicts, trace, lease, translation);
        }
    }

    /** The global guards that run before routing: all but those that need the route. */
    private static List<Guard> beforeRoute(List<Guard> global) {
        return global.stream().filter(guard -> !guard.needsRoute()).toList();
    }

    /** The guards that run after routing: global ones that need the route (in their order), then the group's. */
    private static List<Guard> afterRoute(List<Guard> global, List<Guard> group) {
        List<Guard> chain = new ArrayList<>();
        for (Guard guard : global) {
            if (guard.needsRoute()) {
                chain.add(guard);
            }
        }
        chain.addAll(group);
        return chain;
    }

    /**
     * Attaches the expected route for guards that need it: a member of the group (no slot is taken;
     * capacity admission comes after these guards) and the SQL translated for its engine. Without
     * an eligible member nothing is attached: such guards judge without an engine, and admission
     * will fail the query anyway.
     */
    private QueryContext withRoute(QueryContext context, String group, List<Guard> chain) {
        if (chain.stream().noneMatch(Guard::needsRoute)) {
            return context;
        }
        java.util.Optional<io.switchboard.core.engine.Engine> member = capacity.planningEngine(group);
        if (member.isEmpty()) {
            return context;
        }
        io.switchboard.core.engine.Engine engine = member.get();
        TranslationResult translation = translator.translate(context, engine.dialect(), group);
        return context.withAttribute(QueryRoute.ATTRIBUTE, new QueryRoute(group, engine.clusterName(), engine, translation.sql()));
    }

    private QueryContext runGuards(List<Guard> chain, QueryContext context, List<GuardVerdict> verdicts) {
        return runGuards(chain, context, verdicts, false);
    }

    private QueryContext runGuards(List<Guard> chain, QueryContext context, List<GuardVerdict> verdicts, boolean describeOnly) {
        QueryContext current = context;
        for (Guard guard : chain) {
            GuardVerdict verdict;
            try {
                verdict = requireNonNull(guard.evaluate(current), "guard returned no verdict");
            } catch (SwitchboardException e) {
                verdict = GuardVerdict.deny(guard.name(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                // Fail closed: a guard that breaks does not let the query through.
                log.warn("Guard {} failed; denying the query", guard.name(), e);
                verdict = GuardVerdict.deny(guard.name(), ErrorCode.INTERNAL, "guard failed: " + e.getMessage());
            }
            verdicts.add(verdict);
            if (verdict.action() != VerdictAction.DENY) {
                current = current.withAttributes(verdict.attributes());
            }
            switch (verdict.action()) {
                case ALLOW, WARN -> { }
                case REWRITE -> {
                    QueryAnalysis analysis = analyzer.analyze(verdict.rewrittenSql(), current.request().sourceDialect());
                    current = current.rewritten(verdict.rewrittenSql(), analysis);
                }
                case HOLD -> {
                    if (!describeOnly) {
                        int index = verdicts.size() - 1;
                        try {
                            approvals.awaitApproval(current, verdict);
                        } finally {
                            verdicts.set(index, approvals.recordedVerdict(current, verdict));
                        }
                    }
                }
                case DENY -> throw new SwitchboardException(verdict.code(),
                        "Query denied by " + verdict.guard() + ": " + verdict.message() + " (code " + verdict.code() + ")");
            }
        }
        return current;
    }

    private static boolean isDenial(SwitchboardException error, List<GuardVerdict> verdicts) {
        if (!verdicts.isEmpty() && verdicts.get(verdicts.size() - 1).action() == VerdictAction.DENY) {
            return true;
        }
        return error.code() == ErrorCode.QUERY_DENIED || error.code() == ErrorCode.APPROVAL_REJECTED
                || error.code() == ErrorCode.APPROVAL_EXPIRED || error.code() == ErrorCode.APPROVAL_PENDING;
    }

    /** Records the outcome and updates metrics. Called exactly once per query. */
    void finish(QueryContext context, QueryRequest request, List<GuardVerdict> verdicts, RoutingTrace trace,
            CapacityLease lease, TranslationResult translation, StageClock clock, long rows, long bytes,
            QueryOutcome outcome, SwitchboardException error) {
        String engine = lease == null ? null : lease.engine().type().configName();
        String group = trace == null ? null : trace.group();
        String cluster = lease == null ? null : lease.cluster();
        StageTimings timings = clock.snapshot();
        long elapsed = clock.elapsedMicros();
        metrics.finished(request.session().frontend(), group, cluster, engine, outcome, elapsed, timings);
        if (error != null && approvals.recordsLater(request.queryId())) {
            // Held for a client that comes back for it (or a second attempt to run a hold that is
            // already running): the query is recorded once, when it runs or its hold ends.
            return;
        }
        try {
            String sql = context == null ? request.sql() : context.sql();
            QueryRecord record = new QueryRecord(
                    request.queryId(),
                    request.receivedAt(),
                    request.session().user(),
                    request.session().frontend(),
                    request.session().clientAddress(),
                    request.session().database(),
                    SecretRedactor.redact(sql, request.sourceDialect()),
                    context == null ? "" : context.analysis().fingerprint().hash(),
                    context == null ? "UNKNOWN" : context.analysis().kind().name(),
                    verdicts,
                    trace,
                    group,
                    cluster,
                    engine,
                    translation == null ? null : translation.status(),
                    translation == null ? null : translation.reason(),
                    timings,
                    elapsed,
                    rows,
                    bytes,
                    outcome,
                    error == null ? null : error.code(),
                    error == null ? null : error.getMessage(),
                    request.agentContext());
            feedback.record(record);
        } catch (RuntimeException e) {
            // Recording must never fail a query; the store counts its own drops.
            log.warn("Could not record query {}", request.queryId(), e);
        }
    }

    /** Assembles a pipeline; stages not given default to doing nothing (no guards, no translation). */
    public static final class Builder {
        private QueryAnalyzer analyzer = new QueryAnalyzer();
        private GuardProvider guards = GuardProvider.NONE;
        private ApprovalGate approvals = ApprovalGate.NONE;
        private RouterChain routers;
        private CapacityManager capacity;
        private Translator translator = Translator.NONE;
        private FeedbackStore feedback;
        private PipelineMetrics metrics;
        private Duration queryTimeout = Duration.ZERO;

        public Builder analyzer(QueryAnalyzer value) {
            this.analyzer = value;
            return this;
        }

        public Builder guards(GuardProvider value) {
            this.guards = value;
            return this;
        }

        public Builder approvals(ApprovalGate value) {
            this.approvals = value;
            return this;
        }

        public Builder routers(RouterChain value) {
            this.routers = value;
            return this;
        }

        public Builder capacity(CapacityManager value) {
            this.capacity = value;
            return this;
        }

        public Builder translator(Translator value) {
            this.translator = value;
            return this;
        }

        public Builder feedback(FeedbackStore value) {
            this.feedback = value;
            return this;
        }

        public Builder metrics(PipelineMetrics value) {
            this.metrics = value;
            return this;
        }

        public Builder queryTimeout(Duration value) {
            this.queryTimeout = value;
            return this;
        }

        public QueryPipeline build() {
            return new QueryPipeline(this);
        }
    }
}
