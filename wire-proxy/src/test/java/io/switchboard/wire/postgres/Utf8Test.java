package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.switchboard.core.error.SwitchboardException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

final class Utf8Test {

    @Test
    void writesTheSameBytesAsNettysEncoder() {
        // ASCII, Latin-1, CJK, a surrogate pair, and unpaired surrogates (both become '?').
        List<String> texts = List.of("", "row 12345", "héllo, \"wörld\"", "数据库", "emoji 😀 here", "lone \uD83D end",
                "\uDE00 first", "last \uD83D", "nul \0 inside");
        for (String text : texts) {
            assertThat(bytes(out -> Utf8.write(out, text))).as(text).isEqualTo(bytes(out -> ByteBufUtil.writeUtf8(out, text)));
        }
    }

    @Test
    void decodingRefusesBytesThatAreNotUtf8() {
        assertThat(Utf8.decode("数据库 😀".getBytes(StandardCharsets.UTF_8))).isEqualTo("数据库 😀");
        assertThatThrownBy(() -> Utf8.decode(new byte[] {'a', (byte) 0xC3}))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("invalid byte sequence for encoding \"UTF8\"");
    }

    private static byte[] bytes(Consumer<ByteBuf> writer) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        try {
            writer.accept(buffer);
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }
}
