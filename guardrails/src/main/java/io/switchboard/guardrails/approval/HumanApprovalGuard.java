package io.switchboard.guardrails.approval;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.StatementKind;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.VerdictAction;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts a query on hold for a person when its policy says so (cost above a price, a sensitive
 * table, a given agent or user, a write). The guard only decides; the pipeline hands the hold to
 * the approval service ({@link io.switchboard.core.pipeline.ApprovalGate}), which keeps it, waits
 * for the decision and runs the query at most once.
 */
public final class HumanApprovalGuard implements Guard {
    public static final String NAME = "HumanApprovalGuard";
    /** The verdict detail that carries the policy's deadline to the approval service. */
    public static final String DEADLINE_SECONDS = "deadlineSecs";

    /** Statements that change data, schema or rights; session and transaction control are not writes. */
    static final Set<StatementKind> WRITES = EnumSet.of(StatementKind.INSERT, StatementKind.UPDATE, StatementKind.DELETE,
            StatementKind.MERGE, StatementKind.UPSERT, StatementKind.REPLACE, StatementKind.CREATE, StatementKind.ALTER,
            StatementKind.DROP, StatementKind.TRUNCATE, StatementKind.GRANT, StatementKind.REVOKE, StatementKind.COPY,
            StatementKind.CALL, StatementKind.OTHER, StatementKind.UNKNOWN);

    private final ApprovalPolicy policy;

    public HumanApprovalGuard(ApprovalPolicy policy) {
        this.policy = requireNonNull(policy, "policy is null");
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GuardVerdict evaluate(QueryContext context) {
        List<String> reasons = reasons(context);
        if (reasons.isEmpty()) {
            return GuardVerdict.allow(NAME);
        }
        String message = "needs a person's approval: " + String.join("; ", reasons);
        return new GuardVerdict(NAME, VerdictAction.HOLD, message, null, null,
                Map.of(DEADLINE_SECONDS, Long.toString(policy.deadline().toSeconds()), "reasons", String.join("; ", reasons)));
    }

    private List<String> reasons(QueryContext context) {
        List<String> reasons = new ArrayList<>();
        if (policy.costAboveDollars() != null) {
            Optional<CostEstimate> estimate = context.attribute(CostEstimate.ATTRIBUTE);
            if (estimate.isPresent() && estimate.get().hasDollars()) {
                if (estimate.get().dollars() > policy.costAboveDollars()) {
                    reasons.add(String.format(Locale.ROOT, "estimated cost $%.4f is above $%.4f", estimate.get().dollars(),
                            policy.costAboveDollars()));
                }
            } else if (policy.holdUnknownCost()) {
                reasons.add("its cost could not be estimated (the limit is $" + policy.costAboveDollars() + ")");
            }
        }
        if (!policy.tables().isEmpty()) {
            if (!context.analysis().parsed()) {
                // Tables come from the parse tree: without one a sensitive table could hide, so fail closed.
                reasons.add("the statement could not be parsed, so the tables it touches are unknown");
            } else {
                List<String> sensitive = policy.sensitiveTablesIn(context.analysis().tables());
                if (!sensitive.isEmpty()) {
                    reasons.add("it touches the sensitive table" + (sensitive.size() == 1 ? " " : "s ") + String.join(", ", sensitive));
                }
            }
        }
        String agent = context.request().agentContext().agentId();
        if (agent != null && policy.agents().contains(agent)) {
            reasons.add("queries of agent '" + agent + "' need approval");
        }
        if (policy.users().contains(context.session().user())) {
            reasons.add("queries of user '" + context.session().user() + "' need approval");
        }
        if (policy.writes() && context.analysis().kinds().stream().anyMatch(WRITES::contains)) {
            reasons.add("it is a write (" + context.analysis().kind() + ")");
        }
        return reasons;
    }
}
