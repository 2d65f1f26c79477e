package io.switchboard.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool definitions of {@code tools.json}: names, descriptions, annotations and schemas,
 * kept as data so a reviewer reads exactly what a model reads. Shared definitions
 * ({@code "$ref": "#/$defs/..."}) are inlined, because several clients do not resolve references.
 */
final class ToolCatalog {
    private static final String RESOURCE = "tools.json";

    private ToolCatalog() {}

    static List<McpSchema.Tool> load() {
        Map<String, Object> document;
        try (InputStream in = ToolCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> read = new ObjectMapper().readValue(in, Map.class);
            document = read;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> definitions = (Map<String, Object>) document.get("$defs");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tools = (List<Map<String, Object>>) document.get("tools");
        List<McpSchema.Tool> result = new ArrayList<>();
        for (Map<String, Object> tool : tools) {
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) tool.get("annotations");
            result.add(McpSchema.Tool.builder()
                    .name((String) tool.get("name"))
                    .title((String) tool.get("title"))
                    .description((String) tool.get("description"))
                    .inputSchema(inline(tool.get("inputSchema"), definitions))
                    .outputSchema(acceptingErrors(inline(tool.get("outputSchema"), definitions)))
                    .annotations(new McpSchema.ToolAnnotations((String) tool.get("title"),
                            (Boolean) annotations.get("readOnlyHint"), (Boolean) annotations.get("destructiveHint"),
                            (Boolean) annotations.get("idempotentHint"), (Boolean) annotations.get("openWorldHint"), null))
                    .build());
        }
        return List.copyOf(result);
    }

    /**
     * A failed call answers with {@code {"error": {...}}} as its structured content, and clients
     * validate structured content against the output schema even for errors (the TypeScript SDK
     * does). So each schema accepts either its own required fields or an error object.
     */
    static Map<String, Object> acceptingErrors(Map<String, Object> schema) {
        Map<String, Object> result = new LinkedHashMap<>(schema);
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        properties.put("error", ERROR_SCHEMA);
        result.put("properties", properties);
        List<Object> alternatives = new java.util.ArrayList<>();
        Object required = result.remove("required");
        if (required != null) {
            alternatives.add(Map.of("required", required));
        }
        Object given = result.remove("anyOf");
        if (given instanceof List<?> list) {
            // A tool with several answer shapes (execute_query: rows, or a hold pending approval) lists them itself.
            alternatives.addAll(list);
        }
        alternatives.add(Map.of("required", List.of("error")));
        result.put("anyOf", List.copyOf(alternatives));
        return result;
    }

    private static final Map<String, Object> ERROR_SCHEMA = Map.of(
            "type", "object",
            "description", "Present instead of the result when the call failed (isError is true).",
            "properties", Map.of(
                    "code", Map.of("type", "string", "description",
                            "Machine-readable: SYNTAX_ERROR, TABLE_NOT_FOUND, COLUMN_NOT_FOUND, QUERY_DENIED, QUERY_TIMEOUT, "
                                    + "QUERY_CANCELED, QUERY_NOT_FOUND, RESULT_EXPIRED, INVALID_ARGUMENT, ..."),
                    "category", Map.of("type", "string", "description",
                            "USER_ERROR (fix the request), ENGINE_ERROR, INSUFFICIENT_RESOURCES (retry later) or INTERNAL_ERROR"),
                    "message", Map.of("type", "string"),
                    "retryable", Map.of("type", "boolean", "description", "True when the same call may succeed later unchanged.")),
            "required", List.of("code", "category", "message", "retryable"));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inline(Object schema, Map<String, Object> definitions) {
        return (Map<String, Object>) resolve(schema, definitions);
    }

    private static Object resolve(Object node, Map<String, Object> definitions) {
        if (node instanceof Map<?, ?> map) {
            Object reference = map.get("$ref");
            if (reference instanceof String text && text.startsWith("#/$defs/")) {
                Object target = definitions.get(text.substring("#/$defs/".length()));
                if (target == null) {
                    throw new IllegalStateException(RESOURCE + " refers to an unknown definition " + text);
                }
                return resolve(target, definitions);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put((String) entry.getKey(), resolve(entry.getValue(), definitions));
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object element : list) {
                copy.add(resolve(element, definitions));
            }
            return copy;
        }
        return node;
    }
}
