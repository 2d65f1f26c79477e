package io.switchboard.guardrails.cost;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.EngineType;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.guardrails.approval.ApprovalPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * The configuration of one CostEstimate guard: pricing (per cluster, else per engine type, else
 * the default), thresholds on dollars, rows and bytes (negative: not set), what happens when no
 * estimate can be made, and how long estimating may take.
 */
public record CostPolicy(
        Pricing defaultPricing,
        Map<EngineType, Pricing> enginePricing,
        Map<String, Pricing> clusterPricing,
        Limits warnAbove,
        Limits holdAbove,
        Limits denyAbove,
        VerdictAction onNoEstimate,
        Duration timeout,
        Duration approvalDeadline) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** The policy with the approval service's default deadline for the queries it holds. */
    public CostPolicy(Pricing defaultPricing, Map<EngineType, Pricing> enginePricing, Map<String, Pricing> clusterPricing,
            Limits warnAbove, Limits holdAbove, Limits denyAbove, VerdictAction onNoEstimate, Duration timeout) {
        this(defaultPricing, enginePricing, clusterPricing, warnAbove, holdAbove, denyAbove, onNoEstimate, timeout,
                ApprovalPolicy.DEFAULT_DEADLINE);
    }

    public CostPolicy {
        requireNonNull(defaultPricing, "defaultPricing is null");
        enginePricing = Map.copyOf(requireNonNull(enginePricing, "enginePricing is null"));
        clusterPricing = Map.copyOf(requireNonNull(clusterPricing, "clusterPricing is null"));
        requireNonNull(warnAbove, "warnAbove is null");
        requireNonNull(holdAbove, "holdAbove is null");
        requireNonNull(denyAbove, "denyAbove is null");
        requireNonNull(onNoEstimate, "onNoEstimate is null");
        if (onNoEstimate == VerdictAction.REWRITE) {
            throw new IllegalArgumentException("onNoEstimate cannot rewrite");
        }
        requireNonNull(timeout, "timeout is null");
        requireNonNull(approvalDeadline, "approvalDeadline is null");
        if (approvalDeadline.isNegative() || approvalDeadline.isZero()) {
            throw new IllegalArgumentException("approvalDeadline must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    public Pricing pricingFor(String cluster, EngineType engine) {
        Pricing pricing = clusterPricing.get(cluster);
        if (pricing == null) {
            pricing = enginePricing.get(engine);
        }
        return pricing == null ? defaultPricing : pricing;
    }

    /** Thresholds of one action; each negative when not set. */
    public record Limits(double dollars, double rows, double bytes) {
        public static final Limits NONE = new Limits(-1, -1, -1);

        /** What of the estimate passes a set threshold, for the message; null when nothing does. */
        String exceeded(double estimatedDollars, double estimatedRows, double estimatedBytes, String action) {
            StringBuilder text = new StringBuilder();
            if (dollars >= 0 && estimatedDollars > dollars) {
                text.append(action).append("AboveDollars ").append(CostFormat.dollars(dollars));
            }
            if (rows >= 0 && estimatedRows > rows) {
                text.append(text.isEmpty() ? "" : ", ").append(action).append("AboveRows ").append(CostFormat.count(rows));
            }
            if (bytes >= 0 && estimatedBytes > bytes) {
                text.append(text.isEmpty() ? "" : ", ").append(action).append("AboveBytes ").append(CostFormat.bytes(bytes));
            }
            return text.isEmpty() ? null : text.toString();
        }
    }
}
