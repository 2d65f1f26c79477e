package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.mcp.Caller.QueryOwner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Results kept for {@code fetch_rows}, bounded by time (a TTL from the moment the result was
 * kept) and by bytes (all results together; the oldest go first). A result that left is
 * remembered for a while as a tombstone, so that a late {@code fetch_rows} hears that its result
 * expired and why, rather than that the query never existed.
 *
 * <p>Mutable state, guarded by this object's lock: calls are short map operations.
 */
final class ResultCache {
    private static final int MAX_TOMBSTONES = 10_000;

    /** A kept result. Rows are JSON-ready values; the list is never changed after it is kept. */
    record KeptResult(String queryId, QueryOwner owner, List<Map<String, Object>> columns, List<List<Object>> rows,
            boolean truncated, long bytes, Instant expiresAt) {
        KeptResult {
            requireNonNull(queryId, "queryId is null");
            requireNonNull(owner, "owner is null");
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }

    /** Why a result is no longer available. */
    record Tombstone(QueryOwner owner, String reason) {}

    private final Duration ttl;
    private final long maxBytes;
    private final Clock clock;
    private final LinkedHashMap<String, KeptResult> results = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tombstone> tombstones = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tombstone> eldest) {
            return size() > MAX_TOMBSTONES;
        }
    };
    private long bytes;

    ResultCache(Duration ttl, long maxBytes, Clock clock) {
        this.ttl = requireNonNull(ttl, "ttl is null");
        this.maxBytes = maxBytes;
        this.clock = requireNonNull(clock, "clock is null");
    }

    synchronized KeptResult keep(String queryId, QueryOwner owner, List<Map<String, Object>> columns, List<List<Object>> rows,
            boolean truncated, long resultBytes) {
        removeExpired();
        KeptResult kept = new KeptResult(queryId, owner, columns, rows, truncated, resultBytes, clock.instant().plus(ttl));
        results.put(queryId, kept);
        bytes += resultBytes;
        Iterator<Map.Entry<String, KeptResult>> oldest = results.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            KeptResult evicted = oldest.next().getValue();
            if (evicted == kept) {
                break;
            }
            oldest.remove();
            bytes -= evicted.bytes();
            tombstones.put(evicted.queryId(), new Tombstone(evicted.owner(),
                    "its result was dropped early to keep the results of newer queries within the server's memory budget ("
                            + maxBytes / (1024 * 1024) + " MB)"));
        }
        return kept;
    }

    synchronized Optional<KeptResult> find(String queryId) {
        removeExpired();
        return Optional.ofNullable(results.get(queryId));
    }

    synchronized Optional<Tombstone> tombstone(String queryId) {
        removeExpired();
        return Optional.ofNullable(tombstones.get(queryId));
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int size() {
        return results.size();
    }

    private void removeExpired() {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, KeptResult>> entries = results.entrySet().iterator();
        while (entries.hasNext()) {
            KeptResult result = entries.next().getValue();
            if (!result.expiresAt().isAfter(now)) {
                entries.remove();
                bytes -= result.bytes();
                tombstones.put(result.queryId(), new Tombstone(result.owner(),
                        "results are kept for " + describe(ttl) + " and this one has expired"));
            }
        }
    }

    static String cursor(String queryId, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((queryId + "|" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a cursor points at, or empty when the cursor is not one of this query's. */
    static Optional<Integer> offset(String queryId, String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.lastIndexOf('|');
            if (bar < 0 || !text.substring(0, bar).equals(queryId)) {
                return Optional.empty();
            }
            int offset = Integer.parseInt(text.substring(bar + 1));
            return offset < 0 ? Optional.empty() : Optional.of(offset);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + " h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + " min";
        }
        return seconds > 0 ? seconds + " s" : duration.toMillis() + " ms";
    }
}
