package io.switchboard.wire.postgres;

import io.netty.handler.ssl.SslContext;
import io.switchboard.core.pipeline.QueryPipeline;

/** What every connection of one frontend shares. */
record PostgresWireContext(
        QueryPipeline pipeline,
        PostgresWireOptions options,
        PasswordAuthenticator authenticator,
        SslContext sslContext,
        ConnectionRegistry registry,
        WireMetrics metrics) {}
