package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.GuardProvider;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What guards see and say, through the wire: complete SQL with parameters written in, their
 * warnings as NoticeResponses, their denials as errors with a SQLSTATE.
 */
final class GuardsThroughTheWireTest {
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static WireTestServer server;

    /** Warns on "warn-me", rewrites "rewrite-me", denies "deny-me", and remembers every SQL it judged. */
    private static final Guard GUARD = new Guard() {
        @Override
        public String name() {
            return "TestGuard";
        }

        @Override
        public GuardVerdict evaluate(QueryContext context) {
            String sql = context.sql();
            SEEN.add(sql);
            if (sql.contains("deny-me")) {
                return GuardVerdict.deny(name(), ErrorCode.READ_ONLY_VIOLATION, "writes are not allowed here");
            }
            if (sql.contains("warn-me")) {
                return GuardVerdict.warn(name(), "this query looks expensive");
            }
            if (sql.contains("rewrite-me")) {
                return GuardVerdict.rewrite(name(), "SELECT 'rewritten' AS v", "replaced the query");
            }
            return GuardVerdict.allow(name());
        }

        /** Cuts "truncate-me" results after three rows, as a row limit's backstop does, and says so. */
        @Override
        public ResultStream filterResult(QueryContext context, ResultStream result) {
            if (!context.sql().contains("truncate-me")) {
                return result;
            }
            return new ResultStream() {
                private int passed;
                private boolean truncated;

                @Override
                public List<Column> columns() {
                    return result.columns();
                }

                @Override
                public RowBatch nextBatch() {
                    if (passed >= 3) {
                        return null;
                    }
                    RowBatch batch = result.nextBatch();
                    if (batch == null) {
                        return null;
                    }
                    if (passed + batch.size() > 3) {
                        truncated = true;
                        batch = new RowBatch(new ArrayList<>(batch.rows().subList(0, 3 - passed)));
                    }
                    passed += batch.size();
                    return batch;
                }

                @Override
                public boolean truncated() {
                    return truncated;
                }

                @Override
                public void cancel() {
                    result.cancel();
                }

                @Override
                public void close() {
                    result.close();
                }
            };
        }
    };

    @BeforeAll
    static void start() {
        server = WireTestServer.withGuards(new GuardProvider() {
            @Override
            public List<Guard> globalGuards(QueryContext context) {
                return List.of(GUARD);
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void guardsSeeParametersWrittenIn() throws SQLException {
        try (Connection connection = server.connect("prepareThreshold=1");
                PreparedStatement statement = connection.prepareStatement("SELECT ? AS who, ? AS n /* bound-probe */")) {
            statement.setString(1, "O'Brien");
            statement.setInt(2, 7);
            statement.executeQuery().close();
        }
        assertThat(SEEN).contains("SELECT 'O''Brien' AS who, 7 AS n /* bound-probe */");
    }

    @Test
    void warningsBecomeNotices() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1 AS x /* warn-me */")) {
            assertThat(rs.next()).isTrue();
            SQLWarning warning = statement.getWarnings();
            assertThat((Object) warning).isNotNull();
            assertThat(warning.getMessage()).contains("TestGuard: this query looks expensive");
        }
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1 /* rewrite-me */")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("rewritten");
            assertThat(statement.getWarnings().getMessage()).contains("replaced the query");
        }
    }

    @Test
    void aTruncatedResultEndsWithANotice() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM range(10) /* truncate-me */")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(3);
            SQLWarning warning = statement.getWarnings();
            assertThat((Object) warning).isNotNull();
            assertThat(warning.getMessage()).contains("Result truncated").contains("after 3 rows");
            assertThat(warning.getSQLState()).isEqualTo("01000");
        }
        // The extended protocol (prepared statements) says it too; a whole result says nothing.
        try (Connection connection = server.connect("prepareThreshold=1");
                PreparedStatement statement = connection.prepareStatement("SELECT * FROM range(?) /* truncate-me */")) {
            statement.setInt(1, 10);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getLong(1)).isLessThan(3);
                }
            }
            assertThat(statement.getWarnings().getMessage()).contains("Result truncated");
            statement.setInt(1, 2);
            statement.clearWarnings();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getLong(1)).isLessThan(2);
                }
            }
            assertThat((Object) statement.getWarnings()).isNull();
        }
    }

    @Test
    void denialsBecomeErrorsAndTheConnectionStays() throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("SELECT 1 /* deny-me */"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("25006");
                        assertThat(e.getMessage()).contains("Query denied by TestGuard: writes are not allowed here");
                    });
            try (ResultSet rs = statement.executeQuery("SELECT 'next'")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
