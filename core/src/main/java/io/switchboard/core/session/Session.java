package io.switchboard.core.session;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking and through which door, as the frontend learned it. A snapshot: a frontend keeps
 * its own mutable connection state and hands the pipeline a fresh {@code Session} per query.
 *
 * @param user the user name the client presented (after authentication when it was required)
 * @param authenticated whether {@code user} was verified by a password or token
 * @param groups the user's groups from the user directory, for routing and policies
 * @param frontend the door
 * @param clientAddress the client's address as the frontend saw it, for the record
 * @param database the database or catalog the client asked for, or null
 * @param properties startup parameters, HTTP headers or session settings, by name
 * @param clientTags tags the client attached (Trino client tags, {@code query_tags})
 */
public record Session(
        String user,
        boolean authenticated,
        Set<String> groups,
        FrontendProtocol frontend,
        String clientAddress,
        String database,
        Map<String, String> properties,
        Set<String> clientTags) {

    public Session {
        requireNonNull(user, "user is null");
        groups = Set.copyOf(requireNonNull(groups, "groups is null"));
        requireNonNull(frontend, "frontend is null");
        clientAddress = clientAddress == null ? "" : clientAddress;
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        clientTags = Set.copyOf(requireNonNull(clientTags, "clientTags is null"));
    }

    public Optional<String> databaseName() {
        return Optional.ofNullable(database);
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    public static Builder builder(String user, FrontendProtocol frontend) {
        return new Builder(user, frontend);
    }

    public Builder toBuilder() {
        return new Builder(user, frontend)
                .authenticated(authenticated)
                .groups(groups)
                .clientAddress(clientAddress)
                .database(database)
                .properties(properties)
                .clientTags(clientTags);
    }

    /** Frontends build sessions field by field as a handshake progresses. */
    public static final class Builder {
        private String user;
        private final FrontendProtocol frontend;
        private boolean authenticated;
        private Set<String> groups = Set.of();
        private String clientAddress = "";
        private String database;
        private Map<String, String> properties = Map.of();
        private Set<String> clientTags = Set.of();

        private Builder(String user, FrontendProtocol frontend) {
            this.user = user;
            this.frontend = frontend;
        }

        public Builder user(String value) {
            this.user = value;
            return this;
        }

        public Builder authenticated(boolean value) {
            this.authenticated = value;
            return this;
        }

        public Builder groups(Set<String> value) {
            this.groups = value;
            return this;
        }

        public Builder clientAddress(String value) {
            this.clientAddress = value;
            return this;
        }

        public Builder database(String value) {
            this.database = value;
            return this;
        }

        public Builder properties(Map<String, String> value) {
            this.properties = value;
            return this;
        }

        public Builder clientTags(Set<String> value) {
            this.clientTags = value;
            return this;
        }

        public Session build() {
            return new Session(user, authenticated, groups, frontend, clientAddress, database, properties, clientTags);
        }
    }
}
