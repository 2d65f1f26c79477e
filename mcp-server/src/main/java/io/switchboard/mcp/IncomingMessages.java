package io.switchboard.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Looks at each client message before the SDK does, for the two things the SDK (2.1.0) does not
 * offer: {@code notifications/cancelled} (the SDK ignores it; we cancel the engine statement)
 * and the JSON-RPC id of a request, which tool handlers need to match a later cancellation and
 * which the SDK does not hand them. The id is copied into the request's {@code _meta} under
 * {@link #REQUEST_ID_META}; anything a client put there under that key is overwritten.
 *
 * <p>Text that is not valid JSON is answered here with a JSON-RPC parse error (-32700).
 */
final class IncomingMessages {
    static final String REQUEST_ID_META = "io.switchboard/request-id";
    static final String CANCELLED = "notifications/cancelled";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The JSON-RPC answer to text that is not JSON at all. */
    static final String PARSE_ERROR = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error: the message is not valid JSON\"}}";

    /**
     * A message after inspection: the text to pass on, or null when it was consumed here; or,
     * for a request the SDK would mishandle, the JSON-RPC error to answer with instead.
     */
    record Inspected(String text, boolean consumed, String errorResponse) {
        Inspected(String text, boolean consumed) {
            this(text, consumed, null);
        }
    }

    private IncomingMessages() {}

    /**
     * Inspects one message (or a JSON-RPC batch). Cancellations go to {@code onCancel} with the
     * request id as text and are consumed; requests that can run queries get their id in _meta.
     */
    static Inspected inspect(String text, Consumer<String> onCancel) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new Inspected(null, false, PARSE_ERROR);
        }
        if (root instanceof ArrayNode batch) {
            ArrayNode kept = JSON.createArrayNode();
            boolean changed = false;
            for (JsonNode element : batch) {
                if (handle(element, onCancel)) {
                    changed = true;
                } else {
                    kept.add(element);
                    changed |= element instanceof ObjectNode object && object.has("params") && isTagged(object);
                }
            }
            if (kept.isEmpty()) {
                return new Inspected(null, true);
            }
            return changed ? new Inspected(kept.toString(), false) : new Inspected(text, false);
        }
        if (root instanceof ObjectNode message) {
            String method = message.path("method").asText("");
            if (message.has("id") && (method.equals("tools/call") || method.equals("resources/read"))
                    && !(message.get("params") instanceof ObjectNode)) {
                // The SDK answers such a request with an empty body; the client deserves an error.
                ObjectNode error = JSON.createObjectNode().put("jsonrpc", "2.0");
                error.set("id", message.get("id"));
                error.putObject("error").put("code", -32602).put("message", method + " needs a params object");
                return new Inspected(null, false, error.toString());
            }
            if (handle(message, onCancel)) {
                return new Inspected(null, true);
            }
            return isTagged(message) ? new Inspected(message.toString(), false) : new Inspected(text, false);
        }
        return new Inspected(text, false);
    }

    /** Returns true when the message was a cancellation (consumed); otherwise tags it when it is a tool call or read. */
    private static boolean handle(JsonNode node, Consumer<String> onCancel) {
        if (!(node instanceof ObjectNode message)) {
            return false;
        }
        String method = message.path("method").asText("");
        if (CANCELLED.equals(method) && !message.has("id")) {
            JsonNode requestId = message.path("params").path("requestId");
            if (requestId.isTextual() || requestId.isNumber()) {
                onCancel.accept(requestId.asText());
            }
            return true;
        }
        if (message.has("id") && (method.equals("tools/call") || method.equals("resources/read"))
                && message.path("params") instanceof ObjectNode params) {
            JsonNode meta = params.path("_meta");
            ObjectNode metaObject = meta instanceof ObjectNode object ? object : params.putObject("_meta");
            metaObject.put(REQUEST_ID_META, message.get("id").asText());
        }
        return false;
    }

    private static boolean isTagged(ObjectNode message) {
        return message.path("params").path("_meta").has(REQUEST_ID_META);
    }

    /** The JSON-RPC id IncomingMessages put into a request's _meta, or null. */
    static String requestId(Map<String, Object> meta) {
        Object id = meta == null ? null : meta.get(REQUEST_ID_META);
        return id == null ? null : id.toString();
    }
}
