package io.switchboard.engines.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.engines.estimate.PlanQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Estimates for MySQL and MariaDB. From {@code EXPLAIN FORMAT=JSON}: the rows examined per table
 * ({@code rows_examined_per_scan} on MySQL, {@code rows} on MariaDB), multiplied along a nested
 * loop by the rows the tables before it produce (index lookups run once per earlier row; a full
 * scan through a join buffer runs about once). Bytes are MySQL's {@code data_read_per_join}
 * where present, else rows × the table's {@code avg_row_length} from
 * {@code information_schema.tables}. From statistics: {@code table_rows} and {@code data_length}.
 */
final class MySqlEstimator {
    /** Access types that read the table (or a whole index) from start to end. */
    private static final Set<String> FULL_SCANS = Set.of("ALL", "index");
    /** Bytes per row assumed when the table's average row length is not known. */
    private static final double DEFAULT_ROW_BYTES = 100;

    private MySqlEstimator() {}

    private record TableRead(String table, double rows, double bytes) {}

    static Optional<ScanEstimate> fromPlan(Engine engine, EngineQuery query) {
        String text = PlanQueries.text(engine, query, "EXPLAIN FORMAT=JSON " + query.sql(), 0);
        List<TableRead> reads = new ArrayList<>();
        walk(PlanQueries.json(text, "EXPLAIN FORMAT=JSON"), reads);
        Map<String, double[]> statistics = statistics(engine, query, reads.stream().map(TableRead::table).distinct().toList());
        double rows = 0;
        double bytes = 0;
        StringBuilder detail = new StringBuilder("EXPLAIN:");
        for (TableRead read : reads) {
            double readBytes = read.bytes();
            if (readBytes < 0) {
                double[] table = statistics.get(read.table().toLowerCase(Locale.ROOT));
                readBytes = read.rows() * (table == null || table[2] <= 0 ? DEFAULT_ROW_BYTES : table[2]);
            }
            rows += read.rows();
            bytes += readBytes;
            detail.append(' ').append(read.table()).append(' ').append(PlanQueries.figure(read.rows())).append(" rows examined, ")
                    .append(PlanQueries.figure(readBytes)).append(" B;");
        }
        if (reads.isEmpty()) {
            detail.append(" no table read");
        }
        return Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.ENGINE_EXPLAIN, detail.toString()));
    }

    static Optional<ScanEstimate> fromStatistics(Engine engine, EngineQuery query, List<TableReference> tables) {
        Map<String, double[]> statistics = statistics(engine, query, tables.stream().map(TableReference::name).distinct().toList());
        double rows = 0;
        double bytes = 0;
        StringBuilder detail = new StringBuilder("statistics (information_schema.tables):");
        for (Map.Entry<String, double[]> table : statistics.entrySet()) {
            rows += table.getValue()[0];
            bytes += table.getValue()[1];
            detail.append(' ').append(table.getKey()).append(' ').append(PlanQueries.figure(table.getValue()[0])).append(" rows, ")
                    .append(PlanQueries.figure(table.getValue()[1])).append(" B;");
        }
        return statistics.isEmpty() ? Optional.empty()
                : Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.TABLE_STATISTICS, detail.toString()));
    }

    /** Walks a plan in document order; each {@code nested_loop} multiplies later lookups by the rows before them. */
    private static void walk(JsonNode node, List<TableRead> reads) {
        if (node.isArray()) {
            node.forEach(child -> walk(child, reads));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        var fields = node.properties();
        for (Map.Entry<String, JsonNode> field : fields) {
            if (field.getKey().equals("nested_loop") && field.getValue().isArray()) {
                double prefix = 1;
                for (JsonNode step : field.getValue()) {
                    JsonNode table = tableOf(step);
                    if (table == null) {
                        walk(step, reads);
                        continue;
                    }
                    prefix = read(table, prefix, step.has("block-nl-join"), reads);
                    walkBelow(table, reads);
                }
            } else if (field.getKey().equals("table") && field.getValue().has("table_name")) {
                read(field.getValue(), 1, false, reads);
                walkBelow(field.getValue(), reads);
            } else {
                walk(field.getValue(), reads);
            }
        }
    }

    private static JsonNode tableOf(JsonNode step) {
        if (step.has("table")) {
            return step.get("table");
        }
        if (step.path("block-nl-join").has("table")) {
            return step.get("block-nl-join").get("table");
        }
        return null;
    }

    /** Subqueries attached to a table (materialized derived tables, attached conditions' subqueries). */
    private static void walkBelow(JsonNode table, List<TableRead> reads) {
        for (Map.Entry<String, JsonNode> field : table.properties()) {
            if (field.getValue().isContainerNode()) {
                walk(field.getValue(), reads);
            }
        }
    }

    /** Records one table's read after {@code prefix} earlier rows; returns the rows produced so far. */
    private static double read(JsonNode table, double prefix, boolean joinBuffer, List<TableRead> reads) {
        double perScan = PlanQueries.number(table.get("rows_examined_per_scan"));
        if (perScan < 0) {
            perScan = Math.max(PlanQueries.number(table.get("rows")), 0);
        }
        boolean fullScan = FULL_SCANS.contains(table.path("access_type").asText());
        boolean buffered = joinBuffer || table.has("using_join_buffer");
        double examined = fullScan && buffered ? perScan : perScan * prefix;
        double filtered = PlanQueries.number(table.get("filtered"));
        double bytes = size(table.path("cost_info").path("data_read_per_join").asText(""));
        if (bytes >= 0 && perScan > 0) {
            // data_read_per_join counts the rows produced; scale it to the rows examined.
            double produced = PlanQueries.number(table.get("rows_produced_per_join"));
            bytes = produced > 0 ? bytes / produced * examined : bytes;
        }
        reads.add(new TableRead(table.path("table_name").asText("?"), examined, bytes));
        return prefix * perScan * (filtered < 0 ? 1 : filtered / 100);
    }

    /** MySQL's sizes: {@code 512}, {@code 38K}, {@code 1M}, {@code 2G}; negative when absent. */
    private static double size(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        double scale = switch (unit) {
            case 'K' -> 1024d;
            case 'M' -> 1024d * 1024;
            case 'G' -> 1024d * 1024 * 1024;
            case 'T' -> 1024d * 1024 * 1024 * 1024;
            default -> 1;
        };
        try {
            return Double.parseDouble(scale == 1 ? text : text.substring(0, text.length() - 1)) * scale;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Rows, data length and average row length of the current database's tables, by lower-cased name. */
    private static Map<String, double[]> statistics(Engine engine, EngineQuery query, List<String> tables) {
        Map<String, double[]> result = new HashMap<>();
        if (tables.isEmpty()) {
            return result;
        }
        List<String> names = tables.stream().map(name -> PlanQueries.literal(name.toLowerCase(Locale.ROOT), true)).toList();
        for (Object[] row : PlanQueries.rows(engine, query, "SELECT lower(table_name), table_rows, data_length, avg_row_length "
                + "FROM information_schema.tables WHERE table_schema = database() AND lower(table_name) IN ("
                + String.join(", ", names) + ")")) {
            result.put(String.valueOf(row[0]), new double[] {number(row[1]), number(row[2]), number(row[3])});
        }
        return result;
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }
}
