package io.switchboard.core.session;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One statement a frontend hands to the pipeline. A client message with several statements
 * becomes several requests, in order.
 *
 * @param hints per-query options from the client that the pipeline understands, such as
 *     {@link #HINT_ENGINE} or {@link #HINT_MAX_ROWS}; unknown hints are ignored
 * @param parameterized the same statement with its parameters apart, when the client sent it
 *     that way (PostgreSQL's extended protocol); {@code null} otherwise
 */
public record QueryRequest(
        QueryId queryId,
        String sql,
        Dialect sourceDialect,
        Session session,
        AgentContext agentContext,
        Instant receivedAt,
        Map<String, String> hints,
        ParameterizedSql parameterized) {

    /** The group or cluster the client would like; routers may honour it. */
    public static final String HINT_ENGINE = "engine";
    /** The most rows the client wants back. */
    public static final String HINT_MAX_ROWS = "maxRows";

    public QueryRequest {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(sourceDialect, "sourceDialect is null");
        requireNonNull(session, "session is null");
        agentContext = agentContext == null ? AgentContext.NONE : agentContext;
        requireNonNull(receivedAt, "receivedAt is null");
        hints = Map.copyOf(requireNonNull(hints, "hints is null"));
    }

    public QueryRequest(QueryId queryId, String sql, Dialect sourceDialect, Session session, AgentContext agentContext,
            Instant receivedAt, Map<String, String> hints) {
        this(queryId, sql, sourceDialect, session, agentContext, receivedAt, hints, null);
    }

    public static QueryRequest of(String sql, Dialect dialect, Session session) {
        return new QueryRequest(QueryId.next(), sql, dialect, session, AgentContext.NONE, Instant.now(), Map.of());
    }

    public Optional<String> hint(String name) {
        return Optional.ofNullable(hints.get(name));
    }

    /** The request with other SQL; the parameterized form no longer matches it and is dropped. */
    public QueryRequest withSql(String newSql) {
        return new QueryRequest(queryId, newSql, sourceDialect, session, agentContext, receivedAt, hints, null);
    }
}
