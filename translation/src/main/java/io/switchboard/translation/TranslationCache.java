package io.switchboard.translation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Translated templates by {@link CacheKey}, least recently used first out. One of the few
 * mutable places of the translator: the map is guarded by a lock held only for the lookup (no
 * translation ever runs under it), and each shape's templates are copy-on-write.
 *
 * <p>Counters {@code switchboard.translation.cache{result=hit|miss|uncacheable}}: a hit rendered
 * a template; a miss went through sqlglot and taught the cache (a new shape, a new literal
 * variant, a new class of value); uncacheable went through sqlglot for a shape the cache gave up
 * on.
 */
final class TranslationCache {
    /** Templates per shape: one per distinct set of pinned literals, e.g. per date part name. */
    static final int MAX_VARIANTS_PER_SHAPE = 16;

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<CacheKey, ShapeEntry> entries;
    private final Counter hits;
    private final Counter misses;
    private final Counter uncacheable;

    TranslationCache(int capacity, MeterRegistry registry) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<CacheKey, ShapeEntry> eldest) {
                return size() > TranslationCache.this.capacity;
            }
        };
        this.hits = counter(registry, "hit");
        this.misses = counter(registry, "miss");
        this.uncacheable = counter(registry, "uncacheable");
        Gauge.builder("switchboard.translation.cache.size", this, TranslationCache::size)
                .description("Statement shapes held by the translation cache")
                .register(registry);
    }

    boolean enabled() {
        return capacity > 0;
    }

    /** The shape's entry, created empty when absent; null when the cache is off. */
    ShapeEntry entry(CacheKey key) {
        if (capacity <= 0) {
            return null;
        }
        lock.lock();
        try {
            return entries.computeIfAbsent(key, ignored -> new ShapeEntry());
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }

    void recordHit() {
        hits.increment();
    }

    void recordMiss() {
        misses.increment();
    }

    void recordUncacheable() {
        uncacheable.increment();
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("switchboard.translation.cache")
                .description("Translations served from the cache (hit), that taught it (miss), or that it cannot hold (uncacheable)")
                .tag("result", result)
                .register(registry);
    }

    /** The templates of one shape, or why the shape is not cached. */
    static final class ShapeEntry {
        private final List<TranslationTemplate> variants = new CopyOnWriteArrayList<>();
        private volatile String uncacheableReason;

        /** A rendering from the first template that holds for these literals, or null. */
        String render(List<SourceLiteral> literals) {
            for (TranslationTemplate template : variants) {
                String rendered = template.render(literals);
                if (rendered != null) {
                    return rendered;
                }
            }
            return null;
        }

        /**
         * Checks the templates against a fresh translation of these literals: a template whose
         * rendering equals it learns the literals' classes of value. True when one did.
         */
        boolean learn(List<SourceLiteral> literals, String translated) {
            for (TranslationTemplate template : variants) {
                if (translated.equals(template.renderUnverified(literals))) {
                    template.verify(literals);
                    return true;
                }
            }
            return false;
        }

        boolean hasVariantPinnedLike(List<SourceLiteral> literals) {
            for (TranslationTemplate template : variants) {
                if (template.matchesPinned(literals)) {
                    return true;
                }
            }
            return false;
        }

        boolean hasRoomForVariant() {
            return variants.size() < MAX_VARIANTS_PER_SHAPE;
        }

        void add(TranslationTemplate template) {
            // Two queries of a new shape may race here; keep one template per set of pins.
            synchronized (this) {
                if (variants.stream().noneMatch(template::samePins) && hasRoomForVariant()) {
                    variants.add(template);
                }
            }
        }

        String uncacheableReason() {
            return uncacheableReason;
        }

        void markUncacheable(String reason) {
            uncacheableReason = reason;
        }

        int variantCount() {
            return variants.size();
        }
    }
}
