package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.ClusterStatus;
import io.switchboard.core.pipeline.GroupStatus;
import io.switchboard.core.pipeline.QueryPlan;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.sql.Dialect;
import io.switchboard.mcp.QueryRegistry.ToolCall;
import io.switchboard.mcp.QueryRunner.CollectedResult;
import io.switchboard.mcp.QueryRunner.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog tools: list_engines, list_schemas, list_tables, describe_table. Listings are SQL
 * over {@code information_schema} sent through the pipeline like any query, so guardrails,
 * routing and the record apply to them too (the SQL is in {@link CatalogSql}).
 */
final class CatalogTools {
    /** The most tables one list_tables answer holds; a pattern narrows a larger catalog. */
    static final int MAX_TABLES = 1000;
    private static final long CATALOG_BYTES = 8L * 1024 * 1024;
    /** DuckDB prints {@code ~60,175 rows}; Trino {@code Estimates: {rows: 60175 (...)}}. */
    private static final Pattern ROW_ESTIMATE = Pattern.compile("~\\s*([\\d,]+)\\s+rows?|\\brows:\\s*([\\d,]+)");

    private final ToolEnvironment environment;

    CatalogTools(ToolEnvironment environment) {
        this.environment = requireNonNull(environment, "environment is null");
    }

    ToolAnswer listEngines(ToolArguments arguments) {
        arguments.allowOnly(Set.of());
        List<Map<String, Object>> groups = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (GroupStatus group : environment.runner().pipeline().status()) {
            List<Map<String, Object>> clusters = new ArrayList<>();
            text.append(text.isEmpty() ? "" : "\n").append("group ").append(group.name())
                    .append(group.enabled() ? "" : " (disabled)").append(": queued ").append(group.queued())
                    .append('/').append(group.maxQueued());
            for (ClusterStatus cluster : group.clusters()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", cluster.name());
                entry.put("engine", cluster.engine().configName());
                entry.put("dialect", cluster.dialect().sqlglotName().isEmpty() ? "ansi" : cluster.dialect().sqlglotName());
                entry.put("enabled", cluster.enabled());
                entry.put("healthy", cluster.health().healthy());
                entry.put("health_detail", cluster.health().detail());
                entry.put("running", cluster.running());
                entry.put("max_running", cluster.maxRunning());
                clusters.add(entry);
                text.append("\n  cluster ").append(cluster.name()).append(": ").append(cluster.engine().configName())
                        .append(cluster.health().healthy() ? ", healthy" : ", UNHEALTHY (" + cluster.health().detail() + ")")
                        .append(", running ").append(cluster.running()).append('/').append(cluster.maxRunning());
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", group.name());
            entry.put("enabled", group.enabled());
            entry.put("queued", group.queued());
            entry.put("max_queued", group.maxQueued());
            entry.put("overflow_group", group.overflowGroup());
            entry.put("clusters", clusters);
            groups.add(entry);
        }
        return new ToolAnswer(Map.of("groups", groups), text.isEmpty() ? "No cluster groups are configured." : text.toString());
    }

    ToolAnswer listSchemas(Caller caller, ToolCall call, ToolArguments arguments, ProgressListener progress) {
        arguments.allowOnly(Set.of("engine_hint"));
        CollectedResult result = run(caller, call, arguments, CatalogSql.schemas(), MAX_TABLES, progress);
        List<Map<String, Object>> schemas = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            schemas.add(Map.of("catalog", String.valueOf(row.get(0)), "schema", String.valueOf(row.get(1))));
        }
        String text = schemas.isEmpty() ? "No schemas found." : schemas.size() + " schemas: " + String.join(", ",
                schemas.stream().map(s -> s.get("catalog") + "." + s.get("schema")).toList());
        return new ToolAnswer(Map.of("query_id", result.queryId(), "schemas", schemas), text);
    }

    ToolAnswer listTables(Caller caller, ToolCall call, ToolArguments arguments, ProgressListener progress) {
        arguments.allowOnly(Set.of("schema", "pattern", "engine_hint"));
        String schema = arguments.optionalString("schema").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        String pattern = arguments.optionalString("pattern").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
        TableReference schemaName = schema == null ? null : TableReference.parse(schema);
        if (schemaName != null && schemaName.catalog() != null) {
            throw arguments.invalid("argument 'schema' is schema or catalog.schema, not '" + schema + "'");
        }
        // TableReference reads "a.b" as schema a, name b: for a schema argument that is catalog a, schema b.
        String catalogFilter = schemaName == null ? null : schemaName.schema();
        String schemaFilter = schemaName == null ? null : schemaName.name();
        CollectedResult result = run(caller, call, arguments, CatalogSql.tables(catalogFilter, schemaFilter, pattern),
                MAX_TABLES, progress);
        List<Map<String, Object>> tables = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("catalog", String.valueOf(row.get(0)));
            table.put("schema", String.valueOf(row.get(1)));
            table.put("name", String.valueOf(row.get(2)));
            table.put("qualified_name", row.get(0) + "." + row.get(1) + "." + row.get(2));
            table.put("type", String.valueOf(row.get(3)));
            tables.add(table);
        }
        StringBuilder text = new StringBuilder();
        text.append(tables.size()).append(tables.size() == 1 ? " table" : " tables")
                .append(result.truncated() ? " (more exist; narrow with schema or pattern)" : "").append(':');
        for (Map<String, Object> table : tables) {
            text.append('\n').append(table.get("qualified_name")).append(" (").append(table.get("type")).append(')');
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query_id", result.queryId());
        answer.put("tables", tables);
        answer.put("truncated", result.truncated());
        return new ToolAnswer(answer, text.toString());
    }

    ToolAnswer describeTable(Caller caller, ToolCall call, ToolArguments arguments, ProgressListener progress) {
        arguments.allowOnly(Set.of("table", "sample_rows", "engine_hint"));
        String table = arguments.requiredString("table").strip();
        int sampleRows = arguments.optionalInteger("sample_rows", 0, 100).orElse(0);
        TableReference reference;
        try {
            reference = TableReference.parse(table);
        } catch (IllegalArgumentException e) {
            throw arguments.invalid("argument 'table' must name a table, e.g. orders or main.orders");
        }
        Map<String, Object> answer = describe(caller, call, arguments, reference, sampleRows, progress);
        StringBuilder text = new StringBuilder();
        text.append(answer.get("qualified_name")).append(", about ")
                .append(answer.get("row_count_estimate") == null ? "an unknown number of" : answer.get("row_count_estimate"))
                .append(" rows:");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> columns = (List<Map<String, Object>>) answer.get("columns");
        for (Map<String, Object> column : columns) {
            text.append('\n').append(column.get("name")).append(' ').append(column.get("type"))
                    .append(Boolean.TRUE.equals(column.get("nullable")) ? "" : " NOT NULL");
        }
        if (sampleRows > 0) {
            text.append("\nSample:");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> sampleColumns = (List<Map<String, Object>>) answer.get("sample_columns");
            @SuppressWarnings("unchecked")
            List<List<Object>> rows = (List<List<Object>>) answer.get("sample_rows");
            QueryTools.appendTable(text, sampleColumns, rows);
        }
        return new ToolAnswer(answer, text.toString());
    }

    /** A table's description as describe_table and the table resources give it. */
    Map<String, Object> describe(Caller caller, ToolCall call, ToolArguments arguments, TableReference reference,
            int sampleRows, ProgressListener progress) {
        String table = reference.qualifiedName();
        CollectedResult columnsResult = run(caller, call, arguments,
                CatalogSql.columns(reference.catalog(), reference.schema(), reference.name()), 10_000, progress);
        Set<String> owners = new LinkedHashSet<>();
        for (List<Object> row : columnsResult.rows()) {
            owners.add(row.get(0) + "." + row.get(1) + "." + row.get(2));
        }
        if (owners.isEmpty()) {
            throw new SwitchboardException(ErrorCode.TABLE_NOT_FOUND, "Table '" + table
                    + "' does not exist or is not visible; use list_tables to see the tables");
        }
        if (owners.size() > 1) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "Table name '" + table + "' is ambiguous: it matches "
                    + owners + "; pass one of these qualified names");
        }
        List<Object> first = columnsResult.rows().get(0);
        String catalog = String.valueOf(first.get(0));
        String schema = String.valueOf(first.get(1));
        String name = String.valueOf(first.get(2));
        List<Map<String, Object>> columns = new ArrayList<>();
        for (List<Object> row : columnsResult.rows()) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", String.valueOf(row.get(3)));
            column.put("type", String.valueOf(row.get(4)));
            column.put("nullable", !"NO".equalsIgnoreCase(String.valueOf(row.get(5))));
            columns.add(column);
        }
        String qualified = CatalogSql.quote(catalog) + "." + CatalogSql.quote(schema) + "." + CatalogSql.quote(name);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("catalog", catalog);
        answer.put("schema", schema);
        answer.put("name", name);
        answer.put("qualified_name", catalog + "." + schema + "." + name);
        answer.put("columns", columns);
        answer.put("row_count_estimate", estimateRows(caller, arguments, qualified));
        List<List<Object>> sample = List.of();
        List<Map<String, Object>> sampleColumns = List.of();
        if (sampleRows > 0) {
            CollectedResult rows = run(caller, call, arguments, "SELECT * FROM " + qualified + " LIMIT " + sampleRows,
                    sampleRows, progress);
            sample = rows.rows();
            sampleColumns = QueryTools.columns(rows.columns());
        }
        answer.put("sample_columns", sampleColumns);
        answer.put("sample_rows", sample);
        return answer;
    }

    /** The planner's estimate from the engine's plan of a full scan; nothing is scanned. */
    private Long estimateRows(Caller caller, ToolArguments arguments, String qualifiedTable) {
        QueryRequest request = environment.request(caller, "SELECT * FROM " + qualifiedTable,
                arguments.agentContext(caller.clientName(), false), arguments.optionalString("engine_hint").orElse(null), null,
                catalogDialect());
        try {
            QueryPlan plan = environment.runner().pipeline().explain(request);
            return parseRowEstimate(plan.enginePlan());
        } catch (SwitchboardException e) {
            // The estimate is a courtesy: a guard or engine that refuses EXPLAIN leaves it unknown.
            return null;
        }
    }

    /**
     * Catalog SQL is Switchboard's own, written for the frontend's default dialect; a user's or a
     * call's dialect choice is about the user's SQL, not this.
     */
    private Dialect catalogDialect() {
        return environment.options().sourceDialect();
    }

    static Long parseRowEstimate(String plan) {
        Matcher matcher = ROW_ESTIMATE.matcher(plan);
        if (!matcher.find()) {
            return null;
        }
        String digits = (matcher.group(1) != null ? matcher.group(1) : matcher.group(2)).replace(",", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private CollectedResult run(Caller caller, ToolCall call, ToolArguments arguments, String sql, int maxRows,
            ProgressListener progress) {
        AgentContext agent = arguments.agentContext(caller.clientName(), false);
        QueryRequest request = environment.request(caller, sql, agent, arguments.optionalString("engine_hint").orElse(null), maxRows,
                catalogDialect());
        return environment.runner().run(call, request, maxRows, CATALOG_BYTES, progress);
    }
}
