package io.switchboard.wire.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.switchboard.core.config.AuthConfig;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks a client's password with the configured method against {@code auth.staticUsers}.
 * SCRAM verifiers are computed once at start, so passwords are not hashed per login. Unknown
 * users go through the same exchange as known ones and fail only at its end, so the answer
 * does not tell which user names exist. Thread-safe: shared by all connections.
 */
final class PasswordAuthenticator {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the exchange talks to the client: the connection's output and its next message. */
    interface Exchange {
        void send(Consumer<ByteBuf> message);

        /** The body of the next message, which must be a password or SASL response. */
        byte[] receiveResponse();
    }

    /** The outcome: the user's groups on success, else the SQLSTATE and message of the FATAL error. */
    record Result(boolean succeeded, Set<String> groups, String sqlState, String failure) {
        static Result succeeded(Set<String> groups) {
            return new Result(true, groups, null, null);
        }

        /** The client broke the SASL exchange. */
        static Result malformed(String failure) {
            return new Result(false, Set.of(), "08P01", failure);
        }
    }

    private final AuthMethod method;
    private final AuthConfig auth;
    private final Map<String, ScramSha256.Verifier> verifiers = new HashMap<>();
    private final byte[] mockSecret = new byte[32];

    PasswordAuthenticator(AuthMethod method, AuthConfig auth) {
        this.method = method;
        this.auth = auth;
        RANDOM.nextBytes(mockSecret);
        if (method == AuthMethod.SCRAM_SHA_256) {
            for (AuthConfig.StaticUser user : auth.users().values()) {
                if (!user.password().isEmpty()) {
                    verifiers.put(user.name(), ScramSha256.newVerifier(user.password()));
                }
            }
        }
    }

    AuthMethod method() {
        return method;
    }

    Result authenticate(String user, Exchange exchange) {
        AuthConfig.StaticUser known = auth.users().get(user);
        Set<String> groups = known == null ? Set.of() : known.groups();
        return switch (method) {
            case TRUST -> Result.succeeded(groups);
            case PASSWORD -> cleartext(user, known, exchange);
            case MD5 -> md5(user, known, exchange);
            case SCRAM_SHA_256 -> scram(user, known, exchange);
        };
    }

    private Result cleartext(String user, AuthConfig.StaticUser known, Exchange exchange) {
        exchange.send(BackendMessages::authenticationCleartextPassword);
        String given = cString(exchange.receiveResponse());
        // Comparing digests keeps the comparison constant-time whatever the lengths.
        byte[] expected = ScramSha256.sha256((known == null ? "" : known.password()).getBytes(UTF_8));
        boolean matches = MessageDigest.isEqual(ScramSha256.sha256(given.getBytes(UTF_8)), expected);
        return known != null && !known.password().isEmpty() && matches ? Result.succeeded(known.groups()) : failure(user);
    }

    private Result md5(String user, AuthConfig.StaticUser known, Exchange exchange) {
        byte[] salt = new byte[4];
        RANDOM.nextBytes(salt);
        exchange.send(out -> BackendMessages.authenticationMd5Password(out, salt));
        String given = cString(exchange.receiveResponse());
        if (known == null || known.password().isEmpty()) {
            return failure(user);
        }
        String inner = md5Hex((known.password() + user).getBytes(UTF_8));
        byte[] outerInput = concat(inner.getBytes(UTF_8), salt);
        String expected = "md5" + md5Hex(outerInput);
        return MessageDigest.isEqual(expected.getBytes(UTF_8), given.getBytes(UTF_8))
                ? Result.succeeded(known.groups()) : failure(user);
    }

    private Result scram(String user, AuthConfig.StaticUser known, Exchange exchange) {
        exchange.send(out -> BackendMessages.authenticationSasl(out, List.of(ScramSha256.MECHANISM)));
        ByteBuffer initial = ByteBuffer.wrap(exchange.receiveResponse());
        String mechanism = cString(initial);
        if (!mechanism.equals(ScramSha256.MECHANISM)) {
            return Result.malformed("client selected an invalid SASL authentication mechanism");
        }
        if (initial.remaining() < 4) {
            return Result.malformed("malformed SASLInitialResponse message");
        }
        int length = initial.getInt();
        if (length < 0 || length != initial.remaining()) {
            return Result.malformed("malformed SASLInitialResponse message");
        }
        String clientFirstText = new String(initial.array(), initial.position(), length, UTF_8);
        ScramSha256.ClientFirst clientFirst = ScramSha256.parseClientFirst(clientFirstText);
        if (clientFirst == null) {
            return Result.malformed("malformed SCRAM message (channel binding is not offered; use SCRAM-SHA-256 without it)");
        }
        ScramSha256.Verifier verifier = verifiers.get(user);
        boolean real = known != null && verifier != null;
        if (!real) {
            verifier = mockVerifier(user);
        }
        String combinedNonce = clientFirst.nonce() + ScramSha256.newServerNonce();
        String serverFirst = ScramSha256.serverFirst(combinedNonce, verifier);
        exchange.send(out -> BackendMessages.authenticationSaslContinue(out, serverFirst.getBytes(UTF_8)));
        String clientFinal = new String(exchange.receiveResponse(), UTF_8);
        String serverFinal = ScramSha256.verifyClientFinal(clientFinal, clientFirst, serverFirst, combinedNonce, verifier);
        if (!real || serverFinal == null) {
            return failure(user);
        }
        exchange.send(out -> BackendMessages.authenticationSaslFinal(out, serverFinal.getBytes(UTF_8)));
        return Result.succeeded(known.groups());
    }

    /** A stable fake verifier for a user that does not exist, as PostgreSQL's mock authentication. */
    private ScramSha256.Verifier mockVerifier(String user) {
        byte[] salt = Arrays.copyOf(ScramSha256.hmac(mockSecret, user.getBytes(UTF_8)), 16);
        byte[] key = ScramSha256.hmac(mockSecret, concat(salt, "key".getBytes(UTF_8)));
        return new ScramSha256.Verifier(salt, ScramSha256.DEFAULT_ITERATIONS, key, key);
    }

    private static Result failure(String user) {
        return new Result(false, Set.of(), "28P01", "password authentication failed for user \"" + user + "\"");
    }

    private static String cString(byte[] body) {
        return cString(ByteBuffer.wrap(body));
    }

    private static String cString(ByteBuffer body) {
        int start = body.position();
        int end = start;
        while (end < body.limit() && body.get(end) != 0) {
            end++;
        }
        String text = new String(body.array(), start, end - start, UTF_8);
        body.position(Math.min(end + 1, body.limit()));
        return text;
    }

    private static String md5Hex(byte[] input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(input));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
