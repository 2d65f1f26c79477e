package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.SwitchboardException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The injection boundary: Bind values become literals that can only ever be one value. */
final class ParameterBinderTest {

    @Test
    void placeholdersInsideStringsCommentsAndNamesAreLeftAlone() {
        String sql = "SELECT $1, '$2', \"$3\", $$ $4 $$, E'\\' $5', x /* $6 */ -- $7\n FROM t WHERE a = $2";
        ParameterBinder.Placeholders placeholders = ParameterBinder.find(sql);
        assertThat(placeholders.count()).isEqualTo(2);
        assertThat(placeholders.positions()).extracting(ParameterBinder.Placeholder::number).containsExactly(1, 2);
        String bound = bind(sql, new PgType[] {PgType.INT4, PgType.TEXT}, "1", "two");
        assertThat(bound).isEqualTo("SELECT 1, '$2', \"$3\", $$ $4 $$, E'\\' $5', x /* $6 */ -- $7\n FROM t WHERE a = 'two'");
        // A bare ? is PostgreSQL's jsonb operator, not a placeholder.
        assertThat(ParameterBinder.find("SELECT doc ? 'key' FROM t WHERE id = $1").count()).isEqualTo(1);
    }

    @Test
    void stringsCannotBreakOutOfTheirLiteral() {
        String evil = "x'); DROP TABLE users; --";
        assertThat(bind("SELECT $1", new PgType[] {PgType.VARCHAR}, evil)).isEqualTo("SELECT 'x''); DROP TABLE users; --'");
        assertThat(bind("SELECT $1", new PgType[] {null}, "back\\slash' OR '1'='1")).isEqualTo("SELECT 'back\\slash'' OR ''1''=''1'");
        assertThat(bind("SELECT $1", new PgType[] {PgType.DATE}, "2024-01-01'::date; DELETE FROM t; --"))
                .isEqualTo("SELECT CAST('2024-01-01''::date; DELETE FROM t; --' AS DATE)");
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.TEXT}, "nul\0byte"))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("0x00");
    }

    @Test
    void numbersAreCheckedAndNeverJoinTheTextAroundThem() {
        assertThat(bind("SELECT 10-$1", new PgType[] {PgType.INT4}, "-5")).isEqualTo("SELECT 10-(-5)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.INT4}, " +42 ")).isEqualTo("SELECT 42");
        assertThat(bind("SELECT $1", new PgType[] {PgType.INT8}, "9223372036854775807")).isEqualTo("SELECT CAST(9223372036854775807 AS BIGINT)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.INT2}, "-7")).isEqualTo("SELECT CAST(-7 AS SMALLINT)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.NUMERIC}, "-1.50e2")).isEqualTo("SELECT (-150)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.NUMERIC}, "NaN")).isEqualTo("SELECT CAST('NaN' AS NUMERIC)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.NUMERIC}, "1e100000")).isEqualTo("SELECT CAST('1e100000' AS NUMERIC)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.FLOAT8}, "-Infinity")).isEqualTo("SELECT CAST('-Infinity' AS DOUBLE PRECISION)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.FLOAT4}, "1.5")).isEqualTo("SELECT CAST('1.5' AS REAL)");
        assertThat(bind("SELECT a FROM t LIMIT $1", new PgType[] {PgType.INT4}, "10")).isEqualTo("SELECT a FROM t LIMIT 10");
        assertThat(bind("SELECT x$1", new PgType[] {PgType.INT4}, "1")).isEqualTo("SELECT x$1"); // a name, not a placeholder
        assertThat(bind("SELECT 1 WHERE a=$1AND b", new PgType[] {PgType.INT4}, "5")).isEqualTo("SELECT 1 WHERE a=5 AND b");
        for (String bad : new String[] {"1; DROP TABLE t", "1 OR 1=1", "0x10", "1e5", "", "--1", "(1)"}) {
            assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.INT4}, bad)).as(bad)
                    .isInstanceOf(SwitchboardException.class).hasMessageContaining("invalid input syntax for type integer");
        }
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.INT4}, "2147483648"))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.FLOAT8}, "1.0); DROP TABLE t; --"))
                .isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.NUMERIC}, "1 + 1")).isInstanceOf(SwitchboardException.class);
    }

    @Test
    void booleansNullsAndTypedValues() {
        assertThat(bind("SELECT $1, $2, $3", new PgType[] {PgType.BOOL, PgType.BOOL, PgType.BOOL}, "t", "off", "YES"))
                .isEqualTo("SELECT TRUE, FALSE, TRUE");
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.BOOL}, "true; --")).isInstanceOf(SwitchboardException.class);
        assertThat(ParameterBinder.bind("SELECT $1, $2", ParameterBinder.find("SELECT $1, $2"), new PgType[] {PgType.INT4, null},
                new boolean[2], new byte[][] {null, null})).isEqualTo("SELECT CAST(NULL AS INTEGER), NULL");
        assertThat(bind("SELECT $1", new PgType[] {PgType.TIMESTAMPTZ}, "2024-01-01 10:00:00+02"))
                .isEqualTo("SELECT CAST('2024-01-01 10:00:00+02' AS TIMESTAMP WITH TIME ZONE)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.UUID}, "4a1f52e4-2b7c-4e6f-9f0b-3b2b7ff0a001"))
                .isEqualTo("SELECT CAST('4a1f52e4-2b7c-4e6f-9f0b-3b2b7ff0a001' AS UUID)");
        assertThat(bind("SELECT $1", new PgType[] {PgType.byOid(600)}, "(1,2)")).isEqualTo("SELECT '(1,2)'");
    }

    @Test
    void byteaBecomesAHexLiteral() {
        assertThat(bind("SELECT $1", new PgType[] {PgType.BYTEA}, "\\x00ff27")).isEqualTo("SELECT X'00ff27'");
        assertThat(bind("SELECT $1", new PgType[] {PgType.BYTEA}, "a\\\\b\\001'")).isEqualTo("SELECT X'615c620127'");
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.BYTEA}, "\\xZZ")).isInstanceOf(SwitchboardException.class);
        assertThat(ParameterBinder.literal(PgType.BYTEA, true, new byte[] {0, 39, -1}, 1)).isEqualTo("X'0027ff'");
    }

    @Test
    void arraysBecomeArrayConstructors() {
        assertThat(bind("SELECT $1", new PgType[] {PgType.INT4.arrayType()}, "{1,NULL,-3}"))
                .isEqualTo("SELECT CAST(ARRAY[1,NULL,(-3)] AS INTEGER[])");
        assertThat(bind("SELECT $1", new PgType[] {PgType.TEXT.arrayType()}, "{\"a'b\",\"c,d\",NULL,\"NULL\"}"))
                .isEqualTo("SELECT CAST(ARRAY['a''b','c,d',NULL,'NULL'] AS VARCHAR[])");
        assertThat(bind("SELECT $1", new PgType[] {PgType.INT8.arrayType()}, "{{1,2},{3,4}}"))
                .isEqualTo("SELECT CAST(ARRAY[ARRAY[CAST(1 AS BIGINT),CAST(2 AS BIGINT)],ARRAY[CAST(3 AS BIGINT),CAST(4 AS BIGINT)]] AS BIGINT[][])");
        assertThat(bind("SELECT $1", new PgType[] {PgType.INT4.arrayType()}, "{}")).isEqualTo("SELECT CAST(ARRAY[] AS INTEGER[])");
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.INT4.arrayType()}, "{1,2); DROP TABLE t; --}"))
                .isInstanceOf(SwitchboardException.class);
        assertThatThrownBy(() -> bind("SELECT $1", new PgType[] {PgType.INT4.arrayType()}, "{1,2"))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("malformed array literal");
        byte[] binaryArray = HexFormat.of().parseHex("000000010000000100000017000000030000000100000004000000010000000400000002ffffffff");
        assertThat(ParameterBinder.literal(PgType.INT4.arrayType(), true, binaryArray, 1)).isEqualTo("CAST(ARRAY[1,2,NULL] AS INTEGER[])");
    }

    @Test
    void binaryValuesOfEveryType() {
        assertThat(ParameterBinder.literal(PgType.INT4, true, ByteBuffer.allocate(4).putInt(-9).array(), 1)).isEqualTo("(-9)");
        assertThat(ParameterBinder.literal(PgType.INT8, true, ByteBuffer.allocate(8).putLong(Long.MIN_VALUE).array(), 1))
                .isEqualTo("CAST(-9223372036854775808 AS BIGINT)");
        assertThat(ParameterBinder.literal(PgType.FLOAT8, true, ByteBuffer.allocate(8).putDouble(0.1).array(), 1))
                .isEqualTo("CAST('0.1' AS DOUBLE PRECISION)");
        assertThat(ParameterBinder.literal(PgType.FLOAT4, true, ByteBuffer.allocate(4).putFloat(1.1f).array(), 1))
                .isEqualTo("CAST('1.1' AS REAL)");
        assertThat(ParameterBinder.literal(PgType.BOOL, true, new byte[] {1}, 1)).isEqualTo("TRUE");
        assertThat(ParameterBinder.literal(PgType.TEXT, true, "it's".getBytes(StandardCharsets.UTF_8), 1)).isEqualTo("'it''s'");
        assertThat(ParameterBinder.literal(PgType.TIMESTAMPTZ, true, HexFormat.of().parseHex("0000000000000000"), 1))
                .isEqualTo("CAST('2000-01-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE)");
        assertThat(ParameterBinder.literal(PgType.INTERVAL, true, HexFormat.of().parseHex("000000036c9361a0000000030000000e"), 1))
                .isEqualTo("CAST('1 year 2 mons 3 days 04:05:06.5' AS INTERVAL)");
        assertThatThrownBy(() -> ParameterBinder.literal(null, true, new byte[] {1}, 3))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("$3");
    }

    @Test
    void describedStatementsCastDeclaredTypes() {
        String sql = "SELECT $1, $2, '$1' FROM t WHERE a = $1";
        ParameterBinder.Placeholders placeholders = ParameterBinder.find(sql);
        assertThat(ParameterBinder.typedForDescribe(sql, placeholders, new PgType[] {PgType.INT8, PgType.VARCHAR}))
                .isEqualTo("SELECT CAST($1 AS BIGINT), $2, '$1' FROM t WHERE a = CAST($1 AS BIGINT)");
        assertThatThrownBy(() -> ParameterBinder.find("SELECT $0")).isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("there is no parameter $0");
    }

    private static String bind(String sql, PgType[] types, String... values) {
        byte[][] raw = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            raw[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return ParameterBinder.bind(sql, ParameterBinder.find(sql), types, new boolean[values.length], raw);
    }
}
