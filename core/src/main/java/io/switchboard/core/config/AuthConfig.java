package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Client authentication, in QueryFlux's shape: {@code provider: none} trusts the name a client
 * presents (any user, as QueryFlux does); {@code provider: static} checks passwords of the users
 * listed under {@code staticUsers.users}.
 *
 * @param required whether a client must authenticate; with {@code static} it is implied
 */
public record AuthConfig(Provider provider, boolean required, Map<String, StaticUser> users) {
    public enum Provider {
        NONE,
        STATIC
    }

    /** A user of the static directory. The password may come from the environment ({@code ${VAR}}). */
    public record StaticUser(String name, String password, Set<String> groups) {
        public StaticUser {
            requireNonNull(name, "name is null");
            requireNonNull(password, "password is null");
            groups = Set.copyOf(requireNonNull(groups, "groups is null"));
        }

        @Override
        public String toString() {
            return "StaticUser[name=" + name + ", password=***, groups=" + groups + "]";
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
            users.put(entry.getKey(), new StaticUser(entry.getKey(), user.string("password"), Set.copyOf(groups)));
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
