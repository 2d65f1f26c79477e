package io.switchboard.routing.rules;

import io.switchboard.core.session.Session;
import java.util.Map;

/** Reads what rule routers match on from a {@link Session}, the same way for every router. */
final class SessionFacts {
    /** The session property that carries query tags ({@code SET query_tags = 'team:eng'}, as in QueryFlux). */
    static final String QUERY_TAGS_PROPERTY = "query_tags";

    private SessionFacts() {}

    /**
     * A property by name, ignoring case: HTTP header names are case-insensitive and PostgreSQL
     * lowercases setting names, so {@code X-Team}, {@code x-team} and {@code X-TEAM} are one name.
     */
    static String property(Session session, String name) {
        Map<String, String> properties = session.properties();
        String exact = properties.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
