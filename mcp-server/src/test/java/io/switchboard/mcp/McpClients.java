package io.switchboard.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/** Java SDK clients for the tests, over streamable HTTP. */
final class McpClients {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private McpClients() {}

    static HttpClientStreamableHttpTransport transport(String baseUrl, Map<String, String> headers) {
        return HttpClientStreamableHttpTransport.builder(baseUrl)
                .endpoint(McpFrontend.ENDPOINT)
                .httpRequestCustomizer((builder, method, uri, body, context) -> headers.forEach(builder::header))
                .build();
    }

    static McpSyncClient connect(String baseUrl) {
        return connect(transport(baseUrl, Map.of()), progress -> { });
    }

    static McpSyncClient connect(McpClientTransport transport, Consumer<McpSchema.ProgressNotification> progress) {
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("switchboard-tests", "1.0"))
                .requestTimeout(TIMEOUT)
                .initializationTimeout(TIMEOUT)
                .progressConsumer(progress)
                .build();
        client.initialize();
        return client;
    }

    /** Calls a tool and checks its structured content against the tool's output schema with the SDK's validator. */
    static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        Map<String, Object> schema = OUTPUT_SCHEMAS.computeIfAbsent(tool, name -> client.listTools().tools().stream()
                .filter(t -> t.name().equals(name)).findFirst().orElseThrow().outputSchema());
        JsonSchemaValidator.ValidationResponse validation = VALIDATOR.validate(schema, result.structuredContent());
        if (!validation.valid()) {
            throw new AssertionError(tool + " answered with structured content that does not match its output schema: "
                    + validation.errorMessage() + "\n" + result.structuredContent());
        }
        return result;
    }

    private static final Map<String, Map<String, Object>> OUTPUT_SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator();

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    @SuppressWarnings("unchecked")
    static String errorCode(McpSchema.CallToolResult result) {
        Map<String, Object> error = (Map<String, Object>) structured(result).get("error");
        return error == null ? null : (String) error.get("code");
    }

    static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}
