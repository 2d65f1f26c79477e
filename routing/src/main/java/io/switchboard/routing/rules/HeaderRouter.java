package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code type: header}: a group per value of one session property ({@code headerName},
 * {@code headerValueToGroup}). The property is whatever the frontend put into the session: HTTP
 * headers, PostgreSQL startup parameters and {@code SET} values, MCP metadata
 * ({@code mcp.clientName}). The name matches ignoring case; the value must be equal.
 */
final class HeaderRouter implements Router {
    private final String name;
    private final String headerName;
    private final Map<String, RouteAnswer> answers;
    private final RouteAnswer absent;
    private final RouteAnswer unmapped;

    private HeaderRouter(String name, String headerName, Map<String, RouteAnswer> answers) {
        this.name = name;
        this.headerName = headerName;
        this.answers = answers;
        this.absent = RouteAnswer.pass("no " + headerName);
        this.unmapped = RouteAnswer.pass(headerName + " has no group for its value");
    }

    static HeaderRouter parse(String name, ConfigNode node, KnownGroups groups) {
        String headerName = node.string("headerName");
        ConfigNode mapping = node.child("headerValueToGroup");
        node.rejectUnknownKeys();
        if (mapping.keys().isEmpty()) {
            throw node.error("a header router needs 'headerValueToGroup', a group for each value");
        }
        Map<String, RouteAnswer> answers = new HashMap<>();
        for (String value : mapping.keys()) {
            String group = groups.require(mapping, value);
            answers.put(value, RouteAnswer.to(group, 1.0, headerName + " = " + value));
        }
        mapping.rejectUnknownKeys();
        return new HeaderRouter(name, headerName, answers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        String value = SessionFacts.property(context.session(), headerName);
        if (value == null) {
            return absent;
        }
        RouteAnswer answer = answers.get(value);
        return answer != null ? answer : unmapped;
    }
}
