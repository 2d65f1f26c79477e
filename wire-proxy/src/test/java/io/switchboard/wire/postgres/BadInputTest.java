package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input over raw sockets: each is answered with an ErrorResponse where the protocol allows,
 * only its own connection is closed, and a normal pgjdbc connection works afterwards.
 */
final class BadInputTest {
    private static WireTestServer server;

    @BeforeAll
    static void start() {
        server = WireTestServer.trust(options -> options.withMaxMessageSize(64 * 1024));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void otherConnectionsStillWork() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 'fine'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("fine");
        }
    }

    @Test
    void malformedMessage() throws IOException {
        try (RawClient client = new RawClient(server.port()).startTrusted("eve")) {
            client.send('Q', "SELECT 1 without a terminator".getBytes(StandardCharsets.UTF_8));
            RawClient.Message error = client.read();
            assertThat(error.type()).isEqualTo('E');
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.fields().get('S')).isEqualTo("FATAL");
            assertThat(client.closedByServer()).isTrue();
        }
        assertRejected("malformed");
    }

    @Test
    void bindWithCountsThatOverrunTheMessage() throws IOException {
        try (RawClient client = new RawClient(server.port()).startTrusted("eve")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(body);
            data.write(RawClient.cString(""));
            data.write(RawClient.cString(""));
            data.writeShort(0);
            data.writeShort(3); // three parameters announced, none sent
            client.send('B', body.toByteArray());
            RawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void truncatedMessageFromAClientThatLeaves() throws Exception {
        try (RawClient client = new RawClient(server.port()).startTrusted("eve")) {
            client.sendRaw(new byte[] {'Q', 0, 0, 0, 100, 'S', 'E', 'L'}); // announces 100 bytes, sends 3
            assertThat(server.frontend().openConnections()).isPositive();
        }
        // Every other client of this class closed already: the half-sent message leaves nothing behind.
        awaitOpenConnections(0);
    }

    @Test
    void unknownMessageType() throws IOException {
        try (RawClient client = new RawClient(server.port()).startTrusted("eve")) {
            client.send('!', new byte[0]);
            RawClient.Message error = client.read();
            assertThat(error.type()).isEqualTo('E');
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.fields().get('M')).contains("invalid frontend message type '!'");
            assertThat(client.closedByServer()).isTrue();
        }
        assertRejected("unknown_type");
    }

    @Test
    void messageOverTheSizeLimit() throws IOException {
        try (RawClient client = new RawClient(server.port()).startTrusted("eve")) {
            client.sendRaw(new byte[] {'Q', 0, 16, 0, 0}); // 1 MiB announced, the limit is 64 KiB
            RawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("54000");
            assertThat(error.fields().get('M')).contains("maxMessageSize");
            assertThat(client.closedByServer()).isTrue();
        }
        assertRejected("message_too_large");
    }

    @Test
    void startupThatNeverCompletesTimesOut() throws IOException {
        try (WireTestServer impatient = WireTestServer.trust(options -> options.withStartupTimeout(Duration.ofSeconds(1)));
                RawClient client = new RawClient(impatient.port())) {
            client.sendRaw(new byte[] {0, 0}); // half a length, then silence
            assertThat(client.closedByServer()).isTrue();
            assertThat(impatient.registry().get("switchboard.postgres.messages.rejected").tag("reason", "startup_timeout")
                    .counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void passwordPhaseThatNeverCompletesTimesOutWithAMessage() throws Exception {
        try (WireTestServer passwords = WireTestServer.withPasswords(AuthMethod.MD5,
                options -> options.withStartupTimeout(Duration.ofSeconds(2)));
                RawClient client = new RawClient(passwords.port())) {
            client.sendStartup(196608, "user", "alice");
            assertThat(client.read().type()).isEqualTo('R'); // the MD5 challenge, left unanswered
            RawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.fields().get('M')).contains("timeout");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void messagesBeforeAuthenticationCompletes() throws Exception {
        try (WireTestServer passwords = WireTestServer.withPasswords(AuthMethod.SCRAM_SHA_256);
                RawClient client = new RawClient(passwords.port())) {
            client.sendStartup(196608, "user", "alice", "database", "analytics");
            assertThat(client.read().type()).isEqualTo('R'); // AuthenticationSASL
            client.query("SELECT 'sneaked in'");
            RawClient.Message error = client.read();
            assertThat(error.type()).isEqualTo('E');
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.fields().get('M')).contains("before authentication completed");
            assertThat(client.closedByServer()).isTrue();
            assertThat(passwords.feedback().records()).isEmpty();
        }
    }

    @Test
    void wrongPasswordOverARawSocket() throws Exception {
        try (WireTestServer passwords = WireTestServer.withPasswords(AuthMethod.PASSWORD);
                RawClient client = new RawClient(passwords.port())) {
            client.sendStartup(196608, "user", "alice");
            assertThat(client.read().type()).isEqualTo('R');
            client.send('p', RawClient.cString("not the password"));
            RawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("28P01");
            assertThat(error.fields().get('S')).isEqualTo("FATAL");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void unsupportedProtocolVersion() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.sendStartup(2 << 16, "user", "eve");
            RawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("0A000");
            assertThat(error.fields().get('M')).contains("unsupported frontend protocol 2.0");
            assertThat(client.closedByServer()).isTrue();
        }
        assertRejected("unsupported_protocol");
    }

    @Test
    void newerMinorVersionIsNegotiatedDown() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.sendStartup((3 << 16) | 2, "user", "eve", "_pq_.some_extension", "on");
            RawClient.Message negotiate = client.read();
            assertThat(negotiate.type()).isEqualTo('v');
            assertThat(negotiate.body()[3]).isEqualTo((byte) 0); // newest minor version: 3.0
            assertThat(new String(negotiate.body(), StandardCharsets.UTF_8)).contains("_pq_.some_extension");
            assertThat(client.readUntil('Z').type()).isEqualTo('Z');
        }
    }

    @Test
    void startupPacketWithAnImpossibleLength() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("08P01");
            assertThat(error.fields().get('M')).contains("invalid length of startup packet");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void startupWithoutAUser() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.sendStartup(196608, "database", "analytics");
            RawClient.Message error = client.read();
            assertThat(error.sqlState()).isEqualTo("28000");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void unencryptedDataAfterAnSslRequestIsRefused() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            // SSLRequest and a startup packet in one write: the startup could have been injected.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(bytes);
            data.writeInt(8);
            data.writeInt(80877103);
            data.writeInt(9);
            data.writeInt(196608);
            data.write(0);
            client.sendRaw(bytes.toByteArray());
            assertThat(client.readByte()).isEqualTo('E');
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void gssEncryptionIsDeclinedAndStartupContinues() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.sendRaw(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x30});
            assertThat(client.readByte()).isEqualTo('N');
            client.startTrusted("eve");
            client.query("SELECT 1");
            assertThat(client.readUntil('Z').type()).isEqualTo('Z');
        }
    }

    @Test
    void protocolErrorsInsideAStatementKeepTheConnection() throws IOException {
        try (RawClient client = new RawClient(server.port()).startTrusted("eve")) {
            // Parse "SELECT $1", then Bind with no parameter: an ERROR, the connection stays.
            ByteArrayOutputStream parse = new ByteArrayOutputStream();
            DataOutputStream data = new DataOutputStream(parse);
            data.write(RawClient.cString(""));
            data.write(RawClient.cString("SELECT $1"));
            data.writeShort(0);
            client.send('P', parse.toByteArray());
            ByteArrayOutputStream bind = new ByteArrayOutputStream();
            data = new DataOutputStream(bind);
            data.write(RawClient.cString(""));
            data.write(RawClient.cString(""));
            data.writeShort(0);
            data.writeShort(0);
            data.writeShort(0);
            client.send('B', bind.toByteArray());
            client.send('E', new byte[] {0, 0, 0, 0, 0}); // skipped after the error
            client.send('S', new byte[0]);
            assertThat(client.read().type()).isEqualTo('1');
            RawClient.Message error = client.read();
            assertThat(error.type()).isEqualTo('E');
            assertThat(error.fields().get('S')).isEqualTo("ERROR");
            assertThat(error.fields().get('M')).contains("bind message supplies 0 parameters");
            RawClient.Message ready = client.read();
            assertThat(ready.type()).isEqualTo('Z');
            client.query("SELECT 'alive'");
            assertThat(client.readUntil('D').body()).isNotEmpty();
            assertThat(client.readUntil('Z').type()).isEqualTo('Z');
        }
    }

    @Test
    void tooManyConnections() throws Exception {
        try (WireTestServer limited = WireTestServer.withFrontendYaml("maxConnections: 1");
                RawClient first = new RawClient(limited.port()).startTrusted("one");
                RawClient second = new RawClient(limited.port())) {
            second.sendStartup(196608, "user", "two");
            RawClient.Message error = second.read();
            assertThat(error.sqlState()).isEqualTo("53300");
            assertThat(second.closedByServer()).isTrue();
            first.query("SELECT 1");
            assertThat(first.readUntil('Z').type()).isEqualTo('Z');
        }
    }

    private static void assertRejected(String reason) {
        assertThat(server.registry().get("switchboard.postgres.messages.rejected").tag("reason", reason).counter().count())
                .isGreaterThanOrEqualTo(1.0);
    }

    private static void awaitOpenConnections(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.frontend().openConnections() != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("open connections stayed at " + server.frontend().openConnections());
            }
            Thread.sleep(20);
        }
    }
}
