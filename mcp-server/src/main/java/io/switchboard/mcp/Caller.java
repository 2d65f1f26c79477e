package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Who made one MCP call: the MCP session, the user behind its token (or the anonymous user on
 * loopback) and the JSON-RPC id of the request, which {@code notifications/cancelled} names.
 * Queries belong to the session and user that started them; nobody else may see or cancel them.
 *
 * @param requestId the JSON-RPC id as text, or null when it is not known
 * @param clientName the client's name from {@code initialize}, or null
 */
record Caller(String sessionId, String user, boolean authenticated, Set<String> groups, String clientAddress,
        String requestId, String clientName) {

    Caller {
        requireNonNull(sessionId, "sessionId is null");
        requireNonNull(user, "user is null");
        groups = Set.copyOf(requireNonNull(groups, "groups is null"));
        clientAddress = clientAddress == null ? "" : clientAddress;
    }

    boolean owns(QueryOwner owner) {
        return owner.sessionId().equals(sessionId) && owner.user().equals(user);
    }

    QueryOwner asOwner() {
        return new QueryOwner(sessionId, user);
    }

    /** The owner of a query: the session that started it and its user. */
    record QueryOwner(String sessionId, String user) {
        QueryOwner {
            requireNonNull(sessionId, "sessionId is null");
            requireNonNull(user, "user is null");
        }
    }
}
