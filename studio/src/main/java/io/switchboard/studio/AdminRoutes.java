package io.switchboard.studio;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.pathmap.MatchedResource;
import org.eclipse.jetty.http.pathmap.PathMappings;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.http.pathmap.UriTemplatePathSpec;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The admin server's route table: a path (any Jetty path spec: {@code /metrics},
 * {@code /api/v1/queries/*}, a URI template {@code /api/v1/queries/{id}}) and a method lead to one
 * handler. An unknown path is a JSON 404; a known path with another method is a JSON 405 that
 * lists the allowed methods. Routes are fixed once the server starts.
 */
final class AdminRoutes extends Handler.Abstract {
    private static final String PATH_PARAMETERS = AdminRoutes.class.getName() + ".pathParameters";

    private final PathMappings<Map<String, Request.Handler>> mappings = new PathMappings<>();

    void add(String method, PathSpec path, Request.Handler handler) {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        requireNonNull(handler, "handler is null");
        if (isStarted()) {
            throw new IllegalStateException("routes cannot change once the admin server has started");
        }
        Map<String, Request.Handler> byMethod = mappings.get(path);
        if (byMethod == null) {
            byMethod = new LinkedHashMap<>();
            mappings.put(path, byMethod);
        }
        String normalized = method.toUpperCase(Locale.ROOT);
        if (byMethod.putIfAbsent(normalized, handler) != null) {
            throw new IllegalArgumentException("route " + normalized + " " + path.getDeclaration() + " is defined twice");
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        MatchedResource<Map<String, Request.Handler>> match = mappings.getMatched(path);
        if (match == null) {
            JsonResponses.sendError(response, callback, HttpStatus.NOT_FOUND_404, "no admin endpoint at " + path);
            return true;
        }
        Map<String, Request.Handler> byMethod = match.getResource();
        Request.Handler handler = byMethod.get(request.getMethod());
        if (handler == null) {
            response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", byMethod.keySet()));
            JsonResponses.sendError(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    path + " accepts " + String.join(", ", byMethod.keySet()) + ", not " + request.getMethod());
            return true;
        }
        if (match.getPathSpec() instanceof UriTemplatePathSpec template) {
            request.setAttribute(PATH_PARAMETERS, Map.copyOf(template.getPathParams(path)));
        }
        return handler.handle(request, response, callback);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> pathParameters(Request request) {
        Object parameters = request.getAttribute(PATH_PARAMETERS);
        return parameters == null ? Map.of() : (Map<String, String>) parameters;
    }
}
