package io.switchboard.mcp;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.sql.Dialect;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one tool call, read with messages a model can act on: a wrong or missing
 * argument is an {@code INVALID_ARGUMENT} tool error that names the argument and what it expects.
 */
final class ToolArguments {
    /** Where a client may put agent context for any tool: {@code _meta["io.switchboard/agent"]}. */
    static final String AGENT_META_KEY = "io.switchboard/agent";

    private final String tool;
    private final Map<String, Object> values;
    private final Map<String, Object> meta;

    ToolArguments(String tool, Map<String, Object> values, Map<String, Object> meta) {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
        this.meta = meta == null ? Map.of() : meta;
    }

    /** Rejects arguments the tool does not take, so that a misspelled name is not silently ignored. */
    void allowOnly(Set<String> names) {
        for (String name : values.keySet()) {
            if (!names.contains(name)) {
                throw invalid("unknown argument '" + name + "'; " + tool + " takes " + new java.util.TreeSet<>(names));
            }
        }
    }

    String requiredString(String name) {
        return optionalString(name).filter(s -> !s.isBlank())
                .orElseThrow(() -> invalid("argument '" + name + "' is required and must be a non-empty string"));
    }

    Optional<String> optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw invalid("argument '" + name + "' must be a string");
        }
        return Optional.of(text);
    }

    Optional<Integer> optionalInteger(String name, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        long number;
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            number = n.longValue();
        } else if (value instanceof String text && text.strip().matches("-?\\d{1,18}")) {
            number = Long.parseLong(text.strip());
        } else {
            throw invalid("argument '" + name + "' must be an integer");
        }
        if (number < min || number > max) {
            throw invalid("argument '" + name + "' must be between " + min + " and " + max + " but is " + number);
        }
        return Optional.of((int) number);
    }

    /** The {@code dialect} argument, or null when absent; an unknown name is an error that lists the known ones. */
    Dialect dialect() {
        Optional<String> name = optionalString("dialect").filter(s -> !s.isBlank());
        if (name.isEmpty()) {
            return null;
        }
        return SourceDialects.find(name.get()).orElseThrow(() -> invalid("argument 'dialect': unknown SQL dialect '"
                + name.get().strip() + "'; known dialects are " + String.join(", ", SourceDialects.knownNames())));
    }

    /**
     * The agent context: arguments of the tool win over {@code _meta["io.switchboard/agent"]};
     * the client's name from {@code initialize} stands in for a missing agent id.
     */
    AgentContext agentContext(String clientName, boolean fromArguments) {
        Map<?, ?> fromMeta = meta.get(AGENT_META_KEY) instanceof Map<?, ?> map ? map : Map.of();
        String agentId = pick(fromArguments, "agent_id", fromMeta, "agentId");
        String conversationId = pick(fromArguments, "conversation_id", fromMeta, "conversationId");
        String toolCallId = pick(fromArguments, "tool_call_id", fromMeta, "toolCallId");
        String intent = pick(fromArguments, "intent", fromMeta, "intent");
        Integer step = fromArguments ? optionalInteger("step_index", 0, Integer.MAX_VALUE).orElse(null) : null;
        if (step == null && fromMeta.get("stepIndex") instanceof Number n) {
            step = n.intValue() >= 0 ? n.intValue() : null;
        }
        if (agentId == null) {
            agentId = clientName;
        }
        return new AgentContext(agentId, conversationId, step, toolCallId, intent);
    }

    private String pick(boolean fromArguments, String argument, Map<?, ?> fromMeta, String metaKey) {
        if (fromArguments) {
            Optional<String> value = optionalString(argument).filter(s -> !s.isBlank());
            if (value.isPresent()) {
                return value.get();
            }
        }
        return fromMeta.get(metaKey) instanceof String text && !text.isBlank() ? text : null;
    }

    SwitchboardException invalid(String message) {
        return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, tool + ": " + message);
    }
}
