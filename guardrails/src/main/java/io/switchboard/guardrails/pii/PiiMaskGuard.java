package io.switchboard.guardrails.pii;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.result.ResultStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Masks personal data in results, for every frontend: columns are classified from their names and
 * a bounded sample of their values, then each value of a classified column is redacted, masked,
 * hashed with a key or replaced, as the policy says. Which users, groups and frontends get which
 * policy is decided by where the guard is configured (its {@code when}/{@code unless}).
 */
public final class PiiMaskGuard implements Guard {
    public static final String NAME = "PIIMaskGuard";

    private final PiiPolicy policy;
    private final KeyedHash hash;
    private final Consumer<List<String>> classificationListener;

    public PiiMaskGuard(PiiPolicy policy) {
        this(policy, masked -> { });
    }

    /** With a listener that hears, once per result, which columns are masked and how (for tests and metrics). */
    public PiiMaskGuard(PiiPolicy policy, Consumer<List<String>> classificationListener) {
        this.policy = requireNonNull(policy, "policy is null");
        this.hash = new KeyedHash(policy.hashKey());
        this.classificationListener = requireNonNull(classificationListener, "classificationListener is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    public PiiPolicy policy() {
        return policy;
    }

    @Override
    public ResultStream filterResult(QueryContext context, ResultStream result) {
        if (result.columns().isEmpty()) {
            return result;
        }
        return new MaskingResultStream(result, policy, hash, classificationListener);
    }
}
