package io.switchboard.core.engine;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.pipeline.CostEstimate;

/**
 * What an engine expects a statement to read, before it runs: the figures of its own EXPLAIN or
 * of its table statistics. The CostEstimate guard prices it; figures an engine cannot give are
 * negative.
 *
 * @param rows rows the engine expects to scan; negative when unknown
 * @param bytes bytes the engine expects to read; negative when unknown
 * @param cpuSeconds CPU time the engine expects; negative when the engine gives none
 * @param source where the figures come from
 * @param detail a short account for people: the scans and the figures used
 */
public record ScanEstimate(double rows, double bytes, double cpuSeconds, CostEstimate.Source source, String detail) {
    public ScanEstimate {
        requireNonNull(source, "source is null");
        requireNonNull(detail, "detail is null");
        if (Double.isNaN(rows) || Double.isNaN(bytes) || Double.isNaN(cpuSeconds)) {
            throw new IllegalArgumentException("estimate figures must be numbers (negative for unknown)");
        }
    }

    public boolean hasRows() {
        return rows >= 0;
    }

    public boolean hasBytes() {
        return bytes >= 0;
    }

    public boolean hasCpuSeconds() {
        return cpuSeconds >= 0;
    }
}
