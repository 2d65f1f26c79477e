package io.switchboard.engines.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ClickHouse's {@code TabSeparated} output row by row from a stream: fields separated by
 * tabs, rows by newlines, {@code \N} for NULL, and backslash escapes for tab, newline, backslash
 * and the other control characters. Both ClickHouse 18.16 and current ClickHouse write this
 * format, and it can be read while it arrives, which bounds memory to one row.
 */
final class TabSeparatedReader {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final ByteArrayOutputStream field = new ByteArrayOutputStream(64);
    private int position;
    private int limit;
    private boolean lastRowComplete = true;
    private boolean[] verbatim = new boolean[0];

    TabSeparatedReader(InputStream in) {
        this.in = in;
    }

    /**
     * Columns whose fields are returned without unescaping: arrays, tuples and maps, which
     * ClickHouse writes in its quoted literal syntax with the escapes of that syntax (a
     * {@code \'} inside a string stays a backslash and a quote, for the literal parser).
     */
    void keepVerbatim(boolean[] columns) {
        this.verbatim = columns.clone();
    }

    /**
     * The next row's fields (null for {@code \N}), or null at the end of the stream. A last line
     * without its newline is still returned; {@link #endedWithNewline} tells the caller.
     */
    List<String> nextRow() throws IOException {
        if (!fill()) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        field.reset();
        boolean isNull = false;
        while (true) {
            if (!fill()) {
                fields.add(value(isNull, fields.size()));
                lastRowComplete = false;
                return fields;
            }
            byte b = buffer[position++];
            if (b == '\t') {
                fields.add(value(isNull, fields.size()));
                field.reset();
                isNull = false;
            } else if (b == '\n') {
                fields.add(value(isNull, fields.size()));
                lastRowComplete = true;
                return fields;
            } else if (b == '\\' && fields.size() < verbatim.length && verbatim[fields.size()]) {
                field.write(b);
                if (fill()) {
                    field.write(buffer[position++]);
                }
            } else if (b == '\\') {
                if (!fill()) {
                    field.write('\\');
                    continue;
                }
                byte escaped = buffer[position++];
                switch (escaped) {
                    case 'n' -> field.write('\n');
                    case 't' -> field.write('\t');
                    case 'r' -> field.write('\r');
                    case 'b' -> field.write('\b');
                    case 'f' -> field.write('\f');
                    case '0' -> field.write(0);
                    case 'N' -> {
                        if (field.size() == 0) {
                            isNull = true;
                        } else {
                            field.write('N');
                        }
                    }
                    default -> field.write(escaped);
                }
            } else {
                field.write(b);
            }
        }
    }

    /** Whether the row {@link #nextRow} returned last ended with a newline (a cut-off response does not). */
    boolean endedWithNewline() {
        return lastRowComplete;
    }

    private String value(boolean isNull, int column) {
        if (isNull) {
            return null;
        }
        String text = text();
        return column < verbatim.length && verbatim[column] && text.equals("\\N") ? null : text;
    }

    private String text() {
        return field.toString(StandardCharsets.UTF_8);
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
