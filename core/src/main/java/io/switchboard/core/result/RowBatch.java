package io.switchboard.core.result;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A batch of rows, each an {@code Object[]} in column order whose values follow the Java classes
 * fixed by {@link io.switchboard.core.types.TypeKind}.
 *
 * <p>Unlike other records in core this one does not copy its list: batches are the hot path,
 * made by one producer and handed over whole. The producer must not touch a batch after handing
 * it on; a consumer that changes values (a masking guard) may do so in place.
 */
public record RowBatch(List<Object[]> rows) {
    public RowBatch {
        requireNonNull(rows, "rows is null");
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** A rough count of the bytes the values would take as text, for records and metrics. */
    public long estimatedBytes() {
        long bytes = 0;
        for (Object[] row : rows) {
            for (Object value : row) {
                bytes += estimatedBytes(value);
            }
        }
        return bytes;
    }

    private static long estimatedBytes(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof byte[] binary) {
            return binary.length;
        }
        if (value instanceof Boolean || value instanceof Byte) {
            return 1;
        }
        if (value instanceof Short) {
            return 2;
        }
        if (value instanceof Integer || value instanceof Float) {
            return 4;
        }
        if (value instanceof List<?> list) {
            long total = 0;
            for (Object element : list) {
                total += estimatedBytes(element);
            }
            return total;
        }
        return 8;
    }
}
