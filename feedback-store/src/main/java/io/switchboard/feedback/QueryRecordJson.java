package io.switchboard.feedback;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.feedback.StageTimings;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.RoutingTrace;
import io.switchboard.core.pipeline.VerdictAction;
import java.io.IOException;
import java.io.StringWriter;
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
        return write(json -> {
            json.writeStartArray();
            for (GuardVerdict verdict : verdicts) {
                json.writeStartObject();
                json.writeStringField("guard", verdict.guard());
                json.writeStringField("action", verdict.action().name());
                json.writeStringField("message", verdict.message());
                if (verdict.code() != null) {
                    json.writeStringField("code", verdict.code().name());
                }
                if (verdict.rewrittenSql() != null) {
                    json.writeStringField("rewrittenSql", verdict.rewrittenSql());
                }
                json.writeObjectFieldStart("details");
                for (Map.Entry<String, String> detail : verdict.details().entrySet()) {
                    json.writeStringField(detail.getKey(), detail.getValue());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        });
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
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("group", trace.group());
            json.writeStringField("decidedBy", trace.decidedBy());
            if (trace.cluster() != null) {
                json.writeStringField("cluster", trace.cluster());
            }
            json.writeStringField("placement", trace.placement());
            json.writeArrayFieldStart("steps");
            for (RoutingTrace.Step step : trace.steps()) {
                json.writeStartObject();
                json.writeStringField("router", step.router());
                json.writeStringField("action", step.answer().action().name());
                if (step.answer().group() != null) {
                    json.writeStringField("group", step.answer().group());
                }
                json.writeNumberField("confidence", step.answer().confidence());
                json.writeStringField("reason", step.answer().reason());
                json.writeNumberField("micros", step.micros());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
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
        return write(json -> {
            json.writeStartObject();
            for (Map.Entry<String, Long> stage : timings.micros().entrySet()) {
                json.writeNumberField(stage.getKey(), stage.getValue());
            }
            json.writeEndObject();
        });
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

    /** What one column's JSON writer does; written straight to text, with no tree in between. */
    private interface JsonWriting {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(JsonWriting writing) {
        StringWriter text = new StringWriter(128);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(text)) {
            writing.write(json);
        } catch (IOException e) {
            // Strings and numbers into a StringWriter always serialize; reaching this is a bug.
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot write feedback JSON: " + e.getMessage(), e);
        }
        return text.toString();
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
