package io.switchboard.translation;

import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one GraalPy context of the test run: creating one costs ~15 s here, so every test class
 * shares it (surefire runs all classes in one JVM). Closed when the test JVM exits.
 */
final class SharedSqlglot {
    static final Duration WARMUP_LIMIT = Duration.ofMinutes(3);
    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    private SharedSqlglot() {}

    static GraalPySqlglot get() {
        return GraalPySqlglot.shared();
    }

    /** The shared sqlglot after its warm-up, bounded so that a broken start fails the test instead of hanging it. */
    static GraalPySqlglot ready() {
        GraalPySqlglot sqlglot = get();
        sqlglot.readiness().orTimeout(WARMUP_LIMIT.toSeconds(), TimeUnit.SECONDS).join();
        return sqlglot;
    }

    static QueryContext context(String sql, Dialect source) {
        Session session = Session.builder("tester", FrontendProtocol.INTERNAL).build();
        return QueryContext.of(QueryRequest.of(sql, source, session), ANALYZER.analyze(sql, source));
    }
}
