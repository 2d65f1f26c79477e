package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.mcp.QueryRegistry.ToolCall;
import io.switchboard.mcp.QueryRunner.ProgressListener;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schemas and tables as MCP resources: {@code switchboard://schemas} (every schema with its
 * tables), one {@code switchboard://tables/{catalog}/{schema}/{table}} resource per table (its
 * columns as JSON), and the same URI form as a resource template for tables not listed.
 *
 * <p>The SDK keeps one resource list per server, so the table list is refreshed in the
 * background, through the pipeline, as the anonymous user; reading a resource runs as the
 * caller, so guardrails see who asks.
 */
final class CatalogResources implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CatalogResources.class);
    static final String SCHEMAS_URI = "switchboard://schemas";
    static final String TABLE_PREFIX = "switchboard://tables/";
    static final String TABLE_TEMPLATE = TABLE_PREFIX + "{catalog}/{schema}/{table}";
    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ToolEnvironment environment;
    private final CatalogTools catalog;
    private final CallerResolver callers;
    private final Set<String> listedTables = new LinkedHashSet<>();
    private volatile McpSyncServer server;
    private volatile Thread refresher;
    private volatile boolean closed;

    CatalogResources(ToolEnvironment environment, CatalogTools catalog, CallerResolver callers) {
        this.environment = requireNonNull(environment, "environment is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.callers = requireNonNull(callers, "callers is null");
    }

    SyncResourceSpecification schemaResource() {
        McpSchema.Resource resource = McpSchema.Resource.builder()
                .uri(SCHEMAS_URI)
                .name("schemas")
                .title("Schemas and their tables")
                .description("Every catalog and schema you can query, with the tables of each.")
                .mimeType(JSON_TYPE)
                .build();
        return new SyncResourceSpecification(resource, (exchange, request) -> read(exchange, request, this::schemas));
    }

    SyncResourceTemplateSpecification tableTemplate() {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder()
                .uriTemplate(TABLE_TEMPLATE)
                .name("table")
                .title("A table's columns")
                .description("The columns of one table (name, type, nullability) and the engine's row estimate.")
                .mimeType(JSON_TYPE)
                .build();
        return new SyncResourceTemplateSpecification(template, (exchange, request) -> read(exchange, request, this::table));
    }

    void attach(McpSyncServer target) {
        this.server = target;
    }

    /** Lists the tables once now (in the background) and then every refresh interval, until closed. */
    synchronized void startRefreshing() {
        if (refresher == null && !closed) {
            refresher = Thread.ofVirtual().name("mcp-catalog-refresh").start(this::refreshLoop);
        }
    }

    /** Synchronizes the listed table resources with the engines' catalog; returns the tables listed. */
    synchronized Set<String> refreshNow() {
        Caller internal = new Caller("catalog-refresh", environment.options().anonymousUser(), false, Set.of(), "", null, null);
        ToolCall call = environment.registry().beginCall(internal.asOwner(), null);
        Map<String, Object> tables;
        try {
            tables = catalog.listTables(internal, call, new ToolArguments("list_tables", Map.of(), Map.of()), ProgressListener.NONE)
                    .structured();
        } finally {
            environment.registry().endCall(call);
        }
        Set<String> current = new LinkedHashSet<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) tables.get("tables");
        for (Map<String, Object> table : rows) {
            String uri = tableUri((String) table.get("catalog"), (String) table.get("schema"), (String) table.get("name"));
            current.add(uri);
            if (!listedTables.contains(uri)) {
                McpSchema.Resource resource = McpSchema.Resource.builder()
                        .uri(uri)
                        .name(String.valueOf(table.get("qualified_name")))
                        .title("Table " + table.get("qualified_name"))
                        .description(table.get("type") + " " + table.get("qualified_name") + ": its columns and row estimate")
                        .mimeType(JSON_TYPE)
                        .build();
                server.addResource(new SyncResourceSpecification(resource, (exchange, request) -> read(exchange, request, this::table)));
            }
        }
        for (String uri : List.copyOf(listedTables)) {
            if (!current.contains(uri)) {
                server.removeResource(uri);
            }
        }
        listedTables.clear();
        listedTables.addAll(current);
        return Set.copyOf(current);
    }

    private void refreshLoop() {
        long interval = environment.options().catalogRefreshInterval().toNanos();
        while (!closed) {
            try {
                refreshNow();
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("Could not refresh the MCP table resources: {}", e.getMessage());
                }
            }
            long until = System.nanoTime() + interval;
            while (!closed && System.nanoTime() < until) {
                LockSupport.parkNanos(Math.min(until - System.nanoTime(), 1_000_000_000L));
            }
        }
    }

    static String tableUri(String catalogName, String schema, String table) {
        return TABLE_PREFIX + encode(catalogName) + "/" + encode(schema) + "/" + encode(table);
    }

    private interface Reader {
        Object read(Caller caller, ToolCall call, String uri);
    }

    private McpSchema.ReadResourceResult read(McpSyncServerExchange exchange, McpSchema.ReadResourceRequest request, Reader reader) {
        Caller caller = callers.resolve(exchange, request.meta());
        ToolCall call = environment.registry().beginCall(caller.asOwner(), caller.requestId());
        try {
            String text = JSON.writeValueAsString(reader.read(caller, call, request.uri()));
            return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(request.uri(), JSON_TYPE, text)));
        } catch (SwitchboardException e) {
            int code = e.code() == ErrorCode.TABLE_NOT_FOUND || e.code() == ErrorCode.SCHEMA_NOT_FOUND
                    ? McpSchema.ErrorCodes.RESOURCE_NOT_FOUND
                    : e.code() == ErrorCode.INVALID_ARGUMENT ? McpSchema.ErrorCodes.INVALID_PARAMS : McpSchema.ErrorCodes.INTERNAL_ERROR;
            throw McpError.builder(code).message(e.getMessage()).data(Map.of("code", e.code().name(), "uri", request.uri())).build();
        } catch (JsonProcessingException e) {
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR).message("cannot encode " + request.uri()).build();
        } finally {
            environment.registry().endCall(call);
        }
    }

    private Object schemas(Caller caller, ToolCall call, String uri) {
        Map<String, Object> tables = catalog.listTables(caller, call, new ToolArguments("list_tables", Map.of(), Map.of()),
                ProgressListener.NONE).structured();
        Map<String, Map<String, Object>> bySchema = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) tables.get("tables");
        Map<String, Object> schemaList = catalog.listSchemas(caller, call, new ToolArguments("list_schemas", Map.of(), Map.of()),
                ProgressListener.NONE).structured();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> schemaRows = (List<Map<String, Object>>) schemaList.get("schemas");
        for (Map<String, Object> schema : schemaRows) {
            String key = schema.get("catalog") + "." + schema.get("schema");
            Map<String, Object> entry = new LinkedHashMap<>(schema);
            entry.put("tables", new java.util.ArrayList<Map<String, Object>>());
            bySchema.put(key, entry);
        }
        for (Map<String, Object> table : rows) {
            String key = table.get("catalog") + "." + table.get("schema");
            Map<String, Object> schema = bySchema.computeIfAbsent(key, k -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("catalog", table.get("catalog"));
                entry.put("schema", table.get("schema"));
                entry.put("tables", new java.util.ArrayList<Map<String, Object>>());
                return entry;
            });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) schema.get("tables");
            list.add(Map.of("name", table.get("name"), "type", table.get("type"),
                    "uri", tableUri((String) table.get("catalog"), (String) table.get("schema"), (String) table.get("name"))));
        }
        return Map.of("schemas", List.copyOf(bySchema.values()));
    }

    private Object table(Caller caller, ToolCall call, String uri) {
        if (!uri.startsWith(TABLE_PREFIX)) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "not a table resource: " + uri);
        }
        String[] parts = uri.substring(TABLE_PREFIX.length()).split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "a table resource is " + TABLE_TEMPLATE + ", not " + uri);
        }
        TableReference reference = new TableReference(decode(parts[0]), decode(parts[1]), decode(parts[2]));
        return catalog.describe(caller, call, new ToolArguments("resources/read", Map.of(), Map.of()), reference, 0,
                ProgressListener.NONE);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        Thread thread = refresher;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
