package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.sql.Dialect;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the tools share: options, the query runner, the registry of callers' queries, kept results,
 * the feedback store, and the rule for the dialect of a caller's SQL.
 */
record ToolEnvironment(McpOptions options, QueryRunner runner, QueryRegistry registry, ResultCache results, FeedbackStore feedback,
        SourceDialects dialects) {
    static final String SESSION_PROPERTY = "mcp.sessionId";
    static final String CLIENT_PROPERTY = "mcp.clientName";
    static final String REQUEST_PROPERTY = "mcp.requestId";

    ToolEnvironment {
        requireNonNull(options, "options is null");
        requireNonNull(runner, "runner is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(results, "results is null");
        requireNonNull(feedback, "feedback is null");
        requireNonNull(dialects, "dialects is null");
    }

    /**
     * The pipeline request for one statement of a caller, with its agent context and hints.
     *
     * @param dialect the call's {@code dialect} argument, already validated, or null: then the
     *     user's configured dialect or the frontend's {@code sourceDialect}
     */
    QueryRequest request(Caller caller, String sql, AgentContext agent, String engineHint, Integer maxRows, Dialect dialect) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (dialect != null) {
            properties.put(SourceDialects.SESSION_PROPERTY, SourceDialects.nameOf(dialect));
        }
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
        return new QueryRequest(QueryId.next(), sql, dialects.resolve(session), session, agent, Instant.now(), hints);
    }
}
