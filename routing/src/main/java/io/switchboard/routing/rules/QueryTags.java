package io.switchboard.routing.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.session.Session;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A query's tags, as QueryFlux normalizes them: a key with an optional value. They come from the
 * client's tags (Trino client tags: keys without values) and the {@code query_tags} (or
 * {@code query_tag}) session setting or PostgreSQL startup parameter, written {@code team:eng,batch} or as a JSON object {@code {"team": "eng", "batch": null}}.
 * Invalid entries are dropped as QueryFlux drops them: keys are {@code [A-Za-z0-9_-]}, keys and
 * values at most 128 characters, at most 20 tags.
 */
final class QueryTags {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VALID_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int MAX_TAGS = 20;
    private static final int MAX_VALUE_LENGTH = 128;

    private QueryTags() {}

    /** The session's tags: key to value, the value null for a key-only tag. Client tags first, then query_tags. */
    static Map<String, String> of(Session session) {
        String plural = SessionFacts.property(session, SessionFacts.QUERY_TAGS_PROPERTIES.get(0));
        String singular = SessionFacts.property(session, SessionFacts.QUERY_TAGS_PROPERTIES.get(1));
        if (session.clientTags().isEmpty() && plural == null && singular == null) {
            return Map.of();
        }
        Map<String, String> tags = new HashMap<>();
        for (String tag : session.clientTags()) {
            add(tags, tag.strip(), null);
        }
        for (String raw : new String[] {singular, plural}) {
            if (raw != null) {
                parse(raw.strip(), tags);
            }
        }
        return Collections.unmodifiableMap(tags);
    }

    static void parse(String raw, Map<String, String> into) {
        if (raw.isEmpty()) {
            return;
        }
        if (raw.startsWith("{")) {
            try {
                JsonNode object = JSON.readTree(raw);
                if (object != null && object.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = fields.next();
                        JsonNode value = field.getValue();
                        add(into, field.getKey(), value.isNull() ? null : value.isTextual() ? value.asText() : value.toString());
                    }
                    return;
                }
            } catch (Exception e) {
                // Not JSON after all: read it as key:value pairs, as QueryFlux does.
            }
        }
        for (String part : raw.split(",")) {
            String entry = part.strip();
            int colon = entry.indexOf(':');
            if (colon < 0) {
                add(into, entry, null);
            } else {
                add(into, entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
            }
        }
    }

    private static void add(Map<String, String> tags, String key, String value) {
        if (tags.size() >= MAX_TAGS || !VALID_KEY.matcher(key).matches() || (value != null && value.length() > MAX_VALUE_LENGTH)) {
            return;
        }
        tags.put(key, value);
    }
}
