package io.switchboard.engines.trino;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.engines.estimate.PlanQueries;
import java.util.List;
import java.util.Optional;

/**
 * Estimates for Trino. {@code EXPLAIN (TYPE IO, FORMAT JSON)} lists every input table with the
 * connector's estimate of the rows and bytes read (after the predicates pushed into the
 * connector). Figures a connector cannot give are NaN there: such a table counts as unknown, and
 * an estimate where no input is known is none. From statistics: {@code SHOW STATS FOR} each table
 * (row count; data size of variable-width columns plus 8 bytes per fixed-width value).
 */
final class TrinoEstimator {
    private TrinoEstimator() {}

    static Optional<ScanEstimate> fromPlan(Engine engine, EngineQuery query) {
        String text = PlanQueries.text(engine, query, "EXPLAIN (TYPE IO, FORMAT JSON) " + query.sql(), 0);
        JsonNode plan = PlanQueries.json(text, "Trino's EXPLAIN (TYPE IO, FORMAT JSON)");
        double rows = 0;
        double bytes = 0;
        boolean unknown = false;
        StringBuilder detail = new StringBuilder("EXPLAIN (TYPE IO):");
        JsonNode inputs = plan.path("inputTableColumnInfos");
        for (JsonNode input : inputs) {
            JsonNode table = input.path("table");
            String name = table.path("catalog").asText() + "." + table.path("schemaTable").path("schema").asText() + "."
                    + table.path("schemaTable").path("table").asText();
            double tableRows = PlanQueries.number(input.path("estimate").get("outputRowCount"));
            double tableBytes = PlanQueries.number(input.path("estimate").get("outputSizeInBytes"));
            if (tableRows < 0) {
                unknown = true;
            } else {
                rows += tableRows;
                bytes += Math.max(tableBytes, 0);
            }
            detail.append(' ').append(name).append(' ').append(PlanQueries.figure(tableRows)).append(" rows, ")
                    .append(PlanQueries.figure(tableBytes)).append(" B;");
        }
        if (inputs.isEmpty()) {
            detail.append(" no table read");
        } else if (unknown) {
            // A table the connector cannot estimate: a partial sum would understate the read.
            return Optional.empty();
        }
        return Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.ENGINE_EXPLAIN, detail.toString()));
    }

    static Optional<ScanEstimate> fromStatistics(Engine engine, EngineQuery query, List<TableReference> tables) {
        double rows = 0;
        double bytes = 0;
        boolean found = false;
        StringBuilder detail = new StringBuilder("statistics (SHOW STATS):");
        for (TableReference table : tables) {
            String name = qualified(table);
            double tableRows = -1;
            double variableBytes = 0;
            int fixedColumns = 0;
            for (Object[] row : PlanQueries.rows(engine, query, "SHOW STATS FOR " + name)) {
                if (row[0] == null) {
                    tableRows = row[4] instanceof Number count ? count.doubleValue() : -1;
                } else if (row[1] instanceof Number size) {
                    variableBytes += size.doubleValue();
                } else {
                    fixedColumns++;
                }
            }
            if (tableRows < 0) {
                continue;
            }
            found = true;
            double tableBytes = variableBytes + tableRows * fixedColumns * 8;
            rows += tableRows;
            bytes += tableBytes;
            detail.append(' ').append(name).append(' ').append(PlanQueries.figure(tableRows)).append(" rows, ")
                    .append(PlanQueries.figure(tableBytes)).append(" B;");
        }
        return found ? Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.TABLE_STATISTICS, detail.toString()))
                : Optional.empty();
    }

    private static String qualified(TableReference table) {
        StringBuilder name = new StringBuilder();
        table.catalogName().ifPresent(catalog -> name.append(quote(catalog)).append('.'));
        table.schemaName().ifPresent(schema -> name.append(quote(schema)).append('.'));
        return name.append(quote(table.name())).toString();
    }

    private static String quote(String part) {
        if (part.startsWith("\"")) {
            return part;
        }
        return "\"" + part.replace("\"", "\"\"") + "\"";
    }
}
