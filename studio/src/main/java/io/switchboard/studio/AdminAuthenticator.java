package io.switchboard.studio;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication for the admin API with QueryFlux's {@code adminApi.username} and
 * {@code adminApi.password}. Without a password the protected routes stay closed (403) rather
 * than open: an operator who forgot the password must not get an unauthenticated control plane.
 *
 * <p>Both the name and the password are compared in constant time, so that the time an answer
 * takes says nothing about how much of a guess was right.
 */
final class AdminAuthenticator {
    static final String REALM = "switchboard-admin";
    /** Where a handler finds the authenticated user's name: {@code request.getAttribute(USER_ATTRIBUTE)}. */
    static final String USER_ATTRIBUTE = AdminAuthenticator.class.getName() + ".user";

    private static final Logger log = LoggerFactory.getLogger(AdminAuthenticator.class);

    private final String username;
    private final byte[] expectedUser;
    private final byte[] expectedPassword;

    /** {@code password} null closes every protected route. */
    AdminAuthenticator(String username, String password) {
        this.username = requireNonNull(username, "username is null");
        this.expectedUser = username.getBytes(StandardCharsets.UTF_8);
        this.expectedPassword = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    /** Wraps {@code handler} so that it runs only for the administrator. */
    Request.Handler protect(Request.Handler handler) {
        requireNonNull(handler, "handler is null");
        return (request, response, callback) -> {
            Optional<String> refusal = refusal(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            if (refusal.isEmpty()) {
                request.setAttribute(USER_ATTRIBUTE, username);
                return handler.handle(request, response, callback);
            }
            if (expectedPassword == null) {
                JsonResponses.sendError(response, callback, HttpStatus.FORBIDDEN_403, refusal.get());
                return true;
            }
            log.debug("Admin API request to {} refused: {}", Request.getPathInContext(request), refusal.get());
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            JsonResponses.sendError(response, callback, HttpStatus.UNAUTHORIZED_401, refusal.get());
            return true;
        };
    }

    /** Empty when the header carries the administrator's credentials; otherwise why not. */
    Optional<String> refusal(String authorization) {
        if (expectedPassword == null) {
            return Optional.of("the admin API is closed: set adminApi.password to open it");
        }
        if (authorization == null || authorization.isBlank()) {
            return Optional.of("authentication required: send HTTP Basic credentials (adminApi.username and adminApi.password)");
        }
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return Optional.of("only HTTP Basic authentication is accepted");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(space + 1).trim());
        } catch (IllegalArgumentException e) {
            return Optional.of("the Basic credentials are not valid base64");
        }
        int colon = indexOf(decoded, (byte) ':');
        if (colon < 0) {
            return Optional.of("the Basic credentials have no ':' between user and password");
        }
        byte[] user = Arrays.copyOfRange(decoded, 0, colon);
        byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        // Both comparisons always run: which one failed must not show in the timing.
        boolean userMatches = MessageDigest.isEqual(user, expectedUser);
        boolean passwordMatches = MessageDigest.isEqual(password, expectedPassword);
        Arrays.fill(decoded, (byte) 0);
        Arrays.fill(password, (byte) 0);
        return userMatches && passwordMatches ? Optional.empty() : Optional.of("wrong user name or password");
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** The authenticated user of a protected route's request. */
    static String user(Request request) {
        Object user = request.getAttribute(USER_ATTRIBUTE);
        return user == null ? null : user.toString();
    }
}
