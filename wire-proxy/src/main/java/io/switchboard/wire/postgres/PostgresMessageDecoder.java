package io.switchboard.wire.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames and parses client messages on the event loop. Until the StartupMessage, packets have no
 * type byte (SSLRequest, GSSENCRequest, CancelRequest, StartupMessage); after it, every message is
 * a type byte and a length. Anything that breaks the framing becomes one
 * {@link FrontendMessage.ProtocolViolation}, after which all input is discarded: the connection
 * answers and closes.
 */
final class PostgresMessageDecoder extends ByteToMessageDecoder {
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSS_ENCRYPTION_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;
    /** PostgreSQL's own limit for startup packets (MAX_STARTUP_PACKET_LENGTH). */
    static final int MAX_STARTUP_PACKET_LENGTH = 10_000;
    private static final String KNOWN_TYPES = "pQPBDECSHXcdfF";

    private final int maxMessageSize;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private boolean typedMessages;
    private boolean sslRequested;
    private boolean failed;

    PostgresMessageDecoder(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            FrontendMessage message = typedMessages ? decodeTyped(in) : decodeStartupPacket(in);
            if (message != null) {
                out.add(message);
            }
        } catch (MalformedMessage e) {
            reject(in, out, new FrontendMessage.ProtocolViolation(e.sqlState, e.getMessage(), e.reason));
        } catch (IndexOutOfBoundsException e) {
            // Every read is checked first; this is a last line of defence against a bad packet.
            reject(in, out, new FrontendMessage.ProtocolViolation("08P01", "invalid message format", "malformed"));
        }
    }

    private void reject(ByteBuf in, List<Object> out, FrontendMessage.ProtocolViolation violation) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(violation);
    }

    private FrontendMessage decodeStartupPacket(ByteBuf in) {
        if (in.readableBytes() < 4) {
            return null;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) {
            throw new MalformedMessage("08P01", "invalid length of startup packet: " + length, "malformed");
        }
        if (in.readableBytes() < length) {
            return null;
        }
        in.skipBytes(4);
        ByteBuf body = in.readSlice(length - 4);
        int code = body.readInt();
        switch (code) {
            case SSL_REQUEST_CODE, GSS_ENCRYPTION_REQUEST_CODE -> {
                if (body.isReadable()) {
                    throw new MalformedMessage("08P01", "invalid length of encryption request packet", "malformed");
                }
                if (code == SSL_REQUEST_CODE && sslRequested) {
                    throw new MalformedMessage("08P01", "SSLRequest received twice", "malformed");
                }
                // Bytes after an encryption request, before our answer, could have been injected
                // by a man in the middle (CVE-2021-23214): refuse them.
                if (in.isReadable()) {
                    throw new MalformedMessage("08P01", "received unencrypted data after an encryption request", "malformed");
                }
                if (code == SSL_REQUEST_CODE) {
                    sslRequested = true;
                    return new FrontendMessage.SslRequest();
                }
                return new FrontendMessage.GssEncryptionRequest();
            }
            case CANCEL_REQUEST_CODE -> {
                if (body.readableBytes() < 8 || body.readableBytes() > 260) {
                    throw new MalformedMessage("08P01", "invalid length of cancel request packet", "malformed");
                }
                int processId = body.readInt();
                byte[] secret = new byte[body.readableBytes()];
                body.readBytes(secret);
                return new FrontendMessage.CancelRequest(processId, secret);
            }
            default -> {
                Map<String, String> parameters = new LinkedHashMap<>();
                while (true) {
                    if (!body.isReadable()) {
                        throw new MalformedMessage("08P01", "startup packet is not terminated by an empty name", "malformed");
                    }
                    String name = readString(body);
                    if (name.isEmpty()) {
                        break;
                    }
                    parameters.put(name, readString(body));
                }
                if (body.isReadable()) {
                    throw new MalformedMessage("08P01", "startup packet has data after its terminator", "malformed");
                }
                typedMessages = true;
                return new FrontendMessage.Startup(code >>> 16, code & 0xFFFF, parameters);
            }
        }
    }

    private FrontendMessage decodeTyped(ByteBuf in) {
        if (in.readableBytes() < 5) {
            return null;
        }
        int start = in.readerIndex();
        char type = (char) (in.getByte(start) & 0xFF);
        int length = in.getInt(start + 1);
        if (KNOWN_TYPES.indexOf(type) < 0) {
            throw new MalformedMessage("08P01", "invalid frontend message type " + describeType(type), "unknown_type");
        }
        if (length < 4) {
            throw new MalformedMessage("08P01", "invalid message length " + length, "malformed");
        }
        if (length > maxMessageSize) {
            throw new MalformedMessage("54000", "message of " + length + " bytes exceeds the limit of " + maxMessageSize
                    + " bytes (frontends.postgresWire.maxMessageSize)", "message_too_large");
        }
        if (in.readableBytes() < 1 + length) {
            return null;
        }
        in.skipBytes(5);
        ByteBuf body = in.readSlice(length - 4);
        FrontendMessage message = parseBody(type, body);
        if (body.isReadable()) {
            throw new MalformedMessage("08P01", "invalid message format: " + body.readableBytes()
                    + " unexpected bytes at the end of a '" + type + "' message", "malformed");
        }
        return message;
    }

    private FrontendMessage parseBody(char type, ByteBuf body) {
        return switch (type) {
            case 'p' -> {
                byte[] bytes = new byte[body.readableBytes()];
                body.readBytes(bytes);
                yield new FrontendMessage.AuthenticationResponse(bytes);
            }
            case 'Q' -> new FrontendMessage.Query(readString(body));
            case 'P' -> {
                String name = readString(body);
                String sql = readString(body);
                int count = readCount(body, 4);
                int[] types = new int[count];
                for (int i = 0; i < count; i++) {
                    types[i] = body.readInt();
                }
                yield new FrontendMessage.Parse(name, sql, types);
            }
            case 'B' -> parseBind(body);
            case 'D' -> {
                char kind = (char) readByte(body);
                yield new FrontendMessage.Describe(kind, readString(body));
            }
            case 'E' -> {
                String portal = readString(body);
                need(body, 4);
                yield new FrontendMessage.Execute(portal, body.readInt());
            }
            case 'C' -> {
                char kind = (char) readByte(body);
                yield new FrontendMessage.Close(kind, readString(body));
            }
            case 'S' -> new FrontendMessage.Sync();
            case 'H' -> new FrontendMessage.Flush();
            case 'X' -> new FrontendMessage.Terminate();
            case 'c', 'd', 'f' -> {
                body.skipBytes(body.readableBytes());
                yield new FrontendMessage.CopyMessage(type);
            }
            case 'F' -> {
                body.skipBytes(body.readableBytes());
                yield new FrontendMessage.FunctionCall();
            }
            default -> throw new MalformedMessage("08P01", "invalid frontend message type " + describeType(type), "unknown_type");
        };
    }

    private FrontendMessage parseBind(ByteBuf body) {
        int size = body.readableBytes();
        String portal = readString(body);
        String statement = readString(body);
        int formatCount = readCount(body, 2);
        short[] formats = new short[formatCount];
        for (int i = 0; i < formatCount; i++) {
            formats[i] = body.readShort();
        }
        int valueCount = readCount(body, 4);
        byte[][] values = new byte[valueCount][];
        for (int i = 0; i < valueCount; i++) {
            need(body, 4);
            int length = body.readInt();
            if (length == -1) {
                continue;
            }
            if (length < 0 || length > body.readableBytes()) {
                throw new MalformedMessage("08P01", "insufficient data left in message for parameter " + (i + 1), "malformed");
            }
            values[i] = new byte[length];
            body.readBytes(values[i]);
        }
        int resultFormatCount = readCount(body, 2);
        short[] resultFormats = new short[resultFormatCount];
        for (int i = 0; i < resultFormatCount; i++) {
            resultFormats[i] = body.readShort();
        }
        return new FrontendMessage.Bind(portal, statement, formats, values, resultFormats, size);
    }

    /** Reads an int16 count and checks that the message holds at least count × minBytes more. */
    private static int readCount(ByteBuf body, int minBytesEach) {
        need(body, 2);
        int count = body.readUnsignedShort();
        if ((long) count * minBytesEach > body.readableBytes()) {
            throw new MalformedMessage("08P01", "insufficient data left in message for " + count + " entries", "malformed");
        }
        return count;
    }

    private static int readByte(ByteBuf body) {
        need(body, 1);
        return body.readByte() & 0xFF;
    }

    private static void need(ByteBuf body, int bytes) {
        if (body.readableBytes() < bytes) {
            throw new MalformedMessage("08P01", "insufficient data left in message", "malformed");
        }
    }

    private String readString(ByteBuf body) {
        int end = body.indexOf(body.readerIndex(), body.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new MalformedMessage("08P01", "invalid string in message: no terminating zero byte", "malformed");
        }
        int length = end - body.readerIndex();
        String text;
        if (length == 0) {
            text = "";
        } else {
            ByteBuffer bytes = body.nioBuffer(body.readerIndex(), length);
            try {
                text = utf8.reset().decode(bytes).toString();
            } catch (CharacterCodingException e) {
                throw new MalformedMessage("22021", "invalid byte sequence for encoding \"UTF8\"", "malformed");
            }
        }
        body.skipBytes(length + 1);
        return text;
    }

    private static String describeType(char type) {
        return type >= 0x20 && type < 0x7F ? "'" + type + "'" : String.format("0x%02x", (int) type);
    }

    /** Thrown inside the decoder only; becomes a {@link FrontendMessage.ProtocolViolation}. */
    private static final class MalformedMessage extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient String sqlState;
        private final transient String reason;

        MalformedMessage(String sqlState, String message, String reason) {
            super(message, null, false, false);
            this.sqlState = sqlState;
            this.reason = reason;
        }
    }
}
