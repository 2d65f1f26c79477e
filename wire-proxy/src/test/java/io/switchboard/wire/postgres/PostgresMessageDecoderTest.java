package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Framing and parsing of client messages, byte by byte. */
final class PostgresMessageDecoderTest {

    @Test
    void startupThenTypedMessagesSplitAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new PostgresMessageDecoder(1024 * 1024));
        ByteBuf startup = Unpooled.buffer();
        startup.writeInt(0);
        startup.writeInt(196608);
        cString(startup, "user");
        cString(startup, "alice");
        cString(startup, "application_name");
        cString(startup, "psql");
        startup.writeByte(0);
        startup.setInt(0, startup.readableBytes());
        ByteBuf all = Unpooled.buffer();
        all.writeBytes(startup);
        all.writeByte('Q');
        all.writeInt(4 + 9);
        cString(all, "SELECT 1");
        all.writeByte('S');
        all.writeInt(4);
        // One byte at a time: the decoder must wait for whole messages.
        while (all.isReadable()) {
            channel.writeInbound(all.readRetainedSlice(1));
        }
        FrontendMessage.Startup first = channel.readInbound();
        assertThat(first.majorVersion()).isEqualTo(3);
        assertThat(first.parameters()).containsEntry("user", "alice").containsEntry("application_name", "psql");
        assertThat((FrontendMessage) channel.readInbound()).isEqualTo(new FrontendMessage.Query("SELECT 1"));
        assertThat((FrontendMessage) channel.readInbound()).isInstanceOf(FrontendMessage.Sync.class);
        assertThat((Object) channel.readInbound()).isNull();
        all.release();
        startup.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void bindWithNullsAndFormats() {
        EmbeddedChannel channel = typedChannel();
        ByteBuf bind = Unpooled.buffer();
        bind.writeByte('B');
        bind.writeInt(0);
        cString(bind, "portal");
        cString(bind, "stmt");
        bind.writeShort(1).writeShort(1);
        bind.writeShort(2).writeInt(-1).writeInt(2).writeByte(7).writeByte(8);
        bind.writeShort(1).writeShort(0);
        bind.setInt(1, bind.readableBytes() - 1);
        channel.writeInbound(bind);
        FrontendMessage.Bind message = channel.readInbound();
        assertThat(message.portalName()).isEqualTo("portal");
        assertThat(message.statementName()).isEqualTo("stmt");
        assertThat(message.parameterFormats()).containsExactly((short) 1);
        assertThat(message.parameterValues()[0]).isNull();
        assertThat(message.parameterValues()[1]).containsExactly(7, 8);
        assertThat(message.resultFormats()).containsExactly((short) 0);
        channel.finishAndReleaseAll();
    }

    @Test
    void violationsAreReportedOnceAndTheRestIsDiscarded() {
        EmbeddedChannel channel = typedChannel();
        ByteBuf bad = Unpooled.buffer();
        bad.writeByte('E').writeInt(4 + 2).writeByte('p').writeByte(0); // Execute without its row count
        bad.writeByte('S').writeInt(4);
        channel.writeInbound(bad);
        FrontendMessage.ProtocolViolation violation = channel.readInbound();
        assertThat(violation.sqlState()).isEqualTo("08P01");
        assertThat((Object) channel.readInbound()).isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void oversizedAndUnknownMessages() {
        EmbeddedChannel big = typedChannel();
        ByteBuf header = Unpooled.buffer().writeByte('Q').writeInt(2 * 1024 * 1024);
        big.writeInbound(header);
        FrontendMessage.ProtocolViolation tooLarge = big.readInbound();
        assertThat(tooLarge.sqlState()).isEqualTo("54000");
        assertThat(tooLarge.rejectionReason()).isEqualTo("message_too_large");
        big.finishAndReleaseAll();

        EmbeddedChannel unknown = typedChannel();
        unknown.writeInbound(Unpooled.buffer().writeByte(0x01).writeInt(4));
        FrontendMessage.ProtocolViolation type = unknown.readInbound();
        assertThat(type.message()).contains("0x01");
        unknown.finishAndReleaseAll();

        EmbeddedChannel invalidUtf8 = typedChannel();
        invalidUtf8.writeInbound(Unpooled.buffer().writeByte('Q').writeInt(7).writeByte(0xc3).writeByte(0x28).writeByte(0));
        FrontendMessage.ProtocolViolation encoding = invalidUtf8.readInbound();
        assertThat(encoding.sqlState()).isEqualTo("22021");
        invalidUtf8.finishAndReleaseAll();
    }

    @Test
    void cancelAndEncryptionRequests() {
        EmbeddedChannel channel = new EmbeddedChannel(new PostgresMessageDecoder(1024 * 1024));
        channel.writeInbound(Unpooled.buffer().writeInt(16).writeInt(80877102).writeInt(1234).writeInt(5678));
        FrontendMessage.CancelRequest cancel = channel.readInbound();
        assertThat(cancel.processId()).isEqualTo(1234);
        assertThat(cancel.secret()).containsExactly(0, 0, 0x16, 0x2e);
        channel.finishAndReleaseAll();

        EmbeddedChannel ssl = new EmbeddedChannel(new PostgresMessageDecoder(1024 * 1024));
        ssl.writeInbound(Unpooled.buffer().writeInt(8).writeInt(80877103));
        assertThat((FrontendMessage) ssl.readInbound()).isInstanceOf(FrontendMessage.SslRequest.class);
        ssl.writeInbound(Unpooled.buffer().writeInt(8).writeInt(80877103));
        assertThat((FrontendMessage) ssl.readInbound()).isInstanceOf(FrontendMessage.ProtocolViolation.class);
        ssl.finishAndReleaseAll();
    }

    private static EmbeddedChannel typedChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new PostgresMessageDecoder(1024 * 1024));
        ByteBuf startup = Unpooled.buffer();
        startup.writeInt(0).writeInt(196608);
        cString(startup, "user");
        cString(startup, "u");
        startup.writeByte(0);
        startup.setInt(0, startup.readableBytes());
        channel.writeInbound(startup);
        assertThat((FrontendMessage) channel.readInbound()).isInstanceOf(FrontendMessage.Startup.class);
        return channel;
    }

    private static void cString(ByteBuf out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.writeByte(0);
    }
}
