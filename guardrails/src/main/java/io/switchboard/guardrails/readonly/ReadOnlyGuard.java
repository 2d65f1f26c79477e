package io.switchboard.guardrails.readonly;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;

/**
 * Lets only reads through, in every dialect Switchboard speaks. Fails closed: text the guard
 * cannot judge with confidence (look-alike characters, ambiguous comments, and, when configured,
 * text that does not parse) is denied like a write.
 */
public final class ReadOnlyGuard implements Guard {
    public static final String NAME = "ReadOnlyGuard";

    private final ReadOnlyOptions options;
    private final ReadOnlyInspector inspector;

    public ReadOnlyGuard(ReadOnlyOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.inspector = new ReadOnlyInspector(options);
    }

    public ReadOnlyOptions options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GuardVerdict evaluate(QueryContext context) {
        Finding finding = inspect(context);
        return finding == null ? GuardVerdict.allow(NAME) : GuardVerdict.deny(NAME, finding.code(), finding.message());
    }

    /** The reason the query is not a read, or null; public for tests and tools that explain a denial. */
    public Finding inspect(QueryContext context) {
        return inspector.inspect(context.analysis());
    }
}
