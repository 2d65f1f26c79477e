package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the tools share: options, the query runner, the registry of callers' queries, kept results and the feedback store. */
record ToolEnvironment(McpOptions options, QueryRunner runner, QueryRegistry registry, ResultCache results, FeedbackStore feedback) {
    static final String SESSION_PROPERTY = "mcp.sessionId";
    static final String CLIENT_PROPERTY = "mcp.clientName";
    static final String REQUEST_PROPERTY = "mcp.requestId";

    ToolEnvironment {
        requireNonNull(options, "options is null");
        requireNonNull(runner, "runner is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(results, "results is null");
        requireNonNull(feedback, "feedback is null");
    }

    /** The pipeline request for one statement of a caller, with its agent context and hints. */
    QueryRequest request(Caller caller, String sql, AgentContext agent, String engineHint, Integer maxRows) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(SESSION_PROPERTY, caller.sessionId());
        if (caller.clientName() != null) {
            properties.put(CLIENT_PROPERTY, caller.clientName());
        }
        if (caller.requestId() != null) {
            properties.put(REQUEST_PROPERTY, caller.requestId());
        }
        Session session = Session.builder(caller.user(), FrontendProtocol.MCP)
                .authenticated(caller.authenticated())
                .groups(caller.groups())
                .clientAddress(caller.clientAddress())
                .properties(properties)
                .build();
        Map<String, String> hints = new LinkedHashMap<>();
        if (engineHint != null && !engineHint.isBlank()) {
            hints.put(QueryRequest.HINT_ENGINE, engineHint.strip());
        }
        if (maxRows != null) {
            hints.put(QueryRequest.HINT_MAX_ROWS, Integer.toString(maxRows));
        }
        return new QueryRequest(QueryId.next(), sql, options.sourceDialect(), session, agent, Instant.now(), hints);
    }
}
