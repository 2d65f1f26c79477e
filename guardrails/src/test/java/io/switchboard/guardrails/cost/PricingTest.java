package io.switchboard.guardrails.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import org.junit.jupiter.api.Test;

/** The arithmetic of pricing: dollars per TB read, dollars per CPU-second, CPU from rows, unknown figures. */
final class PricingTest {
    private static ScanEstimate scan(double rows, double bytes, double cpuSeconds) {
        return new ScanEstimate(rows, bytes, cpuSeconds, CostEstimate.Source.ENGINE_EXPLAIN, "test");
    }

    @Test
    void scanPricingChargesPerTerabyteRead() {
        Pricing pricing = new Pricing(Pricing.Model.SCAN, 5, 0, 10_000_000);
        assertThat(pricing.dollars(scan(1, 1e12, -1))).isCloseTo(5.0, within(1e-12));
        assertThat(pricing.dollars(scan(1, 2.5e11, -1))).isCloseTo(1.25, within(1e-12));
        // 7.2 MB read (a TPC-H SF 0.01 lineitem scan): $0.000036.
        assertThat(pricing.dollars(scan(60_175, 7.2e6, -1))).isCloseTo(3.6e-5, within(1e-12));
        assertThat(pricing.dollars(scan(0, 0, -1))).isZero();
        assertThat(pricing.dollars(scan(100, -1, -1))).as("bytes unknown").isNegative();
    }

    @Test
    void computePricingChargesPerCpuSecond() {
        Pricing pricing = new Pricing(Pricing.Model.COMPUTE, 0, 0.0001, 10_000_000);
        assertThat(pricing.dollars(scan(1, 1, 120))).as("the engine's own CPU figure").isCloseTo(0.012, within(1e-12));
        assertThat(pricing.cpuSeconds(scan(50_000_000, 1, -1))).as("derived from rows").isCloseTo(5.0, within(1e-12));
        assertThat(pricing.dollars(scan(50_000_000, 1, -1))).isCloseTo(0.0005, within(1e-12));
        assertThat(pricing.dollars(scan(-1, 1e9, -1))).as("neither rows nor CPU").isNegative();
    }

    @Test
    void thresholdsNameWhatWasExceeded() {
        CostPolicy.Limits limits = new CostPolicy.Limits(1, 1000, -1);
        assertThat(limits.exceeded(0.5, 999, 1e15, "deny")).isNull();
        assertThat(limits.exceeded(1.5, 999, 1e15, "deny")).isEqualTo("denyAboveDollars $1.00");
        assertThat(limits.exceeded(1.5, 1001, 0, "hold")).isEqualTo("holdAboveDollars $1.00, holdAboveRows 1,000");
        assertThat(CostPolicy.Limits.NONE.exceeded(1e9, 1e9, 1e9, "warn")).isNull();
    }

    @Test
    void formatsFiguresForPeople() {
        assertThat(CostFormat.dollars(3.6e-5)).isEqualTo("$3.6e-05");
        assertThat(CostFormat.dollars(12.345)).isEqualTo("$12.35");
        assertThat(CostFormat.dollars(12_345)).isEqualTo("$12,345");
        assertThat(CostFormat.bytes(7_217_000)).isEqualTo("7.2 MB");
        assertThat(CostFormat.bytes(512)).isEqualTo("512 B");
        assertThat(CostFormat.plain(60175)).isEqualTo("60175");
    }

    @Test
    void rejectsMeaninglessPrices() {
        assertThatThrownBy(() -> new Pricing(Pricing.Model.SCAN, -5, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pricing(Pricing.Model.COMPUTE, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
