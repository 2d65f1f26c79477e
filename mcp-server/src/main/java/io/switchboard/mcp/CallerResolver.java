package io.switchboard.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;

/**
 * Finds out who is calling: over HTTP from what {@link McpHttpFilter} verified (in the transport
 * context), over stdio the process that spawned us. The JSON-RPC id comes from the request's
 * {@code _meta}, where {@link IncomingMessages} put it.
 */
interface CallerResolver {
    String USER = "switchboard.user";
    String AUTHENTICATED = "switchboard.authenticated";
    String GROUPS = "switchboard.groups";
    String CLIENT_ADDRESS = "switchboard.clientAddress";

    Caller resolve(McpSyncServerExchange exchange, Map<String, Object> meta);

    /** Over HTTP: the user the filter authenticated, per MCP session. */
    static CallerResolver http(String anonymousUser) {
        return (exchange, meta) -> {
            McpTransportContext context = exchange.transportContext();
            Object user = context == null ? null : context.get(USER);
            Object groups = context == null ? null : context.get(GROUPS);
            Object address = context == null ? null : context.get(CLIENT_ADDRESS);
            @SuppressWarnings("unchecked")
            Set<String> groupSet = groups instanceof Set<?> set ? (Set<String>) set : Set.of();
            return new Caller(exchange.sessionId(), user instanceof String name ? name : anonymousUser,
                    context != null && Boolean.TRUE.equals(context.get(AUTHENTICATED)), groupSet,
                    address instanceof String text ? text : "", IncomingMessages.requestId(meta), clientName(exchange));
        };
    }

    /** Over stdio: one session, owned by the process that spawned the server. */
    static CallerResolver stdio(String sessionId, String user) {
        return (exchange, meta) -> new Caller(sessionId, user, false, Set.of(), "stdio", IncomingMessages.requestId(meta),
                clientName(exchange));
    }

    private static String clientName(McpSyncServerExchange exchange) {
        McpSchema.Implementation info = exchange.getClientInfo();
        return info == null ? null : info.name();
    }
}
