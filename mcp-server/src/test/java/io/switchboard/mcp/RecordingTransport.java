package io.switchboard.mcp;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A client transport that passes everything through and remembers the requests the client sent,
 * so that a test can name one of them in a {@code notifications/cancelled} it sends itself (the
 * Java SDK client has no cancellation API).
 */
final class RecordingTransport implements McpClientTransport {
    private final McpClientTransport delegate;
    private final List<McpSchema.JSONRPCRequest> requests = new CopyOnWriteArrayList<>();
    /** Progress notifications as they arrived on the wire. */
    final java.util.concurrent.LinkedBlockingQueue<McpSchema.ProgressNotification> progress = new java.util.concurrent.LinkedBlockingQueue<>();

    RecordingTransport(McpClientTransport delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return delegate.connect(incoming -> handler.apply(incoming.doOnNext(message -> {
            if (message instanceof McpSchema.JSONRPCNotification notification
                    && notification.method().equals(McpSchema.METHOD_NOTIFICATION_PROGRESS)) {
                progress.add(unmarshalFrom(notification.params(), new TypeRef<McpSchema.ProgressNotification>() { }));
            }
        })));
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        delegate.setExceptionHandler(handler);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        if (message instanceof McpSchema.JSONRPCRequest request) {
            requests.add(request);
        }
        return delegate.sendMessage(message);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return delegate.unmarshalFrom(data, type);
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }

    /** The id of the last tools/call request, waiting (bounded) until the client has sent one. */
    Object lastToolCallId() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (requests.get(i).method().equals(McpSchema.METHOD_TOOLS_CALL)) {
                    return requests.get(i).id();
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the client sent no tools/call");
    }

    void cancel(Object requestId) {
        delegate.sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION, "notifications/cancelled",
                Map.of("requestId", requestId, "reason", "the test changed its mind"))).block();
    }
}
