package io.switchboard.wire.postgres;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop side of a connection: answers encryption requests (they change the pipeline,
 * so they belong here), queues every other decoded message for the connection's thread, and
 * reports writability and closing. Never blocks.
 */
final class PostgresConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PostgresConnectionHandler.class);

    private final PostgresConnection connection;
    private final SslContext sslContext;

    PostgresConnectionHandler(PostgresConnection connection, SslContext sslContext) {
        this.connection = connection;
        this.sslContext = sslContext;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.channelActive();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case FrontendMessage.SslRequest request -> {
                if (sslContext == null) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
                    return;
                }
                SSLEngine engine = sslContext.newEngine(ctx.alloc());
                // startTls: the 'S' answer itself goes out in plain text, everything after it encrypted.
                ctx.pipeline().addFirst("tls", new SslHandler(engine, true));
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
            }
            // GSSAPI encryption is not offered; the client continues in plain text or TLS.
            case FrontendMessage.GssEncryptionRequest request -> ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            case FrontendMessage message -> connection.inbound().add(message);
            default -> throw new IllegalStateException("unexpected inbound object " + msg.getClass().getName());
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.output().writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.channelInactive();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset connection or a failed TLS handshake ends only this connection.
        log.debug("Closing PostgreSQL connection {} after an error", connection.clientAddress(), cause);
        ctx.close();
    }
}
