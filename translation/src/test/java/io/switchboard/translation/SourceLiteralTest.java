package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SourceLiteralTest {

    private static List<SourceLiteral> literals(String sql, Dialect dialect) {
        return SourceLiteral.of(SqlLexer.tokenize(sql, dialect), dialect);
    }

    @Test
    void decodesStringsByTheSourceDialectsRules() {
        assertThat(SourceLiteral.decodeString("'it''s'", Dialect.POSTGRES)).isEqualTo("it's");
        assertThat(SourceLiteral.decodeString("'a\\b'", Dialect.POSTGRES)).isEqualTo("a\\b");
        assertThat(SourceLiteral.decodeString("'it\\'s\\n'", Dialect.MYSQL)).isEqualTo("it's\n");
        assertThat(SourceLiteral.decodeString("\"double\"", Dialect.MYSQL)).isEqualTo("double");
        assertThat(SourceLiteral.decodeString("'a\\\\b'", Dialect.CLICKHOUSE)).isEqualTo("a\\b");
        // Spellings the cache leaves to sqlglot.
        assertThat(SourceLiteral.decodeString("'100\\%'", Dialect.MYSQL)).isNull();
        assertThat(SourceLiteral.decodeString("E'x'", Dialect.POSTGRES)).isNull();
        assertThat(SourceLiteral.decodeString("$$x$$", Dialect.POSTGRES)).isNull();
        assertThat(SourceLiteral.decodeString("'open", Dialect.POSTGRES)).isNull();
    }

    @Test
    void onlyPlainNumbersAreRebound() {
        assertThat(SourceLiteral.numberForm("42")).isEqualTo("int");
        assertThat(SourceLiteral.numberForm("0")).isEqualTo("int");
        assertThat(SourceLiteral.numberForm("0.25")).isEqualTo("decimal");
        assertThat(SourceLiteral.numberForm("12.50")).isEqualTo("decimal");
        assertThat(SourceLiteral.numberForm(".5")).isNull();
        assertThat(SourceLiteral.numberForm("5.")).isNull();
        assertThat(SourceLiteral.numberForm("1e3")).isNull();
        assertThat(SourceLiteral.numberForm("0x1F")).isNull();
        assertThat(SourceLiteral.numberForm("1_000")).isNull();
        assertThat(SourceLiteral.numberForm("007")).isNull();
    }

    @Test
    void signaturesCollapseDigitsAndPlainLettersButKeepEverythingSqlglotMightRead() {
        List<SourceLiteral> literals = literals("SELECT 'Smith', '2024-01-31', 'O''Brien', '%Y-%m', 0, 1, 17, 2.50", Dialect.POSTGRES);

        assertThat(literals.get(0).signature(true)).isEqualTo("'a'");
        assertThat(literals.get(0).signature(false)).isEqualTo("'Smith'");
        assertThat(literals.get(1).signature(true)).isEqualTo("'9-9-9'");
        assertThat(literals.get(2).signature(true)).isEqualTo("'a''a'");
        assertThat(literals.get(3).signature(false)).isEqualTo("'%Y-%m'");
        assertThat(literals.get(4).signature(true)).isEqualTo("0");
        assertThat(literals.get(5).signature(true)).isEqualTo("1");
        assertThat(literals.get(6).signature(true)).isEqualTo("int");
        assertThat(literals.get(7).signature(true)).isEqualTo("decimal");
    }

    @Test
    void backslashEscapesKeepTheirLetterInTheSignature() {
        List<SourceLiteral> literals = literals("SELECT 'a\\nb', 'a\\tb'", Dialect.MYSQL);

        assertThat(literals.get(0).signature(true)).isEqualTo("'a\\na'");
        assertThat(literals.get(1).signature(true)).isEqualTo("'a\\ta'");
    }

    @Test
    void keepsPositionsForRebinding() {
        String sql = "SELECT a FROM t WHERE b = 'x' LIMIT 10";
        List<SourceLiteral> literals = literals(sql, Dialect.TRINO);

        assertThat(literals).hasSize(2);
        assertThat(sql.substring(literals.get(0).start(), literals.get(0).end())).isEqualTo("'x'");
        assertThat(sql.substring(literals.get(1).start(), literals.get(1).end())).isEqualTo("10");
    }
}
