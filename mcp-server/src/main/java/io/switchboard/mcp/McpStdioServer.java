package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.pipeline.QueryPipeline;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * MCP over stdio, for clients that spawn their servers ({@code ./switchboard mcp}): the same
 * tools and resources as over HTTP, one session owned by the spawning process, no tokens.
 *
 * <p>Only protocol goes to the output stream. While the server runs on {@code System.out},
 * {@code System.out} itself is pointed at {@code System.err}, so a stray print from any library
 * cannot corrupt the protocol; logging must go to stderr (the server's logback setup does so).
 */
public final class McpStdioServer {
    private McpStdioServer() {}

    /** Serves until the input ends (the client closed our stdin), then returns. */
    public static void run(QueryPipeline pipeline, FeedbackStore feedback, McpOptions options, InputStream in, OutputStream out) {
        run(pipeline, feedback, options, in, out, new SimpleMeterRegistry());
    }

    public static void run(QueryPipeline pipeline, FeedbackStore feedback, McpOptions options, InputStream in, OutputStream out,
            MeterRegistry meters) {
        run(pipeline, feedback, options, AuthConfig.NONE, in, out, meters);
    }

    /** @param auth the user directory, for the dialect configured for the anonymous user (stdio has no tokens) */
    public static void run(QueryPipeline pipeline, FeedbackStore feedback, McpOptions options, AuthConfig auth, InputStream in,
            OutputStream out, MeterRegistry meters) {
        requireNonNull(auth, "auth is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(feedback, "feedback is null");
        requireNonNull(options, "options is null");
        requireNonNull(in, "in is null");
        requireNonNull(out, "out is null");
        PrintStream originalOut = System.out;
        boolean guardStdout = out == originalOut;
        if (guardStdout) {
            System.setOut(System.err);
        }
        QueryRegistry registry = new QueryRegistry();
        String sessionId = "stdio-" + UUID.randomUUID();
        CountDownLatch inputEnded = new CountDownLatch(1);
        // Errors found before the SDK sees a message are written to the same stream, one line each.
        Object outputLock = new Object();
        InputStream inspected = new StdioMessageFilter(in, requestId -> registry.cancelRequest(sessionId, requestId),
                inputEnded::countDown, error -> {
                    synchronized (outputLock) {
                        try {
                            out.write((error + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                            out.flush();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
        ToolEnvironment environment = new ToolEnvironment(options,
                new QueryRunner(pipeline, registry, options.queryTimeout(), options.progressInterval()), registry,
                new ResultCache(options.resultTtl(), options.resultMaxBytes(), Clock.systemUTC()), feedback,
                new SourceDialects(options.sourceDialect(), auth));
        StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJson.mapper(),
                inspected, out);
        // Not immediate: stdio reads messages on one thread, and a long tool call must not stop it
        // from reading the notifications/cancelled that would end that call.
        McpServerAssembly assembly = McpServerAssembly.build(McpServer.sync(transport).immediateExecution(false), environment,
                CallerResolver.stdio(sessionId, options.anonymousUser()), meters);
        assembly.resources().startRefreshing();
        try {
            inputEnded.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            registry.cancelAll();
            assembly.close();
            if (guardStdout) {
                System.setOut(originalOut);
            }
        }
    }
}
