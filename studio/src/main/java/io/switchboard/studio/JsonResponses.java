package io.switchboard.studio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Writes JSON bodies for admin routes. Every error the admin server sends has the same shape,
 * {@code {"status": 404, "error": "Not Found", "message": "..."}}, so that scripts and the
 * Studio UI read one format.
 */
public final class JsonResponses {
    public static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonResponses() {}

    /** The shared mapper: configured once, thread-safe for reading and writing. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Sends {@code body} (any value Jackson can write) with the given status and completes the callback. */
    public static void send(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(new SwitchboardException(ErrorCode.INTERNAL, "cannot write a JSON response: " + e.getMessage(), e));
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Sends the common error shape. */
    public static void sendError(Response response, Callback callback, int status, String message) {
        send(response, callback, status, errorBody(status, message));
    }

    static ObjectNode errorBody(int status, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", status);
        String reason = HttpStatus.getMessage(status);
        body.put("error", reason == null ? "Error" : reason);
        body.put("message", message == null ? "" : message);
        return body;
    }
}
