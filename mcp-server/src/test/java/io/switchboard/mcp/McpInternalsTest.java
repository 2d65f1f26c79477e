package io.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.types.DataType;
import io.switchboard.mcp.Caller.QueryOwner;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The pieces with rules of their own: message inspection, the stdio line filter, kept results, JSON values, row estimates. */
final class McpInternalsTest {

    @Test
    void cancellationsAreConsumedAndRequestIdsTagged() {
        List<String> canceled = new ArrayList<>();
        IncomingMessages.Inspected cancel = IncomingMessages.inspect(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"abc-7\"}}", canceled::add);
        assertThat(cancel.consumed()).isTrue();
        assertThat(canceled).containsExactly("abc-7");

        IncomingMessages.Inspected call = IncomingMessages.inspect(
                "{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"_meta\":{\"io.switchboard/request-id\":\"forged\"}}}",
                canceled::add);
        assertThat(call.text()).contains("\"io.switchboard/request-id\":\"42\"").doesNotContain("forged");

        String list = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
        assertThat(IncomingMessages.inspect(list, canceled::add).text()).isSameAs(list);
        assertThat(IncomingMessages.inspect("{oops", canceled::add).errorResponse()).isEqualTo(IncomingMessages.PARSE_ERROR);
        assertThat(IncomingMessages.inspect("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\"}", canceled::add).errorResponse())
                .contains("-32602", "\"id\":3");
    }

    @Test
    void stdioFilterPassesLinesAndTakesOutCancellations() throws Exception {
        String input = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":5}}\n"
                + "\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}";
        List<String> canceled = new ArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        List<String> errors = new ArrayList<>();
        StdioMessageFilter filter = new StdioMessageFilter(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                canceled::add, () -> ended.set(true), errors::add);
        String passed = new String(filter.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(passed.lines().toList()).hasSize(2);
        assertThat(passed).contains("\"method\":\"ping\"", "\"io.switchboard/request-id\":\"2\"").doesNotContain("cancelled");
        assertThat(canceled).containsExactly("5");
        assertThat(ended).isTrue();
        assertThat(errors).isEmpty();
    }

    @Test
    void keptResultsExpireByTimeAndByBytes() {
        MutableClock clock = new MutableClock();
        ResultCache cache = new ResultCache(Duration.ofMinutes(10), 1000, clock);
        QueryOwner owner = new QueryOwner("s1", "alice");
        cache.keep("q1", owner, List.of(), List.of(List.of(1)), false, 600);
        cache.keep("q2", owner, List.of(), List.of(List.of(2)), false, 300);
        assertThat(cache.find("q1")).isPresent();
        cache.keep("q3", owner, List.of(), List.of(List.of(3)), false, 300);
        assertThat(cache.find("q1")).isEmpty();
        assertThat(cache.tombstone("q1").orElseThrow().reason()).contains("memory budget");
        assertThat(cache.bytes()).isEqualTo(600);

        clock.advance(Duration.ofMinutes(11));
        assertThat(cache.find("q2")).isEmpty();
        assertThat(cache.tombstone("q2").orElseThrow().reason()).contains("10 min");
        assertThat(cache.bytes()).isZero();
        assertThat(cache.tombstone("never")).isEmpty();

        String cursor = ResultCache.cursor("q2", 40);
        assertThat(ResultCache.offset("q2", cursor)).contains(40);
        assertThat(ResultCache.offset("q3", cursor)).isEmpty();
        assertThat(ResultCache.offset("q2", "%%%")).isEmpty();
    }

    @Test
    void valuesBecomeJsonAModelReadsExactly() {
        assertThat(JsonValues.toJson(42L, DataType.BIGINT)).isEqualTo(42L);
        assertThat(JsonValues.toJson(Long.MAX_VALUE, DataType.BIGINT)).isEqualTo("9223372036854775807");
        assertThat(JsonValues.toJson(new BigInteger("123456789012345678901234567890"), DataType.HUGEINT))
                .isEqualTo("123456789012345678901234567890");
        assertThat(JsonValues.toJson(new BigDecimal("1234.50"), DataType.decimal(15, 2))).isEqualTo(1234.5);
        assertThat(JsonValues.toJson(new BigDecimal("12345678901234567.89"), DataType.decimal(38, 2))).isEqualTo("12345678901234567.89");
        assertThat(JsonValues.toJson(Double.NaN, DataType.DOUBLE)).isEqualTo("NaN");
        assertThat(JsonValues.toJson(LocalDate.of(2026, 11, 21), DataType.DATE)).isEqualTo("2026-11-21");
        assertThat(JsonValues.toJson(new byte[] {1, 2, 3}, DataType.VARBINARY)).isEqualTo("AQID");
        assertThat(JsonValues.toJson(List.of(1, 2), DataType.array(DataType.INTEGER))).isEqualTo(List.of(1, 2));
        assertThat(JsonValues.toJson(List.of(7, "x"), DataType.row(List.of("a", "b"), List.of(DataType.INTEGER, DataType.VARCHAR))))
                .isEqualTo(Map.of("a", 7, "b", "x"));
    }

    @Test
    void outputSchemasAcceptAnswersOrErrorsAndNothingElse() {
        var validator = new io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator();
        Map<String, Object> schema = ToolCatalog.load().stream().filter(tool -> tool.name().equals("cancel_query"))
                .findFirst().orElseThrow().outputSchema();
        assertThat(validator.validate(schema, Map.of("query_id", "q", "canceled", true, "state", "CANCELING")).valid()).isTrue();
        assertThat(validator.validate(schema, Map.of("error", Map.of("code", "QUERY_NOT_FOUND", "category", "USER_ERROR",
                "message", "m", "retryable", false))).valid()).isTrue();
        assertThat(validator.validate(schema, Map.of("query_id", "q")).valid()).isFalse();
        assertThat(validator.validate(schema, Map.of("error", Map.of("code", "X"))).valid()).isFalse();
    }

    @Test
    void readsRowEstimatesFromEnginePlans() {
        assertThat(CatalogTools.parseRowEstimate("│ Table: demo.main.orders │\n│ ~15,000 rows │")).isEqualTo(15_000L);
        assertThat(CatalogTools.parseRowEstimate("Estimates: {rows: 60175 (5.2MB), cpu: ?}")).isEqualTo(60_175L);
        assertThat(CatalogTools.parseRowEstimate("no estimate here")).isNull();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-21T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
