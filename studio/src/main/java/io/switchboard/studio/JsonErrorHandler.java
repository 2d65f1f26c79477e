package io.switchboard.studio;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Turns the errors Jetty itself produces (a handler that threw, a malformed request) into the
 * admin API's JSON error shape instead of Jetty's HTML page. Server errors say only that
 * something failed: the cause goes to the log, never to the client.
 */
final class JsonErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String shown = HttpStatus.isServerError(code) ? "internal error; see the Switchboard log" : message;
        JsonResponses.sendError(response, callback, code, shown);
    }
}
