package io.switchboard.guardrails.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Classification on generated, labelled data: values of every entity in the formats people write
 * them in, and non-PII look-alikes (order numbers, timestamps, version strings, tracking and
 * account numbers, dates, amounts, postcodes, MAC addresses, UUIDs).
 *
 * <p>The guard classifies columns (name and a sample of values), so the targets (recall 0.98,
 * precision 0.95 per entity) are asserted on columns, counted per value. The value-only figures of
 * the strict validators are reported beside them; they must find every entity (recall), but a
 * value alone cannot always be told from a look-alike ({@code 4.8.0.1} is a version and an IPv4
 * address), which is what the column view is for. Figures go to target/pii-classification.txt.
 */
final class PiiClassificationTest {
    private static final long SEED = 20261121L;
    private static final int ROWS_PER_COLUMN = 20;

    @Test
    void columnsMeetTheRecallAndPrecisionTargets() throws IOException {
        List<PiiDataset.LabelledColumn> columns = new PiiDataset(SEED).generateColumns(60, 40, ROWS_PER_COLUMN);
        ColumnClassifier classifier = new ColumnClassifier(PiiPolicy.DEFAULT_MIN_MATCH_RATIO);
        Map<PiiEntity, int[]> counts = emptyCounts();
        List<String> misses = new ArrayList<>();
        int values = 0;
        for (PiiDataset.LabelledColumn column : columns) {
            PiiEntity found = classifier.classify(column.name(), column.values()).orElse(null);
            count(counts, column.entity(), found, column.values().size());
            values += column.values().size();
            if (found != column.entity() && misses.size() < 20) {
                misses.add(column.kind() + " column '" + column.name() + "' " + column.values().subList(0, 3) + " classified as "
                        + (found == null ? "nothing" : found.configName()));
            }
        }
        assertThat(values).isGreaterThanOrEqualTo(10_000);
        String report = "Columns (name + " + ROWS_PER_COLUMN + " sampled values), counted per value, " + values + " values:\n"
                + table(counts) + "misclassified columns:\n" + String.join("\n", misses) + "\n";
        write(report, false);
        assertTargets(counts, report);
    }

    @Test
    void valuesAloneFindEveryEntity() throws IOException {
        List<PiiDataset.Labelled> dataset = new PiiDataset(SEED).generate(1_000, 1_000);
        assertThat(dataset).hasSizeGreaterThanOrEqualTo(10_000);
        Map<PiiEntity, int[]> counts = emptyCounts();
        List<String> misses = new ArrayList<>();
        for (PiiDataset.Labelled value : dataset) {
            PiiEntity found = PiiEntity.ofValue(value.value()).orElse(null);
            count(counts, value.entity(), found, 1);
            if (found != value.entity() && misses.size() < 20) {
                misses.add(value.kind() + " '" + value.value() + "' classified as " + (found == null ? "nothing" : found.configName()));
            }
        }
        String report = "Values alone (strict validators), " + dataset.size() + " values:\n" + table(counts)
                + "misclassified values:\n" + String.join("\n", misses) + "\n";
        write(report, true);
        for (PiiEntity entity : PiiEntity.values()) {
            assertThat(recall(counts.get(entity))).as("value recall of %s%n%s", entity, report).isGreaterThanOrEqualTo(0.98);
        }
    }

    private static Map<PiiEntity, int[]> emptyCounts() {
        Map<PiiEntity, int[]> counts = new EnumMap<>(PiiEntity.class);
        for (PiiEntity entity : PiiEntity.values()) {
            counts.put(entity, new int[3]);
        }
        return counts;
    }

    /** counts[entity] = {true positives, false positives, false negatives}. */
    private static void count(Map<PiiEntity, int[]> counts, PiiEntity truth, PiiEntity found, int weight) {
        if (truth != null && truth == found) {
            counts.get(truth)[0] += weight;
            return;
        }
        if (truth != null) {
            counts.get(truth)[2] += weight;
        }
        if (found != null) {
            counts.get(found)[1] += weight;
        }
    }

    private static double precision(int[] c) {
        return c[0] + c[1] == 0 ? 1 : (double) c[0] / (c[0] + c[1]);
    }

    private static double recall(int[] c) {
        return c[0] + c[2] == 0 ? 1 : (double) c[0] / (c[0] + c[2]);
    }

    private static String table(Map<PiiEntity, int[]> counts) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-12s %8s %6s %6s %10s %8s%n", "entity", "values",
                "false+", "false-", "precision", "recall"));
        for (PiiEntity entity : PiiEntity.values()) {
            int[] c = counts.get(entity);
            table.append(String.format(Locale.ROOT, "%-12s %8d %6d %6d %10.4f %8.4f%n", entity.configName(), c[0] + c[2], c[1], c[2],
                    precision(c), recall(c)));
        }
        return table.toString();
    }

    private static void assertTargets(Map<PiiEntity, int[]> counts, String report) {
        for (PiiEntity entity : PiiEntity.values()) {
            assertThat(recall(counts.get(entity))).as("recall of %s%n%s", entity, report).isGreaterThanOrEqualTo(0.98);
            assertThat(precision(counts.get(entity))).as("precision of %s%n%s", entity, report).isGreaterThanOrEqualTo(0.95);
        }
    }

    private static synchronized void write(String report, boolean append) throws IOException {
        Path out = Path.of("target", "pii-classification.txt");
        Files.createDirectories(out.getParent());
        if (append && Files.exists(out)) {
            Files.writeString(out, report + "\n", java.nio.file.StandardOpenOption.APPEND);
        } else {
            Files.writeString(out, report + "\n");
        }
        System.out.println(report);
    }
}
