package io.switchboard.guardrails.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.Column;
import io.switchboard.core.result.ForwardingResultStream;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.ResultStreams;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.types.DataType;
import io.switchboard.guardrails.GuardTesting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PIIMask on streams: classification from a bounded sample, operators per entity, types kept. */
final class PiiMaskGuardTest {
    private static final byte[] KEY = "a-test-key-of-32-bytes-----------".getBytes(StandardCharsets.UTF_8);

    private static PiiPolicy policy(Map<PiiEntity, MaskingOperator> operators, int sampleRows) {
        return new PiiPolicy(operators, MaskingOperator.MASK, Map.of(PiiEntity.EMAIL, "someone@example.invalid"),
                PiiPolicy.DEFAULT_REDACTED_TEXT, KEY, sampleRows, PiiPolicy.DEFAULT_MIN_MATCH_RATIO, Map.of(), Set.of());
    }

    private static List<Object[]> drain(ResultStream stream) {
        List<Object[]> rows = new ArrayList<>();
        for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
            rows.addAll(batch.rows());
        }
        return rows;
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("id", DataType.BIGINT),
            new Column("email", DataType.VARCHAR),
            new Column("value", DataType.VARCHAR),
            new Column("ssn", DataType.BIGINT),
            new Column("note", DataType.VARCHAR));

    private static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1L, "alice@example.com", "4111 1111 1111 1111", 123456789L, "hello"});
        rows.add(new Object[] {2L, "bob@example.org", "5500-0000-0000-0004", 219099999L, null});
        rows.add(new Object[] {3L, null, "340000000000009", 178051120L, "order ORD-1"});
        rows.add(new Object[] {4L, "alice@example.com", "6011000990139424", 123456789L, "4111 1111 1111 1111"});
        return rows;
    }

    @Test
    void eachEntityGetsItsOperatorAndColumnsKeepTheirTypes() {
        PiiMaskGuard guard = new PiiMaskGuard(policy(Map.of(PiiEntity.EMAIL, MaskingOperator.HASH,
                PiiEntity.CREDIT_CARD, MaskingOperator.MASK, PiiEntity.US_SSN, MaskingOperator.HASH), 100));
        List<Object[]> rows = drain(guard.filterResult(GuardTesting.context("SELECT 1", Dialect.DUCKDB),
                ResultStreams.of(COLUMNS, rows())));
        assertThat(rows).hasSize(4);
        // Emails: keyed hash, equal inputs equal outputs (joins and distinct counts still work).
        assertThat((String) rows.get(0)[1]).startsWith("h:").isEqualTo(rows.get(3)[1]).isNotEqualTo(rows.get(1)[1]);
        assertThat(rows.get(2)[1]).isNull();
        // Cards in a column with a neutral name, found by their values: all but the last four hidden.
        assertThat(rows.get(0)[2]).isEqualTo("**** **** **** 1111");
        assertThat(rows.get(1)[2]).isEqualTo("****-****-****-0004");
        // SSNs stored as integers: hashed into integers, so the column stays BIGINT.
        assertThat(rows.get(0)[3]).isInstanceOf(Long.class).isNotEqualTo(123456789L).isEqualTo(rows.get(3)[3]);
        // Ids and free text are not personal data by name or by value.
        assertThat(rows.get(0)[0]).isEqualTo(1L);
        assertThat(rows.get(0)[4]).isEqualTo("hello");
        assertThat(rows.get(3)[4]).isEqualTo("4111 1111 1111 1111");
    }

    @Test
    void redactAndReplaceWriteTheirMarkers() {
        PiiMaskGuard guard = new PiiMaskGuard(policy(Map.of(PiiEntity.EMAIL, MaskingOperator.REPLACE,
                PiiEntity.CREDIT_CARD, MaskingOperator.REDACT, PiiEntity.US_SSN, MaskingOperator.REDACT), 100));
        List<Object[]> rows = drain(guard.filterResult(GuardTesting.context("SELECT 1", Dialect.DUCKDB),
                ResultStreams.of(COLUMNS, rows())));
        assertThat(rows.get(0)[1]).isEqualTo("someone@example.invalid");
        assertThat(rows.get(0)[2]).isEqualTo("[REDACTED]");
        // An integer column cannot hold the marker: redaction makes it NULL.
        assertThat(rows.get(0)[3]).isNull();
    }

    @Test
    void classificationHoldsBackOnlyTheSampleThenStreams() {
        Deque<RowBatch> batches = new ArrayDeque<>();
        for (int b = 0; b < 50; b++) {
            List<Object[]> rows = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                rows.add(new Object[] {"user" + b + "_" + r + "@example.com"});
            }
            batches.add(new RowBatch(rows));
        }
        int[] pulled = {0};
        ResultStream engine = new ResultStream() {
            @Override
            public List<Column> columns() {
                return List.of(new Column("contact", DataType.VARCHAR));
            }

            @Override
            public RowBatch nextBatch() {
                RowBatch batch = batches.poll();
                if (batch != null) {
                    pulled[0]++;
                }
                return batch;
            }

            @Override
            public void cancel() { }

            @Override
            public void close() { }
        };
        List<List<String>> classified = new ArrayList<>();
        PiiMaskGuard guard = new PiiMaskGuard(policy(Map.of(), 30), classified::add);
        ResultStream masked = guard.filterResult(GuardTesting.context("SELECT 1", Dialect.DUCKDB), engine);
        RowBatch first = masked.nextBatch();
        // 30 sampled rows are three batches of ten: no more was read before the first batch came out.
        assertThat(pulled[0]).isEqualTo(3);
        assertThat(classified).containsExactly(List.of("contact=email:mask"));
        assertThat((String) first.rows().get(0)[0]).doesNotContain("user0_0").endsWith("e.com");
        int total = first.size();
        for (RowBatch batch = masked.nextBatch(); batch != null; batch = masked.nextBatch()) {
            total += batch.size();
            assertThat(batch.rows()).allSatisfy(row -> assertThat((String) row[0]).startsWith("*"));
        }
        assertThat(total).isEqualTo(500);
    }

    @Test
    void truncationOfAnInnerStreamShowsThrough() {
        ResultStream truncated = new ForwardingResultStream(ResultStreams.of(COLUMNS, rows())) {
            @Override
            public boolean truncated() {
                return true;
            }
        };
        ResultStream masked = new PiiMaskGuard(policy(Map.of(), 10)).filterResult(GuardTesting.context("SELECT 1", Dialect.DUCKDB), truncated);
        drain(masked);
        assertThat(masked.truncated()).isTrue();
    }
}
