package io.switchboard.guardrails.cost;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.StatementKind;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.QueryRoute;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.guardrails.approval.HumanApprovalGuard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Estimates what a query will read before it runs and prices it. It needs the route (the pipeline
 * runs it after routing, before admission, wherever it is configured): on the member of the
 * chosen group the pipeline attached, it asks the engine's EXPLAIN, then the engine's table
 * statistics, each bounded by the timeout; prices the figures with the pricing of that cluster
 * or engine type; attaches the {@link CostEstimate} to the query; and warns, holds or denies by
 * the thresholds. Without any estimate the configured {@code onNoEstimate} applies (warn by
 * default: never a silent allow).
 */
public final class CostEstimateGuard implements Guard {
    public static final String NAME = "CostEstimateGuard";
    /** Statements that read no table data: nothing to estimate. */
    private static final Set<StatementKind> READS_NOTHING = Set.of(StatementKind.SHOW, StatementKind.DESCRIBE, StatementKind.SET,
            StatementKind.RESET, StatementKind.USE, StatementKind.TRANSACTION);

    private final CostPolicy policy;

    public CostEstimateGuard(CostPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    public CostPolicy policy() {
        return policy;
    }

    @Override
    public boolean needsRoute() {
        return true;
    }

    @Override
    public GuardVerdict evaluate(QueryContext context) {
        StatementKind kind = context.analysis().kind();
        if (READS_NOTHING.contains(kind) || (kind == StatementKind.EXPLAIN && !mentionsAnalyze(context))) {
            return GuardVerdict.allow(NAME).withDetails(Map.of("estimate", "none needed: " + kind + " reads no table data"));
        }
        Optional<QueryRoute> route = context.attribute(QueryRoute.ATTRIBUTE);
        if (route.isEmpty()) {
            return noEstimate(List.of("no member of the routed group is available to estimate on"));
        }
        Engine engine = route.get().engine();
        EngineQuery query = new EngineQuery(context.request().queryId(), route.get().sql(), context.session(), policy.timeout());
        List<String> failures = new ArrayList<>();
        Optional<ScanEstimate> scan = attempt(() -> engine.estimate(query), "EXPLAIN on cluster " + route.get().cluster(), failures);
        if (scan.isEmpty()) {
            scan = attempt(() -> engine.estimateFromStatistics(query, context.analysis().tables()),
                    "table statistics on cluster " + route.get().cluster(), failures);
        }
        if (scan.isEmpty()) {
            return noEstimate(failures);
        }
        return judge(route.get(), scan.get());
    }

    private Optional<ScanEstimate> attempt(java.util.concurrent.Callable<Optional<ScanEstimate>> call, String what, List<String> failures) {
        try {
            Optional<ScanEstimate> estimate = BoundedEstimates.call(call, policy.timeout(), what);
            if (estimate.isEmpty()) {
                failures.add(what + " gave no figures");
            }
            return estimate;
        } catch (SwitchboardException e) {
            if (e.code() == ErrorCode.QUERY_CANCELED) {
                throw e;
            }
            failures.add(e.getMessage());
            return Optional.empty();
        }
    }

    private GuardVerdict judge(QueryRoute route, ScanEstimate scan) {
        Pricing pricing = policy.pricingFor(route.cluster(), route.engine().type());
        double cpuSeconds = pricing.cpuSeconds(scan);
        double dollars = pricing.dollars(scan);
        String cpuNote = scan.hasCpuSeconds() ? "" : " (CPU derived from rows at " + CostFormat.count(pricing.rowsPerCpuSecond()) + "/s)";
        CostEstimate estimate = new CostEstimate(route.cluster(), scan.rows(), scan.bytes(), cpuSeconds, dollars, scan.source(),
                scan.detail());
        String summary = "estimated " + CostFormat.dollars(dollars) + ": " + CostFormat.count(scan.rows()) + " rows, "
                + CostFormat.bytes(scan.bytes()) + " read on cluster " + route.cluster() + " ("
                + route.engine().type().configName() + ", " + pricing.describe() + ", from "
                + (scan.source() == CostEstimate.Source.ENGINE_EXPLAIN ? "the engine's EXPLAIN" : "table statistics") + ")";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("estimatedRows", CostFormat.plain(scan.rows()));
        details.put("estimatedBytes", CostFormat.plain(scan.bytes()));
        details.put("estimatedCpuSeconds", CostFormat.plain(cpuSeconds) + cpuNote);
        details.put("estimatedDollars", CostFormat.plain(dollars));
        details.put("estimateSource", scan.source().name());
        details.put("estimateCluster", route.cluster());
        details.put("pricing", pricing.describe());
        details.put("estimate", scan.detail());
        if (dollars < 0) {
            // Figures the pricing model needs are missing (bytes for scan pricing): as good as no estimate.
            GuardVerdict verdict = noEstimate(List.of(summary + ": the engine gave no " + (pricing.model() == Pricing.Model.SCAN
                    ? "bytes" : "rows or CPU time") + " to price"));
            Map<String, String> all = new LinkedHashMap<>(details);
            all.putAll(verdict.details());
            return verdict.withDetails(all).withAttribute(CostEstimate.ATTRIBUTE, estimate);
        }
        GuardVerdict verdict;
        String denied = policy.denyAbove().exceeded(dollars, scan.rows(), scan.bytes(), "deny");
        String held = policy.holdAbove().exceeded(dollars, scan.rows(), scan.bytes(), "hold");
        String warned = policy.warnAbove().exceeded(dollars, scan.rows(), scan.bytes(), "warn");
        if (denied != null) {
            verdict = GuardVerdict.deny(NAME, ErrorCode.COST_LIMIT_EXCEEDED, summary + " is above " + denied
                    + ". Read less: filter on the columns the table is partitioned, sorted or indexed by, select only the columns "
                    + "you need, or aggregate; a LIMIT does not reduce what a scan reads");
        } else if (held != null) {
            verdict = new GuardVerdict(NAME, VerdictAction.HOLD, summary + " is above " + held + "; a person must approve it",
                    ErrorCode.COST_LIMIT_EXCEEDED, null, Map.of());
        } else if (warned != null) {
            verdict = GuardVerdict.warn(NAME, summary + " is above " + warned);
        } else {
            verdict = GuardVerdict.allow(NAME);
        }
        if (verdict.action() == VerdictAction.HOLD) {
            details.put(HumanApprovalGuard.DEADLINE_SECONDS, Long.toString(policy.approvalDeadline().toSeconds()));
        }
        return verdict.withDetails(details).withAttribute(CostEstimate.ATTRIBUTE, estimate);
    }

    private GuardVerdict noEstimate(List<String> reasons) {
        String message = "no cost estimate could be made (" + String.join("; ", reasons) + ")";
        Map<String, String> details = new LinkedHashMap<>();
        details.put("estimate", "none: " + String.join("; ", reasons));
        details.put("onNoEstimate", policy.onNoEstimate().name().toLowerCase(java.util.Locale.ROOT));
        if (policy.onNoEstimate() == VerdictAction.HOLD) {
            details.put(HumanApprovalGuard.DEADLINE_SECONDS, Long.toString(policy.approvalDeadline().toSeconds()));
        }
        GuardVerdict verdict = switch (policy.onNoEstimate()) {
            case ALLOW -> GuardVerdict.allow(NAME);
            case WARN -> GuardVerdict.warn(NAME, message);
            case HOLD -> new GuardVerdict(NAME, VerdictAction.HOLD, message + "; a person must approve it", ErrorCode.COST_LIMIT_EXCEEDED,
                    null, Map.of());
            case DENY -> GuardVerdict.deny(NAME, ErrorCode.COST_LIMIT_EXCEEDED, message
                    + "; the guard is configured to deny queries it cannot estimate (onNoEstimate: deny)");
            case REWRITE -> throw new IllegalStateException("onNoEstimate cannot rewrite");
        };
        return verdict.withDetails(details);
    }

    private static boolean mentionsAnalyze(QueryContext context) {
        for (SqlToken token : context.analysis().tokens()) {
            if (token.isWord("ANALYZE") || token.isWord("ANALYSE")) {
                return true;
            }
        }
        return false;
    }
}
