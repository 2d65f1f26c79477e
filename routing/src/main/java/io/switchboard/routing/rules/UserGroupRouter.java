package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: userGroup}: a group per user ({@code userToGroup}, QueryFlux's key) and, as
 * Switchboard's addition, per user group from the user directory ({@code groupToGroup}). The
 * user's own entry wins; otherwise the first entry of {@code groupToGroup}, in file order, whose
 * group the user belongs to.
 */
final class UserGroupRouter implements Router {
    private static final RouteAnswer NO_MATCH = RouteAnswer.pass("no rule for this user or their groups");

    private final String name;
    private final Map<String, RouteAnswer> byUser;
    private final Map<String, RouteAnswer> byUserGroup;

    private UserGroupRouter(String name, Map<String, RouteAnswer> byUser, Map<String, RouteAnswer> byUserGroup) {
        this.name = name;
        this.byUser = byUser;
        this.byUserGroup = byUserGroup;
    }

    static UserGroupRouter parse(String name, ConfigNode node, KnownGroups groups) {
        ConfigNode users = node.child("userToGroup");
        ConfigNode userGroups = node.child("groupToGroup");
        node.rejectUnknownKeys();
        Map<String, RouteAnswer> byUser = new HashMap<>();
        for (String user : users.keys()) {
            byUser.put(user, RouteAnswer.to(groups.require(users, user), 1.0, "user " + user));
        }
        users.rejectUnknownKeys();
        Map<String, RouteAnswer> byUserGroup = new LinkedHashMap<>();
        for (String userGroup : userGroups.keys()) {
            byUserGroup.put(userGroup, RouteAnswer.to(groups.require(userGroups, userGroup), 1.0, "member of " + userGroup));
        }
        userGroups.rejectUnknownKeys();
        if (byUser.isEmpty() && byUserGroup.isEmpty()) {
            throw node.error("a userGroup router needs 'userToGroup' or 'groupToGroup'");
        }
        return new UserGroupRouter(name, byUser, byUserGroup);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        RouteAnswer answer = byUser.get(context.session().user());
        if (answer != null) {
            return answer;
        }
        Set<String> memberOf = context.session().groups();
        if (!memberOf.isEmpty()) {
            for (Map.Entry<String, RouteAnswer> entry : byUserGroup.entrySet()) {
                if (memberOf.contains(entry.getKey())) {
                    return entry.getValue();
                }
            }
        }
        return NO_MATCH;
    }
}
