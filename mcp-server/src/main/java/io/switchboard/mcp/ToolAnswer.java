package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A tool's answer: structured content matching the tool's output schema, and a short text for
 * clients (and models) that read only text.
 */
record ToolAnswer(Map<String, Object> structured, String text) {
    ToolAnswer {
        requireNonNull(structured, "structured is null");
        requireNonNull(text, "text is null");
    }
}
