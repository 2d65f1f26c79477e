package io.switchboard.wire.postgres;

import io.netty.buffer.ByteBuf;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The start of a connection on its virtual thread: a CancelRequest (served and closed), or a
 * StartupMessage followed by authentication and the announcement of the session's settings.
 * TLS and GSSAPI encryption requests were already answered on the event loop.
 */
final class StartupExchange {
    /** Startup parameters that are not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("user", "database", "options", "replication");

    /** Who connected, as authentication established it. */
    record Outcome(String user, String database, boolean authenticated, Set<String> groups,
            Map<String, String> startupParameters, SessionSettings settings) {}

    private final PostgresConnection connection;
    private final PostgresWireContext context;

    StartupExchange(PostgresConnection connection) {
        this.connection = connection;
        this.context = connection.context();
    }

    /** Returns the outcome, or null when the connection must end (after its answer was sent). */
    Outcome run() {
        FrontendMessage message = connection.receive();
        return switch (message) {
            case FrontendMessage.ChannelClosed closed -> null;
            case FrontendMessage.ProtocolViolation violation -> {
                context.metrics().rejected(violation.rejectionReason());
                connection.fatal(PostgresError.fatal(violation.sqlState(), violation.message()));
                yield null;
            }
            case FrontendMessage.CancelRequest cancel -> {
                // The answer to a cancel request is the closed connection, whether or not it matched.
                context.registry().cancel(cancel.processId(), cancel.secret());
                yield null;
            }
            case FrontendMessage.Startup startup -> startup(startup);
            default -> {
                context.metrics().rejected("unexpected_message");
                connection.fatal(PostgresError.fatal("08P01", "expected a startup message, got message type '" + message.type() + "'"));
                yield null;
            }
        };
    }

    private Outcome startup(FrontendMessage.Startup startup) {
        connection.startupPacketReceived();
        if (startup.majorVersion() != 3) {
            context.metrics().rejected("unsupported_protocol");
            connection.fatal(PostgresError.fatal("0A000", "unsupported frontend protocol " + startup.majorVersion() + "."
                    + startup.minorVersion() + ": server supports 3.0 to 3.0"));
            return null;
        }
        Map<String, String> parameters = startup.parameters();
        List<String> unsupportedOptions = new ArrayList<>();
        for (String name : parameters.keySet()) {
            if (name.startsWith("_pq_.")) {
                unsupportedOptions.add(name);
            }
        }
        if (startup.minorVersion() > 0 || !unsupportedOptions.isEmpty()) {
            connection.output().write(out -> BackendMessages.negotiateProtocolVersion(out, 0, unsupportedOptions));
        }
        String user = parameters.get("user");
        if (user == null || user.isEmpty()) {
            connection.fatal(PostgresError.fatal("28000", "no PostgreSQL user name specified in startup packet"));
            return null;
        }
        String replication = parameters.getOrDefault("replication", "false").toLowerCase(Locale.ROOT);
        if (!Set.of("false", "off", "no", "0").contains(replication)) {
            connection.fatal(PostgresError.fatal("0A000", "replication connections are not supported by Switchboard"));
            return null;
        }
        if (!connection.withinConnectionLimit()) {
            context.metrics().rejected("too_many_connections");
            connection.fatal(PostgresError.fatal("53300", "sorry, too many clients already (frontends.postgresWire.maxConnections)"));
            return null;
        }
        PasswordAuthenticator.Result result;
        try {
            result = context.authenticator().authenticate(user, new Exchange());
        } catch (SwitchboardException e) {
            connection.fatal(SqlStates.toError(e).asFatal());
            return null;
        }
        if (!result.succeeded()) {
            context.metrics().rejected("authentication_failed");
            connection.fatal(PostgresError.fatal(result.sqlState(), result.failure()));
            return null;
        }
        SessionSettings settings = new SessionSettings(context.options().serverVersion(), user, context.dialects().defaultFor(user));
        Map<String, String> startupParameters = new LinkedHashMap<>(parameters);
        try {
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                if (!NOT_SETTINGS.contains(parameter.getKey()) && !parameter.getKey().startsWith("_pq_.")) {
                    settings.applyStartupParameter(parameter.getKey(), parameter.getValue());
                }
            }
            for (Map.Entry<String, String> option : commandLineOptions(parameters.getOrDefault("options", "")).entrySet()) {
                settings.applyStartupParameter(option.getKey(), option.getValue());
                startupParameters.put(option.getKey(), option.getValue());
            }
        } catch (SwitchboardException e) {
            connection.fatal(SqlStates.toError(e).asFatal());
            return null;
        }
        if (!connection.startupSucceeded()) {
            return null; // the startup timeout closed the connection first
        }
        connection.registerForCancel();
        String database = parameters.getOrDefault("database", user);
        ByteBuf out = connection.output().buffer();
        BackendMessages.authenticationOk(out);
        for (Map.Entry<String, String> status : settings.startupReport().entrySet()) {
            BackendMessages.parameterStatus(out, status.getKey(), status.getValue());
        }
        BackendMessages.backendKeyData(out, connection.processId(), connection.secretKey());
        BackendMessages.readyForQuery(out, BackendMessages.STATUS_IDLE);
        connection.output().flush();
        boolean authenticated = context.authenticator().method() != AuthMethod.TRUST;
        return new Outcome(user, database.isEmpty() ? user : database, authenticated, result.groups(), startupParameters, settings);
    }

    /**
     * The {@code options} startup parameter holds command-line switches: {@code -c name=value}
     * or {@code --name=value}, separated by spaces, a backslash escaping a space.
     */
    static Map<String, String> commandLineOptions(String options) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '\\' && i + 1 < options.length()) {
                word.append(options.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String current = words.get(i);
            String assignment = null;
            if (current.equals("-c") && i + 1 < words.size()) {
                assignment = words.get(++i);
            } else if (current.startsWith("-c")) {
                assignment = current.substring(2);
            } else if (current.startsWith("--")) {
                assignment = current.substring(2);
            }
            int equals = assignment == null ? -1 : assignment.indexOf('=');
            if (equals <= 0) {
                throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                        "invalid command-line argument in the options startup parameter: " + current, "42601", null);
            }
            settings.put(assignment.substring(0, equals).replace('-', '_'), assignment.substring(equals + 1));
        }
        return settings;
    }

    /** The authentication conversation over this connection. */
    private final class Exchange implements PasswordAuthenticator.Exchange {
        @Override
        public void send(Consumer<ByteBuf> message) {
            connection.output().write(message);
            connection.output().flush();
        }

        @Override
        public byte[] receiveResponse() {
            FrontendMessage message = connection.receive();
            return switch (message) {
                case FrontendMessage.AuthenticationResponse response -> response.body();
                case FrontendMessage.ChannelClosed closed -> throw new SwitchboardException(ErrorCode.PROTOCOL_VIOLATION,
                        "the client closed the connection during authentication");
                case FrontendMessage.ProtocolViolation violation -> {
                    context.metrics().rejected(violation.rejectionReason());
                    throw new SwitchboardException(ErrorCode.PROTOCOL_VIOLATION, violation.message(), violation.sqlState(), null);
                }
                default -> {
                    context.metrics().rejected("unexpected_message");
                    throw new SwitchboardException(ErrorCode.PROTOCOL_VIOLATION,
                            "expected a password response, got message type '" + message.type() + "' before authentication completed");
                }
            };
        }
    }
}
