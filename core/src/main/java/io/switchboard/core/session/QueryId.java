package io.switchboard.core.session;

import static java.util.Objects.requireNonNull;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A query's identity, in the Trino style {@code 20261121_054200_00001_k3x9p}: sortable by time,
 * readable in logs, unique within a process (the counter) and across replicas (the random tail).
 */
public record QueryId(String value) {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    public QueryId {
        requireNonNull(value, "value is null");
        if (value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException("query id must have 1 to 128 characters");
        }
    }

    public static QueryId next() {
        StringBuilder id = new StringBuilder(32);
        id.append(ZonedDateTime.now(ZoneOffset.UTC).format(FORMAT)).append('_');
        id.append(String.format("%05d", COUNTER.incrementAndGet() % 100_000)).append('_');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return new QueryId(id.toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
