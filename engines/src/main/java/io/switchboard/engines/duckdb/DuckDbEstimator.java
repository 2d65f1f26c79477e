package io.switchboard.engines.duckdb;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.engines.estimate.ColumnWidths;
import io.switchboard.engines.estimate.PlanQueries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Estimates for DuckDB. From {@code EXPLAIN (FORMAT JSON)}: the estimated cardinality of every
 * table scan of the physical plan (after the filters DuckDB pushes into the scan), times the
 * width of the columns the scan projects (from {@code duckdb_columns()} types). From statistics:
 * {@code duckdb_tables()} row counts times the width of all columns.
 */
final class DuckDbEstimator {
    private DuckDbEstimator() {}

    static Optional<ScanEstimate> fromPlan(Engine engine, EngineQuery query) {
        String plan = PlanQueries.text(engine, query, "EXPLAIN (FORMAT JSON) " + query.sql(), 1);
        List<Scan> scans = new ArrayList<>();
        collect(PlanQueries.json(plan, "DuckDB's EXPLAIN (FORMAT JSON)"), scans);
        Map<String, Map<String, String>> types = columnTypes(engine, query, scans.stream().map(Scan::table).distinct().toList());
        double rows = 0;
        double bytes = 0;
        StringBuilder detail = new StringBuilder("EXPLAIN:");
        for (Scan scan : scans) {
            Map<String, String> columns = types.getOrDefault(scan.table().toLowerCase(Locale.ROOT), Map.of());
            int width = 0;
            for (String column : scan.columns()) {
                String type = columns.get(column.toLowerCase(Locale.ROOT));
                width += type == null ? 8 : ColumnWidths.of(type);
            }
            rows += scan.rows();
            bytes += scan.rows() * Math.max(width, 1);
            detail.append(' ').append(scan.table()).append(" scan ").append(PlanQueries.figure(scan.rows())).append(" rows × ")
                    .append(Math.max(width, 1)).append(" B;");
        }
        if (scans.isEmpty()) {
            detail.append(" no table scan");
        }
        return Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.ENGINE_EXPLAIN, detail.toString()));
    }

    static Optional<ScanEstimate> fromStatistics(Engine engine, EngineQuery query, List<TableReference> tables) {
        if (tables.isEmpty()) {
            return Optional.empty();
        }
        double rows = 0;
        double bytes = 0;
        StringBuilder detail = new StringBuilder("statistics:");
        boolean found = false;
        for (TableReference table : tables) {
            StringBuilder where = new StringBuilder("lower(table_name) = ").append(literal(table.name()));
            table.schemaName().ifPresent(schema -> where.append(" AND lower(schema_name) = ").append(literal(schema)));
            table.catalogName().ifPresent(catalog -> where.append(" AND lower(database_name) = ").append(literal(catalog)));
            List<Object[]> found2 = PlanQueries.rows(engine, query, "SELECT database_name, schema_name, table_name, estimated_size, "
                    + "(SELECT list(c.data_type) FROM duckdb_columns() c WHERE c.table_oid = t.table_oid) "
                    + "FROM duckdb_tables() t WHERE " + where + " ORDER BY schema_name <> current_schema() LIMIT 1");
            if (found2.isEmpty()) {
                continue;
            }
            Object[] row = found2.get(0);
            double tableRows = ((Number) row[3]).doubleValue();
            int width = 0;
            if (row[4] instanceof List<?> columnTypes) {
                for (Object type : columnTypes) {
                    width += ColumnWidths.of(String.valueOf(type));
                }
            }
            found = true;
            rows += tableRows;
            bytes += tableRows * Math.max(width, 1);
            detail.append(' ').append(row[0]).append('.').append(row[1]).append('.').append(row[2]).append(' ')
                    .append(PlanQueries.figure(tableRows)).append(" rows × ").append(width).append(" B;");
        }
        return found ? Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.TABLE_STATISTICS, detail.toString()))
                : Optional.empty();
    }

    private static String literal(String name) {
        return PlanQueries.literal(name.toLowerCase(Locale.ROOT), false);
    }

    private record Scan(String table, double rows, List<String> columns) {}

    private static void collect(JsonNode node, List<Scan> scans) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, scans));
            return;
        }
        JsonNode extra = node.path("extra_info");
        if (extra.has("Table")) {
            List<String> columns = new ArrayList<>();
            extra.path("Projections").forEach(column -> columns.add(column.asText()));
            double rows = PlanQueries.number(extra.get("Estimated Cardinality"));
            scans.add(new Scan(extra.get("Table").asText(), Math.max(rows, 0), columns));
        }
        collect(node.path("children"), scans);
    }

    /** Column types of the scanned tables ({@code database.schema.table} as the plan names them), lower-cased names. */
    private static Map<String, Map<String, String>> columnTypes(Engine engine, EngineQuery query, List<String> tables) {
        if (tables.isEmpty()) {
            return Map.of();
        }
        List<String> literals = tables.stream().map(DuckDbEstimator::literal).toList();
        Map<String, Map<String, String>> types = new HashMap<>();
        for (Object[] row : PlanQueries.rows(engine, query, "SELECT lower(database_name || '.' || schema_name || '.' || table_name), "
                + "lower(column_name), data_type FROM duckdb_columns() WHERE lower(database_name || '.' || schema_name || '.' || "
                + "table_name) IN (" + String.join(", ", literals) + ")")) {
            types.computeIfAbsent((String) row[0], t -> new LinkedHashMap<>()).put((String) row[1], (String) row[2]);
        }
        return types;
    }
}
