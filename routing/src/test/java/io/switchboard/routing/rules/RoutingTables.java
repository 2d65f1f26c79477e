package io.switchboard.routing.rules;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds router chains from YAML and queries as frontends would hand them to the pipeline. */
public final class RoutingTables {
    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    private RoutingTables() {}

    public static SwitchboardConfig config(String yaml) {
        return ConfigLoader.load(yaml, List.of(), name -> null);
    }

    public static RuleRouters routers(String yaml) {
        return RuleRouters.create(config(yaml), new SimpleMeterRegistry());
    }

    /** A query as a frontend hands it over; chain the {@code with...} methods to add what the case needs. */
    public static Query query(String sql) {
        return new Query(sql, "alice", FrontendProtocol.POSTGRES_WIRE, Set.of(), Map.of(), Set.of(), Map.of(), false);
    }

    public record Query(String sql, String user, FrontendProtocol frontend, Set<String> groups, Map<String, String> properties,
            Set<String> clientTags, Map<String, String> hints, boolean authenticated) {

        public Query from(FrontendProtocol value) {
            return new Query(sql, user, value, groups, properties, clientTags, hints, authenticated);
        }

        public Query as(String value, String... userGroups) {
            return new Query(sql, value, frontend, Set.of(userGroups), properties, clientTags, hints, true);
        }

        public Query property(String name, String value) {
            Map<String, String> copy = new HashMap<>(properties);
            copy.put(name, value);
            return new Query(sql, user, frontend, groups, copy, clientTags, hints, authenticated);
        }

        public Query clientTags(String... tags) {
            return new Query(sql, user, frontend, groups, properties, Set.of(tags), hints, authenticated);
        }

        public Query engineHint(String hint) {
            return new Query(sql, user, frontend, groups, properties, clientTags, Map.of(QueryRequest.HINT_ENGINE, hint), authenticated);
        }

        public QueryContext context() {
            Session session = Session.builder(user, frontend)
                    .authenticated(authenticated)
                    .groups(groups)
                    .properties(properties)
                    .clientTags(clientTags)
                    .database("tpch")
                    .build();
            Dialect dialect = frontend == FrontendProtocol.MYSQL_WIRE ? Dialect.MYSQL : Dialect.POSTGRES;
            QueryRequest request = new QueryRequest(QueryId.next(), sql, dialect, session, AgentContext.NONE, Instant.now(), hints);
            return QueryContext.of(request, ANALYZER.analyze(sql, dialect));
        }
    }
}
