package io.switchboard.engines.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * PostgreSQL's cancel request: a new connection that sends the backend's process id and secret
 * key and is closed. The server answers nothing; the statement running on that backend, if any,
 * then fails with SQLSTATE 57014. Sent in plain text, as libpq and pgjdbc do unless told
 * otherwise: the key is not a credential for anything but this cancel.
 */
final class PgCancelRequest {
    private static final int CANCEL_REQUEST_CODE = 80_877_102;

    private PgCancelRequest() {}

    static void send(InetSocketAddress server, int processId, int secretKey, Duration connectTimeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, (int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
            byte[] message = new byte[16];
            putInt(message, 0, 16);
            putInt(message, 4, CANCEL_REQUEST_CODE);
            putInt(message, 8, processId);
            putInt(message, 12, secretKey);
            OutputStream out = socket.getOutputStream();
            out.write(message);
            out.flush();
            // The server closes the connection once it has read the request; wait for that so the
            // request is delivered before the caller goes on (a read of -1, bounded by the timeout).
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, connectTimeout.toMillis())));
            try {
                socket.getInputStream().read();
            } catch (IOException e) {
                // the server closed it; either way the request was sent
            }
        }
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }
}
