package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.sql.Dialect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client authentication, in QueryFlux's shape: {@code provider: none} trusts the name a client
 * presents (any user, as QueryFlux does); {@code provider: static} checks passwords of the users
 * listed under {@code staticUsers.users}. A user may also name the SQL dialect it writes
 * ({@code dialect: trino}), used where its session does not choose one.
 *
 * @param required whether a client must authenticate; with {@code static} it is implied
 */
public record AuthConfig(Provider provider, boolean required, Map<String, StaticUser> users) {
    public enum Provider {
        NONE,
        STATIC
    }

    /**
     * A user of the static directory. The password may come from the environment ({@code ${VAR}}).
     *
     * @param dialect the SQL dialect this user writes when the session does not choose one
     *     ({@code dialect:}), or null for the frontend's default; see {@link SourceDialects}
     */
    public record StaticUser(String name, String password, Set<String> groups, Dialect dialect) {
        public StaticUser {
            requireNonNull(name, "name is null");
            requireNonNull(password, "password is null");
            groups = Set.copyOf(requireNonNull(groups, "groups is null"));
        }

        public StaticUser(String name, String password, Set<String> groups) {
            this(name, password, groups, null);
        }

        @Override
        public String toString() {
            return "StaticUser[name=" + name + ", password=***, groups=" + groups
                    + (dialect == null ? "" : ", dialect=" + SourceDialects.nameOf(dialect)) + "]";
        }
    }

    public static final AuthConfig NONE = new AuthConfig(Provider.NONE, false, Map.of());

    public AuthConfig {
        requireNonNull(provider, "provider is null");
        users = Map.copyOf(requireNonNull(users, "users is null"));
    }

    static AuthConfig parse(ConfigNode node) {
        Provider provider = node.enumValue("provider", Map.of("none", Provider.NONE, "static", Provider.STATIC), Provider.NONE);
        boolean required = node.bool("required", provider == Provider.STATIC);
        Map<String, StaticUser> users = new LinkedHashMap<>();
        ConfigNode staticUsers = node.child("staticUsers");
        ConfigNode usersNode = staticUsers.child("users");
        for (Map.Entry<String, ConfigNode> entry : usersNode.children().entrySet()) {
            ConfigNode user = entry.getValue();
            List<String> groups = user.stringList("groups");
            Dialect dialect = null;
            if (user.has("dialect")) {
                String name = user.string("dialect");
                dialect = SourceDialects.find(name).orElseThrow(() -> user.valueError("dialect", "unknown SQL dialect '" + name
                        + "'; known dialects are " + String.join(", ", SourceDialects.knownNames())));
            }
            users.put(entry.getKey(), new StaticUser(entry.getKey(), user.string("password"), Set.copyOf(groups), dialect));
            user.stringList("roles");
            user.rejectUnknownKeys();
        }
        staticUsers.rejectUnknownKeys();
        if (provider == Provider.STATIC && users.isEmpty()) {
            throw node.error("provider is 'static' but auth.staticUsers.users lists no user");
        }
        if (required && provider == Provider.NONE) {
            throw node.valueError("required", "auth.required is true but auth.provider is 'none'; set provider to 'static'");
        }
        node.rejectUnknownKeys();
        return new AuthConfig(provider, required, users);
    }
}
