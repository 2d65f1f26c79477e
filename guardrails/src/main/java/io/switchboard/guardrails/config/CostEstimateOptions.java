package io.switchboard.guardrails.config;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.guardrails.approval.ApprovalPolicy;
import io.switchboard.guardrails.cost.CostEstimateGuard;
import io.switchboard.guardrails.cost.CostPolicy;
import io.switchboard.guardrails.cost.Pricing;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code costEstimate} entry:
 *
 * <pre>
 * - type: costEstimate
 *   pricing: {model: scan, dollarsPerTb: 5,
 *             engines: {trino: {model: compute, dollarsPerCpuSecond: 0.0001}},
 *             clusters: {warehouse: {model: scan, dollarsPerTb: 6.25}}}
 *   warnAboveDollars: 0.5
 *   holdAboveDollars: 5
 *   denyAboveDollars: 50          # and warn/hold/denyAboveRows, warn/hold/denyAboveBytes
 *   onNoEstimate: warn            # allow, warn, hold or deny
 *   timeout: 2s
 * </pre>
 */
final class CostEstimateOptions {
    private static final Map<String, VerdictAction> ON_NO_ESTIMATE = new java.util.TreeMap<>(Map.of("allow", VerdictAction.ALLOW,
            "warn", VerdictAction.WARN, "hold", VerdictAction.HOLD, "deny", VerdictAction.DENY));

    private CostEstimateOptions() {}

    static CostEstimateGuard create(GuardOptions options) {
        ConfigNode node = options.node();
        Pricing pricing = Pricing.DEFAULT;
        Map<EngineType, Pricing> engines = new EnumMap<>(EngineType.class);
        Map<String, Pricing> clusters = new LinkedHashMap<>();
        ConfigNode pricingNode = node.child("pricing");
        if (pricingNode.isPresent()) {
            pricing = pricing(options, pricingNode, Pricing.DEFAULT);
            ConfigNode enginesNode = pricingNode.child("engines");
            for (String name : enginesNode.keys()) {
                EngineType type = EngineType.fromConfigName(name.replace("_", "")).orElseThrow(() -> enginesNode.valueError(name,
                        "unknown engine type '" + name + "'; known types are "
                                + Arrays.stream(EngineType.values()).map(EngineType::configName).toList()));
                engines.put(type, pricing(options, enginesNode.child(name), pricing));
            }
            enginesNode.rejectUnknownKeys();
            ConfigNode clustersNode = pricingNode.child("clusters");
            for (String name : clustersNode.keys()) {
                clusters.put(name, pricing(options, clustersNode.child(name), pricing));
            }
            clustersNode.rejectUnknownKeys();
            pricingNode.rejectUnknownKeys();
        }
        CostPolicy.Limits warn = limits(options, "warn");
        CostPolicy.Limits hold = limits(options, "hold");
        CostPolicy.Limits deny = limits(options, "deny");
        String onNoEstimateKey = options.key("onNoEstimate");
        VerdictAction onNoEstimate = node.enumValue(onNoEstimateKey, ON_NO_ESTIMATE, VerdictAction.WARN);
        java.time.Duration timeout = node.duration("timeout", CostPolicy.DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) {
            throw node.valueError("timeout", "must be positive");
        }
        // How long a person has to approve what this guard holds; the same key as humanApproval's.
        long deadline = node.longValue(options.key("deadlineSecs"), ApprovalPolicy.DEFAULT_DEADLINE.toSeconds(), 1, 7 * 24 * 3600);
        return new CostEstimateGuard(new CostPolicy(pricing, engines, clusters, warn, hold, deny, onNoEstimate, timeout,
                java.time.Duration.ofSeconds(deadline)));
    }

    /** One pricing block; a block without {@code model} inherits the enclosing one's model and prices. */
    private static Pricing pricing(GuardOptions options, ConfigNode node, Pricing inherited) {
        Pricing.Model model = node.enumValue("model", new java.util.TreeMap<>(Map.of("scan", Pricing.Model.SCAN, "compute", Pricing.Model.COMPUTE)),
                inherited.model());
        double perTb = nonNegative(node, options.key("dollarsPerTb"), inherited.dollarsPerTb());
        double perCpuSecond = nonNegative(node, options.key("dollarsPerCpuSecond"), inherited.dollarsPerCpuSecond());
        double rowsPerCpuSecond = nonNegative(node, options.key("rowsPerCpuSecond"), inherited.rowsPerCpuSecond());
        if (rowsPerCpuSecond == 0) {
            throw node.valueError(options.key("rowsPerCpuSecond"), "must be more than zero");
        }
        if (model == Pricing.Model.COMPUTE && !node.has(options.key("dollarsPerCpuSecond")) && inherited.model() != Pricing.Model.COMPUTE) {
            throw node.valueError("model", "model: compute needs " + options.key("dollarsPerCpuSecond"));
        }
        if (model == Pricing.Model.SCAN && node.has(options.key("dollarsPerCpuSecond"))) {
            throw node.valueError(options.key("dollarsPerCpuSecond"), "applies to model: compute, but the model here is scan");
        }
        if (model == Pricing.Model.COMPUTE && node.has(options.key("dollarsPerTb"))) {
            throw node.valueError(options.key("dollarsPerTb"), "applies to model: scan, but the model here is compute");
        }
        return new Pricing(model, perTb, perCpuSecond, rowsPerCpuSecond);
    }

    private static CostPolicy.Limits limits(GuardOptions options, String action) {
        ConfigNode node = options.node();
        return new CostPolicy.Limits(
                nonNegative(node, options.key(action + "AboveDollars"), -1),
                nonNegative(node, options.key(action + "AboveRows"), -1),
                nonNegative(node, options.key(action + "AboveBytes"), -1));
    }

    private static double nonNegative(ConfigNode node, String key, double defaultValue) {
        if (!node.has(key)) {
            return defaultValue;
        }
        double value = node.doubleValue(key, defaultValue);
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw node.valueError(key, "must be a number of zero or more but is " + value);
        }
        return value;
    }
}
