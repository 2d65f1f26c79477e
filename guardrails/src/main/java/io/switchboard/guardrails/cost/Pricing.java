package io.switchboard.guardrails.cost;

import io.switchboard.core.engine.ScanEstimate;

/**
 * How one engine charges: by the bytes a query reads ({@link Model#SCAN}, dollars per TB, as
 * BigQuery on demand or Athena) or by the CPU time it takes ({@link Model#COMPUTE}, dollars per
 * CPU-second). When an engine gives no CPU estimate, CPU-seconds are derived from the rows it
 * scans at {@code rowsPerCpuSecond}.
 */
public record Pricing(Model model, double dollarsPerTb, double dollarsPerCpuSecond, double rowsPerCpuSecond) {
    /** One terabyte, as cloud engines bill it (10^12 bytes). */
    public static final double BYTES_PER_TB = 1e12;
    public static final double DEFAULT_DOLLARS_PER_TB = 5;
    public static final double DEFAULT_ROWS_PER_CPU_SECOND = 10_000_000;
    public static final Pricing DEFAULT = new Pricing(Model.SCAN, DEFAULT_DOLLARS_PER_TB, 0, DEFAULT_ROWS_PER_CPU_SECOND);

    public enum Model {
        SCAN, COMPUTE
    }

    public Pricing {
        java.util.Objects.requireNonNull(model, "model is null");
        if (!(dollarsPerTb >= 0) || !(dollarsPerCpuSecond >= 0)) {
            throw new IllegalArgumentException("prices must be zero or more");
        }
        if (!(rowsPerCpuSecond > 0)) {
            throw new IllegalArgumentException("rowsPerCpuSecond must be more than zero");
        }
    }

    /** CPU-seconds: the engine's own figure, else rows at {@code rowsPerCpuSecond}; negative when neither is known. */
    public double cpuSeconds(ScanEstimate estimate) {
        if (estimate.hasCpuSeconds()) {
            return estimate.cpuSeconds();
        }
        return estimate.hasRows() ? estimate.rows() / rowsPerCpuSecond : -1;
    }

    /** The price in dollars; negative when the figure the model needs is unknown. */
    public double dollars(ScanEstimate estimate) {
        return switch (model) {
            case SCAN -> estimate.hasBytes() ? estimate.bytes() / BYTES_PER_TB * dollarsPerTb : -1;
            case COMPUTE -> {
                double cpu = cpuSeconds(estimate);
                yield cpu < 0 ? -1 : cpu * dollarsPerCpuSecond;
            }
        };
    }

    public String describe() {
        return switch (model) {
            case SCAN -> "scan at $" + dollarsPerTb + "/TB";
            case COMPUTE -> "compute at $" + dollarsPerCpuSecond + "/CPU-second";
        };
    }
}
