package io.switchboard.routing.rules;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.session.Session;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.proxy.ProxyArray;

/**
 * What a routing script's {@code route(query, ctx)} receives, taken from the query on its own
 * thread so that the script thread only runs Python. {@code ctx} holds QueryFlux's keys
 * ({@code protocol}, {@code user}, {@code database}, {@code extra} with the session's properties,
 * {@code auth} when the user was authenticated) and Switchboard's ({@code groups}, {@code tags},
 * {@code hints}, {@code statementKind}, {@code tables}).
 */
record ScriptCall(
        String query,
        String protocol,
        String user,
        String database,
        boolean authenticated,
        List<String> groups,
        Map<String, String> properties,
        Map<String, String> tags,
        Map<String, String> hints,
        String statementKind,
        List<String> tables) {

    static final ScriptCall WARM_UP = new ScriptCall("SELECT 1", "postgresWire", "warm-up", null, true, List.of("g"),
            Map.of("application_name", "warm-up"), Map.of("team", "x"), Map.of(), "SELECT", List.of("t"));

    static ScriptCall of(QueryContext context) {
        Session session = context.session();
        List<String> tables = new ArrayList<>(context.analysis().tables().size());
        for (TableReference table : context.analysis().tables()) {
            tables.add(table.qualifiedName());
        }
        return new ScriptCall(context.sql(), session.frontend().configName(), session.user(), session.database(),
                session.authenticated(), List.copyOf(session.groups()), session.properties(), QueryTags.of(session),
                context.request().hints(), context.analysis().kind().name(), tables);
    }

    /** The arguments of the helper's {@code call}: the script's route function, then the query's facts. */
    Object[] toArguments(Object route) {
        return new Object[] {
            route, query, protocol, user, database, authenticated, strings(groups),
            strings(properties.keySet()), strings(properties.values()),
            strings(tags.keySet()), strings(tags.values()),
            strings(hints.keySet()), strings(hints.values()),
            statementKind, strings(tables)
        };
    }

    private static ProxyArray strings(Collection<String> values) {
        // Values may be null (a key-only tag): Python sees them as None.
        return ProxyArray.fromList(new ArrayList<Object>(values));
    }
}
