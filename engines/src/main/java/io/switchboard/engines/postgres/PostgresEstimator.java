package io.switchboard.engines.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.engines.estimate.PlanQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Estimates for PostgreSQL. From {@code EXPLAIN (FORMAT JSON, VERBOSE)}: every scan node of the
 * plan. A scan that reads its table whole (sequential, bitmap heap, TID, sample) reads the
 * table's pages, whatever its filter keeps, so rows and bytes are the table's {@code reltuples}
 * and {@code relpages} × block size; an index scan reads about Plan Rows × Plan Width. The plan's
 * total cost is kept in the detail. From statistics: {@code pg_class} of the referenced tables.
 */
final class PostgresEstimator {
    /** Scan nodes that read every page of their relation. */
    private static final Set<String> WHOLE_TABLE_SCANS = Set.of("Seq Scan", "Bitmap Heap Scan", "Tid Scan", "Tid Range Scan",
            "Sample Scan");

    private PostgresEstimator() {}

    static Optional<ScanEstimate> fromPlan(Engine engine, EngineQuery query) {
        String text = PlanQueries.text(engine, query, "EXPLAIN (FORMAT JSON, VERBOSE) " + query.sql(), 0);
        JsonNode root = PlanQueries.json(text, "PostgreSQL's EXPLAIN (FORMAT JSON)");
        JsonNode plan = root.path(0).path("Plan");
        if (plan.isMissingNode()) {
            return Optional.empty();
        }
        List<JsonNode> scans = new ArrayList<>();
        collect(plan, scans);
        Map<String, double[]> tables = new LinkedHashMap<>();
        for (JsonNode scan : scans) {
            if (WHOLE_TABLE_SCANS.contains(scan.path("Node Type").asText())) {
                tables.put(qualified(scan), null);
            }
        }
        tableSizes(engine, query, tables);
        double rows = 0;
        double bytes = 0;
        StringBuilder detail = new StringBuilder("EXPLAIN: total cost ").append(plan.path("Total Cost").asText()).append(';');
        for (JsonNode scan : scans) {
            String type = scan.path("Node Type").asText();
            String table = qualified(scan);
            double[] size = tables.get(table);
            double scanRows;
            double scanBytes;
            if (size != null) {
                scanRows = size[0];
                scanBytes = size[1];
            } else {
                scanRows = Math.max(PlanQueries.number(scan.get("Plan Rows")), 0);
                scanBytes = scanRows * Math.max(PlanQueries.number(scan.get("Plan Width")), 1);
            }
            rows += scanRows;
            bytes += scanBytes;
            detail.append(' ').append(type).append(" on ").append(table).append(' ').append(PlanQueries.figure(scanRows))
                    .append(" rows, ").append(PlanQueries.figure(scanBytes)).append(" B;");
        }
        return Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.ENGINE_EXPLAIN, detail.toString()));
    }

    static Optional<ScanEstimate> fromStatistics(Engine engine, EngineQuery query, List<TableReference> tables) {
        Map<String, double[]> sizes = new LinkedHashMap<>();
        for (TableReference table : tables) {
            sizes.put(table.schemaName().map(schema -> quoteIdentifier(schema) + ".").orElse("") + quoteIdentifier(table.name()), null);
        }
        tableSizes(engine, query, sizes);
        double rows = 0;
        double bytes = 0;
        boolean found = false;
        StringBuilder detail = new StringBuilder("statistics (pg_class):");
        for (Map.Entry<String, double[]> entry : sizes.entrySet()) {
            if (entry.getValue() != null) {
                found = true;
                rows += entry.getValue()[0];
                bytes += entry.getValue()[1];
                detail.append(' ').append(entry.getKey()).append(' ').append(PlanQueries.figure(entry.getValue()[0])).append(" rows, ")
                        .append(PlanQueries.figure(entry.getValue()[1])).append(" B;");
            }
        }
        return found ? Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.TABLE_STATISTICS, detail.toString()))
                : Optional.empty();
    }

    private static void collect(JsonNode node, List<JsonNode> scans) {
        if (node.has("Relation Name")) {
            scans.add(node);
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, scans);
        }
    }

    private static String qualified(JsonNode scan) {
        String name = quoteIdentifier(scan.path("Relation Name").asText());
        return scan.has("Schema") ? quoteIdentifier(scan.get("Schema").asText()) + "." + name : name;
    }

    /** Quotes a name unless it is a plain lower-case identifier, as {@code quote_ident} would. */
    private static String quoteIdentifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * Fills rows and bytes ({@code reltuples}, {@code relpages} × block size) of each table, named
     * as {@code to_regclass} reads it (so the search path applies); unknown tables stay null. A
     * table never analyzed ({@code reltuples} -1) is assumed to hold 60 rows per page (rows of about 130 bytes).
     */
    private static void tableSizes(Engine engine, EngineQuery query, Map<String, double[]> tables) {
        if (tables.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(tables.keySet());
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(PlanQueries.literal(names.get(i), false)).append(")");
        }
        String sql = "SELECT n.i, c.reltuples, c.relpages, current_setting('block_size')::int FROM (VALUES " + values
                + ") AS n(i, name) JOIN pg_class c ON c.oid = to_regclass(n.name)";
        for (Object[] row : PlanQueries.rows(engine, query, sql)) {
            int index = ((Number) row[0]).intValue();
            double tuples = ((Number) row[1]).doubleValue();
            double pages = ((Number) row[2]).doubleValue();
            double blockSize = ((Number) row[3]).doubleValue();
            if (tuples < 0) {
                tuples = pages * 60;
            }
            tables.put(names.get(index), new double[] {tuples, pages * blockSize});
        }
    }
}
