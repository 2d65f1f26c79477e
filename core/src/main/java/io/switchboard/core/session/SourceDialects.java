package io.switchboard.core.session;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.sql.Dialect;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for which dialect a query's SQL is written in, shared by every frontend:
 * <ol>
 * <li>the session's own choice — a session setting ({@code SET switchboard.dialect = 'trino'} on
 * PostgreSQL wire) or a per-call argument (MCP's {@code dialect}), carried to the pipeline as the
 * session property {@value #SESSION_PROPERTY};</li>
 * <li>else the dialect configured for the user ({@code auth.staticUsers.users.<name>.dialect});</li>
 * <li>else the frontend's default (PostgreSQL wire: {@code postgres}; MCP: its {@code sourceDialect}).</li>
 * </ol>
 * Names are sqlglot's ({@code trino}, {@code postgres}, ...) plus {@code ansi} for the dialect of
 * Derby and other ANSI-leaning engines behind Flight SQL. Immutable and thread-safe.
 */
public final class SourceDialects {
    /** The session property holding the session's own dialect choice. */
    public static final String SESSION_PROPERTY = "switchboard.dialect";
    /** How {@link Dialect#ANSI} is named here: its sqlglot name is empty. */
    public static final String ANSI_NAME = "ansi";

    private final Dialect frontendDefault;
    private final Map<String, Dialect> userDialects;

    /**
     * @param frontendDefault the dialect of the frontend's clients when neither the session nor the user says
     * @param auth the user directory, whose users may name a dialect
     */
    public SourceDialects(Dialect frontendDefault, AuthConfig auth) {
        this.frontendDefault = requireNonNull(frontendDefault, "frontendDefault is null");
        Map<String, Dialect> dialects = new HashMap<>();
        for (AuthConfig.StaticUser user : requireNonNull(auth, "auth is null").users().values()) {
            if (user.dialect() != null) {
                dialects.put(user.name(), user.dialect());
            }
        }
        this.userDialects = Map.copyOf(dialects);
    }

    public Dialect frontendDefault() {
        return frontendDefault;
    }

    /** The dialect of a user who did not choose one in the session: the configured one, else the frontend's. */
    public Dialect defaultFor(String user) {
        return userDialects.getOrDefault(requireNonNull(user, "user is null"), frontendDefault);
    }

    /**
     * The dialect of a query in this session. A session property naming no known dialect is an
     * {@code INVALID_ARGUMENT} error that lists the known ones (frontends validate when the
     * client sets it, so this is a second line of defence).
     */
    public Dialect resolve(Session session) {
        requireNonNull(session, "session is null");
        Optional<String> chosen = session.property(SESSION_PROPERTY).filter(value -> !value.isBlank());
        return chosen.isPresent() ? parse(chosen.get()) : defaultFor(session.user());
    }

    /** A dialect by name, case-insensitive; unknown names are an {@code INVALID_ARGUMENT} error naming the known ones. */
    public static Dialect parse(String name) {
        return find(requireNonNull(name, "name is null")).orElseThrow(() -> new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                "unknown SQL dialect '" + name.strip() + "'; known dialects are " + String.join(", ", knownNames()), "22023", null));
    }

    /** A dialect by name, or empty when the name is not one of {@link #knownNames()}. */
    public static Optional<Dialect> find(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(Dialect.values()).filter(dialect -> nameOf(dialect).equals(wanted)).findFirst();
    }

    /** The name a client uses for a dialect (sqlglot's, and {@value #ANSI_NAME} for ANSI). */
    public static String nameOf(Dialect dialect) {
        return dialect == Dialect.ANSI ? ANSI_NAME : dialect.sqlglotName();
    }

    /** Every accepted name, in the enum's order. */
    public static List<String> knownNames() {
        return Arrays.stream(Dialect.values()).map(SourceDialects::nameOf).toList();
    }
}
