package io.switchboard.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class QueryIdTest {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    @Test
    void idsCarryTheCurrentUtcSecondACounterAndARandomTail() {
        Instant before = Instant.now().minusSeconds(1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            QueryId id = QueryId.next();
            assertThat(id.value()).matches("\\d{8}_\\d{6}_\\d{5}_[a-km-z2-9]{5}");
            Instant second = LocalDateTime.parse(id.value().substring(0, 15), SECOND).toInstant(ZoneOffset.UTC);
            assertThat(second).isBetween(before, Instant.now());
            assertThat(QueryId.issuedSecond(id.value())).contains(second);
            assertThat(seen.add(id.value())).isTrue();
        }
    }

    @Test
    void theCounterIsZeroPaddedToFiveDigits() {
        String counter = QueryId.next().value().substring(16, 21);
        String next = QueryId.next().value().substring(16, 21);
        assertThat(Integer.parseInt(next)).isEqualTo((Integer.parseInt(counter) + 1) % 100_000);
    }

    @Test
    void onlyIdsOfSwitchboardsOwnFormHaveAnIssuedSecond() {
        assertThat(QueryId.issuedSecond("20261121_054200_00001_k3x9p")).contains(Instant.parse("2026-11-21T05:42:00Z"));
        assertThat(QueryId.issuedSecond("no-such-query")).isEmpty();
        assertThat(QueryId.issuedSecond("")).isEmpty();
        assertThat(QueryId.issuedSecond("20261321_054200_00001_k3x9p")).as("month 13").isEmpty();
        assertThat(QueryId.issuedSecond("2026112a_054200_00001_k3x9p")).isEmpty();
        assertThat(QueryId.issuedSecond("20261121-054200-00001-k3x9p")).isEmpty();
        assertThat(QueryId.issuedSecond("health_12345_20261121_054200")).isEmpty();
    }
}
