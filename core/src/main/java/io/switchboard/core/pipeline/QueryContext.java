package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.QueryAnalysis;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A query as it walks the pipeline: the request, its analysis, and the attributes stages have
 * attached. Immutable: a rewrite or a new attribute gives a new context.
 */
public record QueryContext(QueryRequest request, QueryAnalysis analysis, Map<AttributeKey<?>, Object> attributes) {

    public QueryContext {
        requireNonNull(request, "request is null");
        requireNonNull(analysis, "analysis is null");
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
    }

    public static QueryContext of(QueryRequest request, QueryAnalysis analysis) {
        return new QueryContext(request, analysis, Map.of());
    }

    public Session session() {
        return request.session();
    }

    public String sql() {
        return request.sql();
    }

    public <T> Optional<T> attribute(AttributeKey<T> key) {
        return Optional.ofNullable(attributes.get(key)).map(key::cast);
    }

    public <T> QueryContext withAttribute(AttributeKey<T> key, T value) {
        Map<AttributeKey<?>, Object> copy = new HashMap<>(attributes);
        copy.put(key, requireNonNull(value, "value is null"));
        return new QueryContext(request, analysis, copy);
    }

    /** The context with every attribute of {@code added} set (replacing those with the same key). */
    QueryContext withAttributes(Map<AttributeKey<?>, Object> added) {
        if (added.isEmpty()) {
            return this;
        }
        Map<AttributeKey<?>, Object> copy = new HashMap<>(attributes);
        copy.putAll(added);
        return new QueryContext(request, analysis, copy);
    }

    /** The context after a guard rewrote the SQL: new text, new analysis, attributes kept. */
    public QueryContext rewritten(String sql, QueryAnalysis newAnalysis) {
        return new QueryContext(request.withSql(sql), newAnalysis, attributes);
    }
}
