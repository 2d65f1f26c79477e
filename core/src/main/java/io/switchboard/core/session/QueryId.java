package io.switchboard.core.session;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A query's identity, in the Trino style {@code 20261121_054200_00001_k3x9p}: sortable by time,
 * readable in logs, unique within a process (the counter) and across replicas (the random tail).
 */
public record QueryId(String value) {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final AtomicLong COUNTER = new AtomicLong();
    private static volatile FormattedSecond lastSecond;
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    public QueryId {
        requireNonNull(value, "value is null");
        if (value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException("query id must have 1 to 128 characters");
        }
    }

    public static QueryId next() {
        StringBuilder id = new StringBuilder(32);
        id.append(secondText()).append('_');
        String counter = Long.toString(COUNTER.incrementAndGet() % 100_000);
        id.append("00000", 0, 5 - counter.length()).append(counter).append('_');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 5; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return new QueryId(id.toString());
    }

    /**
     * The second (UTC) an id of Switchboard's own form was issued in, read back from its text;
     * empty for any other id. Lets a store of records find one by id among the records of that
     * moment instead of among all of them.
     */
    public static Optional<Instant> issuedSecond(String value) {
        // yyyyMMdd_HHmmss_NNNNN_xxxxx
        if (value.length() != 27 || value.charAt(8) != '_' || value.charAt(15) != '_' || value.charAt(21) != '_') {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.substring(0, 15), FORMAT).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The current second as text, formatted once per second rather than once per query. */
    private static String secondText() {
        long second = System.currentTimeMillis() / 1_000;
        FormattedSecond last = lastSecond;
        if (last == null || last.epochSecond() != second) {
            last = new FormattedSecond(second, FORMAT.format(Instant.ofEpochSecond(second).atZone(ZoneOffset.UTC)));
            lastSecond = last;
        }
        return last.text();
    }

    private record FormattedSecond(long epochSecond, String text) {}

    @Override
    public String toString() {
        return value;
    }
}
