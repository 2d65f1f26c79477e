package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps sending while it does not read is held back: once the server's thread
 * parks on the unread answers, the inbound queue fills, the server stops reading the socket, and
 * TCP stops the client's writes. Everything is served once the client reads.
 */
final class PipeliningBackpressureTest {
    private static final int ROWS = 3_000_000;
    /** 60 messages of 1 MB: more than the socket buffers of both sides and the inbound queue hold together. */
    private static final int PIPELINED = 60;
    private static WireTestServer server;

    @BeforeAll
    static void start() {
        server = WireTestServer.trust();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aPipelinerThatDoesNotReadIsHeldBackThenServedInFull() throws Exception {
        try (RawClient client = new RawClient(server.port()).startTrusted("pipeliner")) {
            client.query("SELECT range FROM range(" + ROWS + ")");
            byte[] parse = parseMessage("SELECT '" + "p".repeat(1024 * 1024) + "' AS padding");
            CompletableFuture<Void> writer = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < PIPELINED; i++) {
                        client.send('P', parse);
                    }
                    client.send('S', new byte[0]);
                    writer.complete(null);
                } catch (IOException e) {
                    writer.completeExceptionally(e);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (server.frontend().connectionsWaitingForClients() == 0) {
                assertThat(System.nanoTime()).as("the connection parks").isLessThan(deadline);
                Thread.sleep(20);
            }
            // The server parked on the answers nobody reads, and stopped reading: the writes stall.
            Thread.sleep(200);
            assertThat(writer).isNotDone();

            long rows = 0;
            RawClient.Message message;
            while ((message = client.read()).type() != 'Z') {
                if (message.type() == 'D') {
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(ROWS);
            int parsed = 0;
            while ((message = client.read()).type() != 'Z') {
                if (message.type() == '1') {
                    parsed++;
                }
            }
            assertThat(parsed).isEqualTo(PIPELINED);
            writer.get(60, TimeUnit.SECONDS);
        }
    }

    private static byte[] parseMessage(String sql) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(body);
        data.write(RawClient.cString(""));
        data.write(RawClient.cString(sql));
        data.writeShort(0);
        return body.toByteArray();
    }
}
