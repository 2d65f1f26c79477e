package io.switchboard.engines.clickhouse;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.core.sql.Dialect;
import io.switchboard.engines.estimate.PlanQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Estimates for ClickHouse. {@code EXPLAIN ESTIMATE} (ClickHouse 21.10 and later) gives the rows
 * each table's read will take after primary-key and partition pruning. Older servers (18.16,
 * the apt package) have no EXPLAIN at all: there the estimate comes from {@code system.parts}
 * (rows of the active parts) and {@code system.columns} (uncompressed bytes per column) — every
 * row of the referenced tables, and the bytes of the columns the statement mentions (a column
 * store reads only those). Without EXPLAIN, key pruning is not seen: the figures are the upper
 * bound of a read.
 */
final class ClickHouseEstimator {
    /** EXPLAIN ESTIMATE arrived in ClickHouse 21.10. */
    private static final int[] EXPLAIN_ESTIMATE_SINCE = {21, 10};

    private final AtomicReference<Boolean> hasExplainEstimate = new AtomicReference<>();

    Optional<ScanEstimate> fromPlan(Engine engine, EngineQuery query) {
        if (!hasExplainEstimate(engine, query)) {
            return Optional.empty();
        }
        PlanQueries.Mentions mentions = PlanQueries.mentions(query.sql(), Dialect.CLICKHOUSE);
        double rows = 0;
        double bytes = 0;
        StringBuilder detail = new StringBuilder("EXPLAIN ESTIMATE:");
        for (Object[] row : PlanQueries.rows(engine, query, "EXPLAIN ESTIMATE " + query.sql())) {
            String database = String.valueOf(row[0]);
            String table = String.valueOf(row[1]);
            double tableRows = ((Number) row[3]).doubleValue();
            TableSize size = size(engine, query, PlanQueries.literal(database, true), table, mentions);
            double tableBytes = size == null || size.rows() <= 0 ? -1 : tableRows * size.bytes() / size.rows();
            rows += tableRows;
            bytes += Math.max(tableBytes, 0);
            detail.append(' ').append(database).append('.').append(table).append(' ').append(PlanQueries.figure(tableRows))
                    .append(" rows, ").append(PlanQueries.figure(tableBytes)).append(" B;");
        }
        return Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.ENGINE_EXPLAIN, detail.toString()));
    }

    Optional<ScanEstimate> fromStatistics(Engine engine, EngineQuery query, List<TableReference> tables) {
        PlanQueries.Mentions mentions = PlanQueries.mentions(query.sql(), Dialect.CLICKHOUSE);
        double rows = 0;
        double bytes = 0;
        boolean found = false;
        StringBuilder detail = new StringBuilder("statistics (system.parts, columns mentioned):");
        for (TableReference table : tables) {
            String database = table.schemaName().map(name -> PlanQueries.literal(name, true)).orElse("currentDatabase()");
            TableSize size = size(engine, query, database, table.name(), mentions);
            if (size == null) {
                continue;
            }
            found = true;
            rows += size.rows();
            bytes += size.bytes();
            detail.append(' ').append(table.schemaName().map(s -> s + ".").orElse("")).append(table.name()).append(' ')
                    .append(PlanQueries.figure(size.rows())).append(" rows, ").append(PlanQueries.figure(size.bytes()))
                    .append(" B in ").append(size.columns()).append(" columns;");
        }
        return found ? Optional.of(new ScanEstimate(rows, bytes, -1, CostEstimate.Source.TABLE_STATISTICS, detail.toString()))
                : Optional.empty();
    }

    private record TableSize(double rows, double bytes, int columns) {}

    /** Rows of the table's active parts, and uncompressed bytes of the columns the statement may read; null for tables without parts. */
    private static TableSize size(Engine engine, EngineQuery query, String databaseExpression, String table, PlanQueries.Mentions mentions) {
        String tableLiteral = PlanQueries.literal(table, true);
        List<Object[]> parts = PlanQueries.rows(engine, query, "SELECT count(), sum(rows) FROM system.parts WHERE active AND database = "
                + databaseExpression + " AND table = " + tableLiteral);
        if (parts.isEmpty() || ((Number) parts.get(0)[0]).longValue() == 0) {
            return null;
        }
        double rows = ((Number) parts.get(0)[1]).doubleValue();
        double bytes = 0;
        int columns = 0;
        List<Object[]> allColumns = PlanQueries.rows(engine, query, "SELECT name, data_uncompressed_bytes FROM system.columns WHERE database = "
                + databaseExpression + " AND table = " + tableLiteral);
        List<Object[]> read = new ArrayList<>();
        for (Object[] column : allColumns) {
            if (mentions.mayRead(String.valueOf(column[0]))) {
                read.add(column);
            }
        }
        if (read.isEmpty() && !allColumns.isEmpty()) {
            // count() and the like read no column; ClickHouse then reads the smallest one.
            read.add(allColumns.stream().min((a, b) -> Double.compare(((Number) a[1]).doubleValue(), ((Number) b[1]).doubleValue())).get());
        }
        for (Object[] column : read) {
            bytes += ((Number) column[1]).doubleValue();
            columns++;
        }
        return new TableSize(rows, bytes, columns);
    }

    private boolean hasExplainEstimate(Engine engine, EngineQuery query) {
        Boolean known = hasExplainEstimate.get();
        if (known == null) {
            String version = PlanQueries.text(engine, query, "SELECT version()", 0);
            known = atLeast(version, EXPLAIN_ESTIMATE_SINCE);
            hasExplainEstimate.set(known);
        }
        return known;
    }

    static boolean atLeast(String version, int[] since) {
        String[] parts = version.strip().split("\\.");
        for (int i = 0; i < since.length; i++) {
            int part;
            try {
                part = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            } catch (NumberFormatException e) {
                return false;
            }
            if (part != since[i]) {
                return part > since[i];
            }
        }
        return true;
    }
}
