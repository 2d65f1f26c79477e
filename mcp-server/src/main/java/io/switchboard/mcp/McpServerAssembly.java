package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.switchboard.core.error.ErrorCategory;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.mcp.QueryRegistry.ToolCall;
import io.switchboard.mcp.QueryRunner.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Switchboard's tools and resources on an SDK server, whatever the transport: each tool
 * call is resolved to its {@link Caller}, registered for cancellation, answered with structured
 * content and text, and every failure becomes a tool result with {@code isError} and a
 * machine-readable code so that the model can correct itself.
 */
final class McpServerAssembly implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpServerAssembly.class);
    static final String SERVER_NAME = "switchboard";
    static final String SERVER_VERSION = "0.1.0";
    private static final JsonSchemaValidator TRUSTED_OUTPUT = (schema, content) -> JsonSchemaValidator.ValidationResponse.asValid(null);

    /** One tool's work, given who calls, the call handle, its arguments and where progress goes. */
    @FunctionalInterface
    interface ToolHandler {
        ToolAnswer handle(Caller caller, ToolCall call, ToolArguments arguments, ProgressListener progress);
    }

    private final McpSyncServer server;
    private final CatalogResources resources;

    private McpServerAssembly(McpSyncServer server, CatalogResources resources) {
        this.server = server;
        this.resources = resources;
    }

    static McpServerAssembly build(McpServer.SyncSpecification<?> specification, ToolEnvironment environment,
            CallerResolver callers, MeterRegistry registry) {
        requireNonNull(specification, "specification is null");
        QueryTools queryTools = new QueryTools(environment);
        CatalogTools catalogTools = new CatalogTools(environment);
        Map<String, ToolHandler> handlers = new LinkedHashMap<>();
        handlers.put("execute_query", queryTools::executeQuery);
        handlers.put("fetch_rows", (caller, call, arguments, progress) -> queryTools.fetchRows(caller, arguments));
        handlers.put("list_engines", (caller, call, arguments, progress) -> catalogTools.listEngines(arguments));
        handlers.put("list_schemas", catalogTools::listSchemas);
        handlers.put("list_tables", catalogTools::listTables);
        handlers.put("describe_table", catalogTools::describeTable);
        handlers.put("explain_query", (caller, call, arguments, progress) -> queryTools.explainQuery(caller, arguments));
        handlers.put("get_query_status", queryTools::queryStatus);
        handlers.put("cancel_query", (caller, call, arguments, progress) -> queryTools.cancelQuery(caller, arguments));

        List<SyncToolSpecification> tools = new ArrayList<>();
        for (McpSchema.Tool tool : ToolCatalog.load()) {
            ToolHandler handler = handlers.get(tool.name());
            if (handler == null) {
                throw new IllegalStateException("tools.json defines " + tool.name() + " but no handler exists");
            }
            tools.add(new SyncToolSpecification(tool, (exchange, request) ->
                    call(tool.name(), handler, exchange, request, environment, callers, registry)));
        }
        CatalogResources resources = new CatalogResources(environment, catalogTools, callers);
        McpSyncServer server = specification
                .serverInfo(SERVER_NAME, SERVER_VERSION)
                .jsonMapper(McpJson.mapper())
                // Arguments are checked by the tools themselves, so that a wrong one is a tool error with INVALID_ARGUMENT.
                .validateToolInputs(false)
                // Our answers are built against tools.json and checked against it by the tests (with the
                // SDK's validator and by both SDK clients); validating every answer again here cost
                // about 3 ms per call on a 2-core machine, more than a SELECT 1 on DuckDB.
                .jsonSchemaValidator(TRUSTED_OUTPUT)
                .instructions(instructions(environment.options()))
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, true).logging().build())
                .tools(tools)
                .resources(resources.schemaResource())
                .resourceTemplates(resources.tableTemplate())
                .build();
        resources.attach(server);
        return new McpServerAssembly(server, resources);
    }

    McpSyncServer server() {
        return server;
    }

    CatalogResources resources() {
        return resources;
    }

    private static CallToolResult call(String tool, ToolHandler handler, McpSyncServerExchange exchange,
            McpSchema.CallToolRequest request, ToolEnvironment environment, CallerResolver callers, MeterRegistry registry) {
        Caller caller = callers.resolve(exchange, request.meta());
        ToolCall call = environment.registry().beginCall(caller.asOwner(), caller.requestId());
        String outcome = "ok";
        try {
            ToolAnswer answer = handler.handle(caller, call, new ToolArguments(tool, request.arguments(), request.meta()),
                    progress(exchange, request.progressToken()));
            return CallToolResult.builder().structuredContent(answer.structured()).addTextContent(answer.text()).isError(false).build();
        } catch (SwitchboardException e) {
            outcome = e.code().name();
            return failure(e.code().name(), e.code().category(), e.getMessage());
        } catch (ToolFailure e) {
            outcome = e.code();
            return failure(e.code(), ErrorCategory.USER_ERROR, e.getMessage());
        } catch (RuntimeException e) {
            outcome = ErrorCode.INTERNAL.name();
            log.error("MCP tool {} failed inside Switchboard", tool, e);
            return failure(ErrorCode.INTERNAL.name(), ErrorCategory.INTERNAL_ERROR,
                    "Switchboard failed while running " + tool + ": " + e.getMessage());
        } finally {
            environment.registry().endCall(call);
            Counter.builder("switchboard.mcp.tool.calls")
                    .description("MCP tool calls by tool and outcome (ok or the error code)")
                    .tag("tool", tool)
                    .tag("outcome", outcome)
                    .register(registry)
                    .increment();
        }
    }

    /** A tool error the model can act on: isError, the code in structured content, the message as text. */
    static CallToolResult failure(String code, ErrorCategory category, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("category", category.name());
        error.put("message", message);
        error.put("retryable", category == ErrorCategory.ENGINE_ERROR || category == ErrorCategory.INSUFFICIENT_RESOURCES);
        return CallToolResult.builder()
                .structuredContent(Map.of("error", error))
                .addTextContent("Error " + code + ": " + message)
                .isError(true)
                .build();
    }

    private static ProgressListener progress(McpSyncServerExchange exchange, Object token) {
        if (token == null) {
            return ProgressListener.NONE;
        }
        return (seconds, rows, message) -> {
            try {
                exchange.progressNotification(new McpSchema.ProgressNotification(token, Math.round(seconds * 10) / 10.0, null, message));
            } catch (RuntimeException e) {
                // A client that went away cannot be told; the query goes on until it ends or is canceled.
                log.debug("Could not send a progress notification", e);
            }
        };
    }

    static String instructions(McpOptions options) {
        return String.format(Locale.ROOT, """
                Switchboard runs SQL for you on the engines behind it (see list_engines), with guardrails and routing.
                Write SQL in the %s dialect, one statement per call, without a trailing semicolon; for SQL in another dialect pass
                dialect (one of %s) to execute_query or explain_query, and Switchboard translates it for the engine.
                To explore: list_schemas, then list_tables, then describe_table (columns, types, a row estimate, sample rows).
                execute_query returns at most %d rows per call (max_rows up to %d); page further with fetch_rows.
                Errors come back as tool results with isError and error.code; fix the SQL and try again.
                explain_query shows the route and the engine plan without running the query.""",
                SourceDialects.nameOf(options.sourceDialect()), String.join(", ", SourceDialects.knownNames()),
                options.defaultMaxRows(), options.maxRows());
    }

    @Override
    public void close() {
        resources.close();
        server.close();
    }
}
