package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import io.switchboard.core.session.FrontendProtocol;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: protocolBased}: a group per frontend ({@code postgresWire: analytics},
 * {@code mcp: agents}). QueryFlux's keys for frontends Switchboard does not have
 * ({@code clickhouseHttp}, {@code snowflakeHttp}, {@code snowflakeSqlApi}) are accepted and
 * checked, and never match.
 */
final class ProtocolBasedRouter implements Router {
    private static final List<String> FOREIGN_FRONTENDS = List.of("clickhouseHttp", "snowflakeHttp", "snowflakeSqlApi");

    private final String name;
    private final Map<FrontendProtocol, RouteAnswer> answers;

    private ProtocolBasedRouter(String name, Map<FrontendProtocol, RouteAnswer> answers) {
        this.name = name;
        this.answers = answers;
    }

    static ProtocolBasedRouter parse(String name, ConfigNode node, KnownGroups groups) {
        Map<FrontendProtocol, RouteAnswer> answers = new EnumMap<>(FrontendProtocol.class);
        int configured = 0;
        for (FrontendProtocol protocol : FrontendProtocol.values()) {
            if (protocol == FrontendProtocol.INTERNAL || !node.has(protocol.configName())) {
                continue;
            }
            String group = groups.require(node, protocol.configName());
            answers.put(protocol, RouteAnswer.to(group, 1.0, "frontend " + protocol.configName()));
            configured++;
        }
        for (String foreign : FOREIGN_FRONTENDS) {
            if (node.has(foreign)) {
                groups.require(node, foreign);
                configured++;
            }
        }
        node.rejectUnknownKeys();
        if (configured == 0) {
            throw node.error("a protocolBased router needs at least one frontend: postgresWire, mysqlWire, trinoHttp, flightSql, mcp");
        }
        return new ProtocolBasedRouter(name, answers);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        RouteAnswer answer = answers.get(context.session().frontend());
        return answer != null ? answer : RouteAnswer.pass("no group for frontend " + context.session().frontend().configName());
    }
}
