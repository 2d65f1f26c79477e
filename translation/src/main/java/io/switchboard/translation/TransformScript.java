package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

/**
 * A loaded transform script: Python defining {@code transform(sql, src, dst) -> str}, run after
 * sqlglot. The handle is opaque outside the {@link Sqlglot} that loaded it.
 */
public final class TransformScript {
    private final String name;
    private final Object handle;

    TransformScript(String name, Object handle) {
        this.name = requireNonNull(name, "name is null");
        this.handle = requireNonNull(handle, "handle is null");
    }

    /** Where the script came from, e.g. {@code translation.pythonScripts[0]}. */
    public String name() {
        return name;
    }

    Object handle() {
        return handle;
    }

    @Override
    public String toString() {
        return name;
    }
}
