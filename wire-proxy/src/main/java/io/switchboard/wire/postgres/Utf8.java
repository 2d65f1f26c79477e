package io.switchboard.wire.postgres;

import io.netty.buffer.ByteBuf;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 both ways. Decoding is strict: the client encoding is UTF8, and a bad byte is the
 * client's error, not a U+FFFD.
 */
final class Utf8 {
    private Utf8() {}

    /**
     * Writes the text as UTF-8. Netty's {@code ByteBufUtil.writeUtf8} reads a string char by char
     * into a direct buffer, which was a quarter of Switchboard's CPU while it streamed rows of
     * numbers and short strings; the JDK's encoder turns a Latin-1 string into bytes with one
     * vectorized copy, and the buffer then takes them in one copy. An unpaired surrogate becomes
     * {@code ?} either way.
     */
    static void write(ByteBuf out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    static String decode(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "invalid byte sequence for encoding \"UTF8\"", "22021", e);
        }
    }
}
