package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * A typed key for facts one stage attaches to a query for later stages (a cost estimate from a
 * guard, read by a router). Keys are compared by identity: declare each once as a constant.
 */
public final class AttributeKey<T> {
    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
    }

    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(name, type);
    }

    public String name() {
        return name;
    }

    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
