package io.switchboard.studio;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.approval.ApprovalService;
import io.switchboard.core.approval.ApprovalService.Decision;
import io.switchboard.core.approval.ApprovalState;
import io.switchboard.core.approval.HeldQuery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The approvals endpoints of the admin REST API, where a person decides held queries:
 *
 * <pre>
 * GET  /api/v1/approvals?state=pending&amp;limit=100   holds, newest first
 * GET  /api/v1/approvals/{id}                        one hold
 * POST /api/v1/approvals/{id}/approve  {"comment": "..."}   200, or 409 when already decided
 * POST /api/v1/approvals/{id}/reject   {"comment": "..."}   200, or 409 when already decided
 * </pre>
 *
 * Every route needs the administrator's credentials; the decider recorded is the authenticated
 * admin user.
 */
public final class ApprovalApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    /** A comment is a sentence or two; a larger body is a mistake. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final ApprovalService approvals;

    private ApprovalApi(ApprovalService approvals) {
        this.approvals = requireNonNull(approvals, "approvals is null");
    }

    /** Adds the approval routes to the admin server being built. */
    public static AdminServer.Builder register(AdminServer.Builder builder, ApprovalService approvals) {
        ApprovalApi api = new ApprovalApi(approvals);
        return builder
                .route("GET", "/api/v1/approvals", api::list)
                .route("GET", "uri-template:/api/v1/approvals/{id}", api::get)
                .route("POST", "uri-template:/api/v1/approvals/{id}/approve", (request, response, callback) ->
                        api.decide(request, response, callback, true))
                .route("POST", "uri-template:/api/v1/approvals/{id}/reject", (request, response, callback) ->
                        api.decide(request, response, callback, false));
    }

    private boolean list(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        ApprovalState state = null;
        String stateText = query.getValue("state");
        if (stateText != null && !stateText.isBlank() && !stateText.equalsIgnoreCase("all")) {
            Optional<ApprovalState> parsed = ApprovalState.fromApiName(stateText.strip());
            if (parsed.isEmpty()) {
                JsonResponses.sendError(response, callback, HttpStatus.BAD_REQUEST_400, "state must be one of pending, approved, "
                        + "rejected, expired, abandoned or all; got '" + stateText + "'");
                return true;
            }
            state = parsed.get();
        }
        int limit = DEFAULT_LIMIT;
        String limitText = query.getValue("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                JsonResponses.sendError(response, callback, HttpStatus.BAD_REQUEST_400,
                        "limit must be a number from 1 to " + MAX_LIMIT + "; got '" + limitText + "'");
                return true;
            }
        }
        List<Map<String, Object>> holds = new ArrayList<>();
        for (HeldQuery hold : approvals.list(state, limit)) {
            holds.add(view(hold));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("approvals", holds);
        JsonResponses.send(response, callback, HttpStatus.OK_200, body);
        return true;
    }

    private boolean get(Request request, Response response, Callback callback) {
        String id = AdminServer.pathParameters(request).get("id");
        Optional<HeldQuery> hold = approvals.find(id);
        if (hold.isEmpty()) {
            JsonResponses.sendError(response, callback, HttpStatus.NOT_FOUND_404, "no approval with id '" + id + "'");
        } else {
            JsonResponses.send(response, callback, HttpStatus.OK_200, view(hold.get()));
        }
        return true;
    }

    private boolean decide(Request request, Response response, Callback callback, boolean approve) {
        String id = AdminServer.pathParameters(request).get("id");
        String comment;
        try {
            comment = comment(request);
        } catch (IllegalArgumentException e) {
            JsonResponses.sendError(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
            return true;
        }
        String admin = AdminServer.authenticatedUser(request);
        Decision decision = approvals.decide(id, approve, admin == null ? "admin" : admin, comment);
        switch (decision.outcome()) {
            case NOT_FOUND -> JsonResponses.sendError(response, callback, HttpStatus.NOT_FOUND_404, "no approval with id '" + id + "'");
            case ALREADY_DECIDED -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", HttpStatus.CONFLICT_409);
                body.put("error", HttpStatus.getMessage(HttpStatus.CONFLICT_409));
                HeldQuery hold = decision.hold();
                body.put("message", "approval " + id + " was already decided: " + hold.state().apiName()
                        + (hold.decidedBy() == null ? "" : " by " + hold.decidedBy()) + " at " + hold.decidedAt());
                body.put("approval", view(hold));
                JsonResponses.send(response, callback, HttpStatus.CONFLICT_409, body);
            }
            case DECIDED -> JsonResponses.send(response, callback, HttpStatus.OK_200, view(decision.hold()));
        }
        return true;
    }

    /** The optional {@code {"comment": "..."}} body; an empty body is no comment. */
    private static String comment(Request request) {
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES / 1024 + " KB");
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return "";
        }
        JsonNode node;
        try {
            node = JsonResponses.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body must be JSON such as {\"comment\": \"why\"}: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object such as {\"comment\": \"why\"}");
        }
        for (var names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("comment")) {
                throw new IllegalArgumentException("unknown field '" + name + "'; the body takes only \"comment\"");
            }
        }
        JsonNode comment = node.get("comment");
        if (comment == null || comment.isNull()) {
            return "";
        }
        if (!comment.isTextual()) {
            throw new IllegalArgumentException("\"comment\" must be a string");
        }
        return comment.asText();
    }

    /** The JSON view of a hold. The runnable SQL is never shown: only the redacted text. */
    static Map<String, Object> view(HeldQuery hold) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("approvalId", hold.approvalId());
        view.put("queryId", hold.queryId());
        view.put("state", hold.state().apiName());
        view.put("user", hold.user());
        view.put("frontend", hold.request().session().frontend().configName());
        view.put("clientAddress", hold.request().session().clientAddress());
        view.put("database", hold.request().session().database());
        view.put("agentId", hold.request().agentContext().agentId());
        view.put("conversationId", hold.request().agentContext().conversationId());
        view.put("intent", hold.request().agentContext().intent());
        view.put("sql", hold.displaySql());
        view.put("statementKind", hold.statementKind());
        view.put("guard", hold.guard());
        view.put("reason", hold.reason());
        view.put("clientWaits", hold.clientWaits());
        view.put("createdAt", text(hold.createdAt()));
        view.put("deadline", text(hold.deadline()));
        view.put("decidedBy", hold.decidedBy());
        view.put("decidedAt", text(hold.decidedAt()));
        view.put("comment", hold.comment());
        view.put("ranAt", text(hold.ranAt()));
        return view;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
