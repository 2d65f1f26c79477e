package io.switchboard.server.admin;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.config.ClusterGroupConfig;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.error.ErrorCategory;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.studio.AdminServer;
import io.switchboard.studio.JsonResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin REST API under {@code /api/v1}: clusters, groups and routers with their live state,
 * run-time replacement of groups and routers, cluster enable/disable, and the OpenAPI document
 * that describes all of it ({@code openapi.json} next to this class). Every route needs the
 * administrator's HTTP Basic credentials (see {@link AdminServer.Builder#route}).
 */
public final class AdminApi {
    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    static final String OPENAPI_RESOURCE = "openapi.json";
    /** A configuration section is small; anything bigger is a mistake or an attack. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final String IN_MEMORY_NOTE = "Applied in memory only: a restart reads the configuration file again.";
    private static final Set<String> BODY_TYPES = Set.of("application/json", "application/yaml", "application/x-yaml", "text/yaml",
            "text/x-yaml", "text/plain");

    private final RuntimeConfiguration runtime;
    private final byte[] openApiDocument;

    private AdminApi(RuntimeConfiguration runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
        try (InputStream in = AdminApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
            }
            this.openApiDocument = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the API's routes to the admin server being built. */
    public static AdminServer.Builder register(AdminServer.Builder builder, RuntimeConfiguration runtime) {
        AdminApi api = new AdminApi(runtime);
        return builder
                .route("GET", "/api/v1/openapi.json", api::openApi)
                .route("GET", "/api/v1/clusters", api.json(request -> ok(AdminViews.clusters(runtime))))
                .route("GET", "uri-template:/api/v1/clusters/{name}", api.json(api::cluster))
                .route("POST", "uri-template:/api/v1/clusters/{name}/disable", api.json(request -> api.setEnabled(request, false)))
                .route("POST", "uri-template:/api/v1/clusters/{name}/enable", api.json(request -> api.setEnabled(request, true)))
                .route("GET", "/api/v1/groups", api.json(request -> ok(AdminViews.groups(runtime))))
                .route("GET", "uri-template:/api/v1/groups/{name}", api.json(api::group))
                .route("PUT", "/api/v1/groups", api.json(api::replaceGroups))
                .route("GET", "/api/v1/routers", api.json(request -> ok(AdminViews.routers(runtime))))
                .route("PUT", "/api/v1/routers", api.json(api::replaceRouters))
                // QueryFlux's path and body for the same feature, so that its scripts and Studio work.
                .route("PATCH", "uri-template:/admin/clusters/{group}/{cluster}", api.json(api::updateCluster));
    }

    /** A status and a body for Jackson. */
    record Reply(int status, Object body) {}

    private static Reply ok(Object body) {
        return new Reply(HttpStatus.OK_200, body);
    }

    private static Reply error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        String reason = HttpStatus.getMessage(status);
        body.put("error", reason == null ? "Error" : reason);
        body.put("message", message);
        return new Reply(status, body);
    }

    private Reply cluster(Request request) {
        String name = AdminServer.pathParameters(request).get("name");
        return AdminViews.cluster(runtime, name).map(AdminApi::ok)
                .orElseGet(() -> error(HttpStatus.NOT_FOUND_404, "no cluster named '" + name + "'"));
    }

    private Reply group(Request request) {
        String name = AdminServer.pathParameters(request).get("name");
        return AdminViews.group(runtime, name).map(AdminApi::ok)
                .orElseGet(() -> error(HttpStatus.NOT_FOUND_404, "no cluster group named '" + name + "'"));
    }

    private Reply setEnabled(Request request, boolean enabled) {
        String name = AdminServer.pathParameters(request).get("name");
        if (!runtime.config().clusters().containsKey(name)) {
            return error(HttpStatus.NOT_FOUND_404, "no cluster named '" + name + "'");
        }
        if (!runtime.setClusterEnabled(name, enabled, AdminServer.authenticatedUser(request))) {
            return error(HttpStatus.CONFLICT_409, "cluster '" + name + "' is not a member of any group, so nothing is sent to it;"
                    + " add it to a group first");
        }
        Map<String, Object> body = applied("cluster " + name + (enabled ? " enabled" : " disabled"));
        body.put("cluster", AdminViews.cluster(runtime, name).orElseThrow());
        return ok(body);
    }

    /**
     * QueryFlux's cluster update: {@code {"enabled": false, "max_running_queries": 5}}, both
     * optional ({@code maxRunningQueries} is accepted too). The cluster must be a member of the
     * group named in the path; its state is the cluster's, whichever group serves it.
     */
    private Reply updateCluster(Request request) {
        Map<String, String> path = AdminServer.pathParameters(request);
        String group = path.get("group");
        String cluster = path.get("cluster");
        ClusterGroupConfig groupConfig = runtime.config().clusterGroups().get(group);
        if (groupConfig == null || !groupConfig.members().contains(cluster)) {
            return error(HttpStatus.NOT_FOUND_404, "no cluster '" + cluster + "' in cluster group '" + group + "'");
        }
        JsonNode body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = JsonResponses.mapper().readTree(in.readNBytes(MAX_BODY_BYTES));
        } catch (IOException e) {
            return error(HttpStatus.BAD_REQUEST_400, "the body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            return error(HttpStatus.BAD_REQUEST_400, "send a JSON object with enabled and/or max_running_queries");
        }
        Boolean enabled = null;
        Integer maxRunning = null;
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "enabled" -> {
                    if (!value.isNull()) {
                        if (!value.isBoolean()) {
                            return error(HttpStatus.BAD_REQUEST_400, "enabled: expected true or false but found " + value);
                        }
                        enabled = value.asBoolean();
                    }
                }
                case "max_running_queries", "maxRunningQueries" -> {
                    if (!value.isNull()) {
                        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                            return error(HttpStatus.BAD_REQUEST_400, field.getKey() + ": expected an integer of at least 1 but found " + value);
                        }
                        maxRunning = value.asInt();
                    }
                }
                default -> {
                    return error(HttpStatus.BAD_REQUEST_400, "unknown field '" + field.getKey()
                            + "'; known fields are enabled and max_running_queries");
                }
            }
        }
        if (enabled == null && maxRunning == null) {
            return error(HttpStatus.BAD_REQUEST_400, "nothing to change: give enabled and/or max_running_queries");
        }
        String who = AdminServer.authenticatedUser(request);
        List<String> changes = new ArrayList<>();
        if (maxRunning != null) {
            runtime.setClusterMaxRunning(cluster, maxRunning, who);
            changes.add("maxRunningQueries " + maxRunning);
        }
        if (enabled != null) {
            runtime.setClusterEnabled(cluster, enabled, who);
            changes.add(enabled ? "enabled" : "disabled");
        }
        Map<String, Object> reply = applied("cluster " + cluster + ": " + String.join(", ", changes));
        reply.put("cluster", AdminViews.cluster(runtime, cluster).orElseThrow());
        return ok(reply);
    }

    private Reply replaceGroups(Request request) {
        Optional<ConfigNode> document = readDocument(request);
        if (document.isEmpty()) {
            return unsupportedBody(request);
        }
        RuntimeConfiguration.Change change = runtime.replaceClusterGroups(document.get(), AdminServer.authenticatedUser(request));
        Map<String, Object> body = applied(change.summary());
        body.put("groups", AdminViews.groups(runtime));
        return ok(body);
    }

    private Reply replaceRouters(Request request) {
        Optional<ConfigNode> document = readDocument(request);
        if (document.isEmpty()) {
            return unsupportedBody(request);
        }
        RuntimeConfiguration.Change change = runtime.replaceRouters(document.get(), AdminServer.authenticatedUser(request));
        Map<String, Object> body = applied(change.summary());
        body.putAll(AdminViews.routers(runtime));
        return ok(body);
    }

    private static Map<String, Object> applied(String change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applied", true);
        body.put("persistent", false);
        body.put("note", IN_MEMORY_NOTE);
        body.put("change", change);
        return body;
    }

    private static Reply unsupportedBody(Request request) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "send the body as application/json or application/yaml, not "
                + request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    }

    /**
     * The request's body as a configuration document (JSON is YAML, so one reader serves both, with
     * line numbers in its errors); empty when the content type is neither.
     */
    private static Optional<ConfigNode> readDocument(Request request) {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null) {
            String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!BODY_TYPES.contains(mediaType)) {
                return Optional.empty();
            }
        }
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest(HttpStatus.PAYLOAD_TOO_LARGE_413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new BadRequest(HttpStatus.BAD_REQUEST_400, "the body is empty; send the section as JSON or YAML");
        }
        return Optional.of(ConfigLoader.loadSections(text, AdminApi::refuseEnvironment));
    }

    /**
     * The file may read secrets from the environment; a request may not: resolving
     * {@code ${NAME}} here would let whoever holds the admin password copy any variable of the
     * process (an engine's password) into a routing rule's message and read it back.
     */
    private static String refuseEnvironment(String name) {
        throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "environment references such as ${" + name
                + "} are not resolved in admin API requests; write the value itself");
    }

    /** A request the API refuses before reading it as configuration. */
    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private boolean openApi(Request request, Response response, Callback callback) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonResponses.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, openApiDocument.length);
        response.write(true, ByteBuffer.wrap(openApiDocument), callback);
        return true;
    }

    /** A handler that turns a reply — or a configuration error — into JSON. */
    private Request.Handler json(Function<Request, Reply> action) {
        return (request, response, callback) -> {
            Reply reply;
            try {
                reply = action.apply(request);
            } catch (BadRequest e) {
                reply = error(e.status, e.getMessage());
            } catch (SwitchboardException e) {
                if (e.code().category() != ErrorCategory.USER_ERROR) {
                    log.error("Admin API request {} {} failed", request.getMethod(), Request.getPathInContext(request), e);
                    reply = error(HttpStatus.INTERNAL_SERVER_ERROR_500, "internal error; see the Switchboard log");
                } else {
                    // Nothing was changed: validation happens before anything is applied.
                    reply = error(HttpStatus.BAD_REQUEST_400, e.getMessage());
                }
            }
            JsonResponses.send(response, callback, reply.status(), reply.body());
            return true;
        };
    }
}
