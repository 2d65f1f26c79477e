package io.switchboard.wire.postgres;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A message from a PostgreSQL client, decoded on the event loop by {@link PostgresMessageDecoder}
 * and handled in order by the connection's own virtual thread.
 */
sealed interface FrontendMessage {

    /** The byte on the wire, for messages that have one; startup packets have none. */
    default char type() {
        return '\0';
    }

    /** An approximate size in memory, for the inbound queue's bound. */
    default int sizeEstimate() {
        return 16;
    }

    // ---- startup packets (no type byte) ----

    /** The StartupMessage: protocol version and parameters in the order the client sent them. */
    record Startup(int majorVersion, int minorVersion, Map<String, String> parameters) implements FrontendMessage {
        public Startup {
            requireNonNull(parameters, "parameters is null");
        }
    }

    record SslRequest() implements FrontendMessage {}

    record GssEncryptionRequest() implements FrontendMessage {}

    record CancelRequest(int processId, byte[] secret) implements FrontendMessage {}

    // ---- typed messages ----

    /**
     * A PasswordMessage, SASLInitialResponse or SASLResponse: all use type {@code p} and only the
     * authentication state tells which, so the body stays raw until then.
     */
    record AuthenticationResponse(byte[] body) implements FrontendMessage {
        @Override
        public char type() {
            return 'p';
        }

        @Override
        public int sizeEstimate() {
            return body.length;
        }
    }

    record Query(String sql) implements FrontendMessage {
        @Override
        public char type() {
            return 'Q';
        }

        @Override
        public int sizeEstimate() {
            return sql.length() * 2;
        }
    }

    /** @param parameterTypes the OIDs the client declared; 0 means "infer it" */
    record Parse(String statementName, String sql, int[] parameterTypes) implements FrontendMessage {
        @Override
        public char type() {
            return 'P';
        }

        @Override
        public int sizeEstimate() {
            return sql.length() * 2 + parameterTypes.length * 4;
        }
    }

    /**
     * @param parameterFormats zero (all text), one (for all) or one per parameter: 0 text, 1 binary
     * @param parameterValues raw bytes per parameter, null for SQL NULL
     * @param resultFormats zero (all text), one (for all) or one per result column
     */
    record Bind(String portalName, String statementName, short[] parameterFormats, byte[][] parameterValues,
            short[] resultFormats, int size) implements FrontendMessage {
        @Override
        public char type() {
            return 'B';
        }

        @Override
        public int sizeEstimate() {
            return size;
        }
    }

    /** @param kind {@code S} for a prepared statement, {@code P} for a portal */
    record Describe(char kind, String name) implements FrontendMessage {
        @Override
        public char type() {
            return 'D';
        }
    }

    /** @param maxRows the most rows to return; 0 for all */
    record Execute(String portalName, int maxRows) implements FrontendMessage {
        @Override
        public char type() {
            return 'E';
        }
    }

    /** @param kind {@code S} for a prepared statement, {@code P} for a portal */
    record Close(char kind, String name) implements FrontendMessage {
        @Override
        public char type() {
            return 'C';
        }
    }

    record Sync() implements FrontendMessage {
        @Override
        public char type() {
            return 'S';
        }
    }

    record Flush() implements FrontendMessage {
        @Override
        public char type() {
            return 'H';
        }
    }

    record Terminate() implements FrontendMessage {
        @Override
        public char type() {
            return 'X';
        }
    }

    /** CopyData, CopyDone or CopyFail: Switchboard never enters copy mode, so these are ignored. */
    record CopyMessage(char type) implements FrontendMessage {}

    /** The FunctionCall sub-protocol, which Switchboard does not offer. */
    record FunctionCall() implements FrontendMessage {
        @Override
        public char type() {
            return 'F';
        }
    }

    // ---- not from the client: what the decoder and the channel observed ----

    /**
     * Input that breaks the protocol (malformed, truncated, unknown type, too large). The
     * connection answers with a FATAL error and closes.
     */
    record ProtocolViolation(String sqlState, String message, String rejectionReason) implements FrontendMessage {
        public ProtocolViolation {
            requireNonNull(sqlState, "sqlState is null");
            requireNonNull(message, "message is null");
            requireNonNull(rejectionReason, "rejectionReason is null");
        }
    }

    /** The channel closed (client gone, server stopping): the worker ends. */
    record ChannelClosed() implements FrontendMessage {}
}
