package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * What a query is expected to cost before it runs: what the engine expects to read, and its price
 * under the engine's pricing model. The CostEstimate guard attaches it to the query
 * ({@link #ATTRIBUTE}); the HumanApproval guard, routers and the feedback store read it.
 *
 * @param cluster the cluster whose engine made the estimate (or whose statistics were used)
 * @param rows rows the engine expects to scan; negative when unknown
 * @param bytes bytes the engine expects to read; negative when unknown
 * @param cpuSeconds CPU time the engine expects; negative when unknown
 * @param dollars the price under the configured pricing model; negative when it cannot be priced
 * @param source where the figures come from
 * @param detail a short human-readable account (the plan node, the statistic used)
 */
public record CostEstimate(String cluster, double rows, double bytes, double cpuSeconds, double dollars, Source source,
        String detail) {
    public static final AttributeKey<CostEstimate> ATTRIBUTE = AttributeKey.of("costEstimate", CostEstimate.class);

    public enum Source {
        /** The engine's own EXPLAIN. */
        ENGINE_EXPLAIN,
        /** Table statistics (row counts and sizes) when the plan gives no figures. */
        TABLE_STATISTICS
    }

    public CostEstimate {
        requireNonNull(cluster, "cluster is null");
        requireNonNull(source, "source is null");
        requireNonNull(detail, "detail is null");
    }

    public boolean hasDollars() {
        return dollars >= 0;
    }
}
