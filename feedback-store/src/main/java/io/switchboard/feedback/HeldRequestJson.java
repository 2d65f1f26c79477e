package io.switchboard.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a held request: everything needed to run it again after a restart (SQL,
 * dialect, the session with its settings, agent context, hints). Field names are written out so
 * that renaming a Java component never changes what stored holds mean.
 */
final class HeldRequestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HeldRequestJson() {}

    static String write(QueryRequest request) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("queryId", request.queryId().value());
        node.put("sql", request.sql());
        node.put("dialect", request.sourceDialect().name());
        node.put("receivedAt", request.receivedAt().toString());
        Session session = request.session();
        ObjectNode sessionNode = node.putObject("session");
        sessionNode.put("user", session.user());
        sessionNode.put("authenticated", session.authenticated());
        session.groups().stream().sorted().forEach(sessionNode.putArray("groups")::add);
        sessionNode.put("frontend", session.frontend().configName());
        sessionNode.put("clientAddress", session.clientAddress());
        if (session.database() != null) {
            sessionNode.put("database", session.database());
        }
        ObjectNode properties = sessionNode.putObject("properties");
        session.properties().forEach(properties::put);
        session.clientTags().stream().sorted().forEach(sessionNode.putArray("clientTags")::add);
        AgentContext agent = request.agentContext();
        ObjectNode agentNode = node.putObject("agent");
        putNullable(agentNode, "agentId", agent.agentId());
        putNullable(agentNode, "conversationId", agent.conversationId());
        if (agent.stepIndex() != null) {
            agentNode.put("stepIndex", agent.stepIndex());
        }
        putNullable(agentNode, "toolCallId", agent.toolCallId());
        putNullable(agentNode, "intent", agent.intent());
        ObjectNode hints = node.putObject("hints");
        request.hints().forEach(hints::put);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot write a held request: " + e.getMessage(), e);
        }
    }

    static QueryRequest read(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "a stored held request is not JSON: " + e.getMessage(), e);
        }
        JsonNode sessionNode = node.path("session");
        String frontendName = sessionNode.path("frontend").asText();
        FrontendProtocol frontend = FrontendProtocol.fromConfigName(frontendName).orElseThrow(() ->
                new SwitchboardException(ErrorCode.INTERNAL, "stored frontend '" + frontendName + "' is unknown"));
        Session session = Session.builder(sessionNode.path("user").asText(), frontend)
                .authenticated(sessionNode.path("authenticated").asBoolean())
                .groups(texts(sessionNode.path("groups")))
                .clientAddress(sessionNode.path("clientAddress").asText(""))
                .database(sessionNode.hasNonNull("database") ? sessionNode.get("database").asText() : null)
                .properties(map(sessionNode.path("properties")))
                .clientTags(texts(sessionNode.path("clientTags")))
                .build();
        JsonNode agentNode = node.path("agent");
        AgentContext agent = new AgentContext(text(agentNode, "agentId"), text(agentNode, "conversationId"),
                agentNode.hasNonNull("stepIndex") ? agentNode.get("stepIndex").asInt() : null, text(agentNode, "toolCallId"),
                text(agentNode, "intent"));
        return new QueryRequest(new QueryId(node.path("queryId").asText()), node.path("sql").asText(),
                Dialect.valueOf(node.path("dialect").asText()), session, agent, Instant.parse(node.path("receivedAt").asText()),
                map(node.path("hints")));
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new HashSet<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        return values;
    }
}
