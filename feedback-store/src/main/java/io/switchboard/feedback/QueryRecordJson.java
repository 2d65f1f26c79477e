package io.switchboard.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.StageTimings;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.pipeline.VerdictAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a record's nested values (verdicts, routing trace, stage timings) as the
 * store keeps them. The field names are written out here rather than derived from core's record
 * components, so that renaming a Java component never changes what older rows mean.
 */
final class QueryRecordJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private QueryRecordJson() {}

    static String verdicts(List<GuardVerdict> verdicts) {
        ArrayNode array = MAPPER.createArrayNode();
        for (GuardVerdict verdict : verdicts) {
            ObjectNode node = array.addObject();
            node.put("guard", verdict.guard());
            node.put("action", verdict.action().name());
            node.put("message", verdict.message());
            if (verdict.code() != null) {
                node.put("code", verdict.code().name());
            }
            if (verdict.rewrittenSql() != null) {
                node.put("rewrittenSql", verdict.rewrittenSql());
            }
            ObjectNode details = node.putObject("details");
            verdict.details().forEach(details::put);
        }
        return write(array);
    }

    static List<GuardVerdict> verdicts(String json) {
        List<GuardVerdict> verdicts = new ArrayList<>();
        for (JsonNode node : read(json, "verdicts")) {
            Map<String, String> details = new LinkedHashMap<>();
            node.path("details").properties().forEach(entry -> details.put(entry.getKey(), entry.getValue().asText()));
            verdicts.add(new GuardVerdict(
                    node.path("guard").asText(),
                    VerdictAction.valueOf(node.path("action").asText()),
                    node.path("message").asText(""),
                    optionalText(node, "code") == null ? null : ErrorCode.valueOf(node.get("code").asText()),
                    optionalText(node, "rewrittenSql"),
                    details));
        }
        return verdicts;
    }

    /** The trace as JSON, or null when the query never reached routing. */
    static String trace(RoutingTrace trace) {
        if (trace == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("group", trace.group());
        node.put("decidedBy", trace.decidedBy());
        if (trace.cluster() != null) {
            node.put("cluster", trace.cluster());
        }
        node.put("placement", trace.placement());
        ArrayNode steps = node.putArray("steps");
        for (RoutingTrace.Step step : trace.steps()) {
            ObjectNode stepNode = steps.addObject();
            stepNode.put("router", step.router());
            stepNode.put("action", step.answer().action().name());
            if (step.answer().group() != null) {
                stepNode.put("group", step.answer().group());
            }
            stepNode.put("confidence", step.answer().confidence());
            stepNode.put("reason", step.answer().reason());
            stepNode.put("micros", step.micros());
        }
        return write(node);
    }

    static RoutingTrace trace(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node = read(json, "routing_trace");
        List<RoutingTrace.Step> steps = new ArrayList<>();
        for (JsonNode step : node.path("steps")) {
            RouteAnswer answer = new RouteAnswer(
                    RouteAnswer.Action.valueOf(step.path("action").asText()),
                    optionalText(step, "group"),
                    step.path("confidence").asDouble(),
                    step.path("reason").asText(""));
            steps.add(new RoutingTrace.Step(step.path("router").asText(), answer, step.path("micros").asLong()));
        }
        return new RoutingTrace(
                steps,
                node.path("group").asText(),
                node.path("decidedBy").asText(),
                optionalText(node, "cluster"),
                node.path("placement").asText(""));
    }

    static String timings(StageTimings timings) {
        ObjectNode node = MAPPER.createObjectNode();
        timings.micros().forEach(node::put);
        return write(node);
    }

    static StageTimings timings(String json) {
        Map<String, Long> micros = new LinkedHashMap<>();
        read(json, "stage_timings").properties().forEach(entry -> micros.put(entry.getKey(), entry.getValue().asLong()));
        return new StageTimings(micros);
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serializes; reaching this is a bug.
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot write feedback JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode read(String json, String column) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL,
                    "stored " + column + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
