package io.switchboard.routing.rules;

import io.switchboard.core.session.Session;
import java.util.List;
import java.util.Map;

/** Reads what rule routers match on from a {@link Session}, the same way for every router. */
final class SessionFacts {
    /** The session properties that carry query tags ({@code SET query_tags = 'team:eng'}), QueryFlux's two spellings. */
    static final List<String> QUERY_TAGS_PROPERTIES = List.of("query_tags", "query_tag");

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
