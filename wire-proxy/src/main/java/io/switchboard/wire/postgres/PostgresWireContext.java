package io.switchboard.wire.postgres;

import io.netty.handler.ssl.SslContext;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.session.SourceDialects;

/**
 * What every connection of one frontend shares.
 *
 * @param dialects which dialect a session's queries are written in (frontend default: postgres)
 */
record PostgresWireContext(
        QueryPipeline pipeline,
        SourceDialects dialects,
        PostgresWireOptions options,
        PasswordAuthenticator authenticator,
        SslContext sslContext,
        ConnectionRegistry registry,
        WireMetrics metrics) {}
