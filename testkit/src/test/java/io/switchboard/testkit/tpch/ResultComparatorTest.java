package io.switchboard.testkit.tpch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparator is strict where answers are exact and tolerant only by the printed precision. */
final class ResultComparatorTest {
    @Test
    void integersMustBeExact() {
        assertThat(ResultComparator.valueMatches("14876", 14876L)).isTrue();
        assertThat(ResultComparator.valueMatches("14876", 14877L)).isFalse();
        assertThat(ResultComparator.valueMatches("7", 7)).isTrue();
        assertThat(ResultComparator.valueMatches("7", new BigInteger("7"))).isTrue();
        assertThat(ResultComparator.valueMatches("380456", new BigDecimal("380456"))).isTrue();
        assertThat(ResultComparator.valueMatches("380456", new BigDecimal("380457"))).isFalse();
        assertThat(ResultComparator.valueMatches("seven", 7)).isFalse();
    }

    @Test
    void decimalsMayDifferByOneUnitOfTheLastPrintedDigit() {
        assertThat(ResultComparator.valueMatches("25.58", 25.575154611454693)).isTrue();
        assertThat(ResultComparator.valueMatches("25.58", 25.5699)).isFalse();
        assertThat(ResultComparator.valueMatches("380456", new BigDecimal("380456.00"))).isTrue();
        assertThat(ResultComparator.valueMatches("374331.534", new BigDecimal("374331.5340"))).isTrue();
        assertThat(ResultComparator.valueMatches("374331.534", new BigDecimal("374331.5360"))).isFalse();
        assertThat(ResultComparator.valueMatches("15.4865458122841", 15.48654581228407)).isTrue();
        assertThat(ResultComparator.valueMatches("15.4865458122841", 15.4865458122861)).isFalse();
        assertThat(ResultComparator.valueMatches("0.05", 0.05008133906964238f)).isTrue();
    }

    @Test
    void textIgnoresCharPaddingAndDatesCompareAsIsoText() {
        assertThat(ResultComparator.valueMatches("BRAZIL", "BRAZIL                   ")).isTrue();
        assertThat(ResultComparator.valueMatches("BRAZIL", " BRAZIL")).isFalse();
        assertThat(ResultComparator.valueMatches("1995-03-15", LocalDate.of(1995, 3, 15))).isTrue();
        assertThat(ResultComparator.valueMatches("1995-03-15", java.sql.Date.valueOf("1995-03-15"))).isTrue();
        assertThat(ResultComparator.valueMatches("1995-03-15", LocalDate.of(1995, 3, 16))).isFalse();
    }

    @Test
    void nullMatchesOnlyNull() {
        assertThat(ResultComparator.valueMatches(null, null)).isTrue();
        assertThat(ResultComparator.valueMatches(null, 0)).isFalse();
        assertThat(ResultComparator.valueMatches("0", null)).isFalse();
    }

    @Test
    void aFailureNamesTheQueryRowColumnAndBothValues() {
        TpchQuery query = new TpchQuery(5, "SELECT ...", List.of(List.of("VIETNAM", "1000926.6999"),
                List.of("CHINA", "740210.757")), false);
        ResultComparator.assertMatches(query, List.of(List.of("VIETNAM", new BigDecimal("1000926.6999")),
                List.of("CHINA", new BigDecimal("740210.7570"))));
        assertThatThrownBy(() -> ResultComparator.assertMatches(query, List.of(
                        List.of("VIETNAM", new BigDecimal("1000926.6999")), List.of("CHINA", new BigDecimal("740211.7570")))))
                .isInstanceOf(AssertionError.class)
                .hasMessage("q5: row 2, column 2: expected '740210.757' but was '740211.7570' (java.math.BigDecimal)");
        assertThatThrownBy(() -> ResultComparator.assertMatches(query, List.of(List.of("VIETNAM", BigDecimal.ONE))))
                .hasMessageStartingWith("q5: expected 2 rows but got 1");
        assertThatThrownBy(() -> ResultComparator.assertMatches(query, List.of(List.of("VIETNAM"), List.of("CHINA"))))
                .hasMessageStartingWith("q5: row 1: expected 2 columns but got 1");
    }

    @Test
    void rowOrderMattersUnlessTheQueryIgnoresIt() {
        List<List<String>> expected = List.of(List.of("a", "1"), List.of("b", "2"));
        List<List<Object>> swapped = List.of(List.of("b", 2), List.of("a", 1));
        assertThat(ResultComparator.firstDifference(new TpchQuery(1, "", expected, false), swapped)).isPresent();
        assertThat(ResultComparator.firstDifference(new TpchQuery(1, "", expected, true), swapped)).isEmpty();
        assertThat(ResultComparator.firstDifference(new TpchQuery(1, "", expected, true),
                        List.of(List.of("a", 1), List.of("a", 1))))
                .get().asString().contains("expected row 2");
        assertThat(ResultComparator.firstDifference(new TpchQuery(1, "", List.of(Arrays.asList("x", null)), false),
                        List.of(Arrays.asList("x", null))))
                .isEmpty();
    }
}
