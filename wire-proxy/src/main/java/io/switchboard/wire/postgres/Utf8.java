package io.switchboard.wire.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: the client encoding is UTF8, and a bad byte is the client's error, not a U+FFFD. */
final class Utf8 {
    private Utf8() {}

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
