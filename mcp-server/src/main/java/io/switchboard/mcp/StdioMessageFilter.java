package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The stdio input as the SDK reads it, one newline-delimited message at a time, each passed
 * through {@link IncomingMessages} first: cancellations are taken out and acted on, tool calls
 * get their JSON-RPC id in {@code _meta}. Reports the end of input once.
 */
final class StdioMessageFilter extends InputStream {
    /** One message may not exceed this; a longer line is passed on unread so the SDK rejects it. */
    private static final int MAX_LINE = 64 * 1024 * 1024;

    private final InputStream in;
    private final Consumer<String> onCancel;
    private final Runnable onEnd;
    private final Consumer<String> errorResponses;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    StdioMessageFilter(InputStream in, Consumer<String> onCancel, Runnable onEnd, Consumer<String> errorResponses) {
        this.in = requireNonNull(in, "in is null");
        this.onCancel = requireNonNull(onCancel, "onCancel is null");
        this.onEnd = requireNonNull(onEnd, "onEnd is null");
        this.errorResponses = requireNonNull(errorResponses, "errorResponses is null");
    }

    @Override
    public synchronized int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int count = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, count);
        position += count;
        return count;
    }

    @Override
    public synchronized int available() {
        return current.length - position;
    }

    /** Makes sure unread bytes exist; false at the end of input. */
    private boolean fill() throws IOException {
        while (position >= current.length) {
            if (ended) {
                return false;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int next;
            while ((next = in.read()) != -1 && next != '\n') {
                if (line.size() < MAX_LINE) {
                    line.write(next);
                }
            }
            if (next == -1) {
                ended = true;
                onEnd.run();
                if (line.size() == 0) {
                    return false;
                }
            }
            String text = line.toString(StandardCharsets.UTF_8);
            if (text.isBlank()) {
                continue;
            }
            IncomingMessages.Inspected inspected = IncomingMessages.inspect(text, onCancel);
            if (inspected.consumed()) {
                continue;
            }
            if (inspected.errorResponse() != null) {
                errorResponses.accept(inspected.errorResponse());
                continue;
            }
            current = (inspected.text() + "\n").getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
