package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DuckDB type names, as the JDBC driver reports them, parsed into neutral types. */
final class DuckDbTypesTest {
    @Test
    void mapsScalarTypesAndKeepsTheEngineName() {
        assertThat(DuckDbTypes.parse("BOOLEAN")).isEqualTo(DataType.BOOLEAN.withEngineTypeName("BOOLEAN"));
        assertThat(DuckDbTypes.parse("HUGEINT").kind()).isEqualTo(TypeKind.HUGEINT);
        assertThat(DuckDbTypes.parse("FLOAT").kind()).isEqualTo(TypeKind.REAL);
        assertThat(DuckDbTypes.parse("BLOB").kind()).isEqualTo(TypeKind.VARBINARY);
        assertThat(DuckDbTypes.parse("ENUM")).isEqualTo(DataType.VARCHAR.withEngineTypeName("ENUM"));
        assertThat(DuckDbTypes.parse("\"NULL\"")).isEqualTo(DataType.UNKNOWN.withEngineTypeName("\"NULL\""));
        assertThat(DuckDbTypes.parse("UNION(num INTEGER, str VARCHAR)").kind()).isEqualTo(TypeKind.UNKNOWN);
        assertThat(DuckDbTypes.parse("INVALID").kind()).isEqualTo(TypeKind.UNKNOWN);
    }

    @Test
    void widensUnsignedIntegers() {
        assertThat(DuckDbTypes.parse("UTINYINT").kind()).isEqualTo(TypeKind.SMALLINT);
        assertThat(DuckDbTypes.parse("USMALLINT").kind()).isEqualTo(TypeKind.INTEGER);
        assertThat(DuckDbTypes.parse("UINTEGER").kind()).isEqualTo(TypeKind.BIGINT);
        assertThat(DuckDbTypes.parse("UBIGINT")).isEqualTo(DataType.decimal(20, 0).withEngineTypeName("UBIGINT"));
        assertThat(DuckDbTypes.parse("UHUGEINT")).isEqualTo(DataType.decimal(39, 0).withEngineTypeName("UHUGEINT"));
    }

    @Test
    void readsDecimalPrecisionAndScale() {
        assertThat(DuckDbTypes.parse("DECIMAL(15,2)")).isEqualTo(DataType.decimal(15, 2).withEngineTypeName("DECIMAL(15,2)"));
        assertThat(DuckDbTypes.parse("DECIMAL(38, 10)").scale()).isEqualTo(10);
        assertThat(DuckDbTypes.parse("DECIMAL").precision()).isEqualTo(18);
    }

    @Test
    void givesTimesAndTimestampsTheirFractionalDigits() {
        assertThat(DuckDbTypes.parse("TIMESTAMP_S")).satisfies(type -> {
            assertThat(type.kind()).isEqualTo(TypeKind.TIMESTAMP);
            assertThat(type.precision()).isZero();
        });
        assertThat(DuckDbTypes.parse("TIMESTAMP_MS").precision()).isEqualTo(3);
        assertThat(DuckDbTypes.parse("TIMESTAMP").precision()).isEqualTo(6);
        assertThat(DuckDbTypes.parse("TIMESTAMP_NS").precision()).isEqualTo(9);
        assertThat(DuckDbTypes.parse("TIMESTAMP WITH TIME ZONE").kind()).isEqualTo(TypeKind.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(DuckDbTypes.parse("TIME WITH TIME ZONE").kind()).isEqualTo(TypeKind.TIME_WITH_TIME_ZONE);
        assertThat(DuckDbTypes.parse("TIME_NS").precision()).isEqualTo(9);
    }

    @Test
    void parsesNestedTypes() {
        DataType listOfLists = DuckDbTypes.parse("INTEGER[][]");
        assertThat(listOfLists.kind()).isEqualTo(TypeKind.ARRAY);
        assertThat(listOfLists.elementType().kind()).isEqualTo(TypeKind.ARRAY);
        assertThat(listOfLists.elementType().elementType()).isEqualTo(DataType.INTEGER.withEngineTypeName("INTEGER"));
        assertThat(listOfLists.elementType().engineTypeName()).isEqualTo("INTEGER[]");

        assertThat(DuckDbTypes.parse("DOUBLE[3]").elementType().kind()).isEqualTo(TypeKind.DOUBLE);

        DataType map = DuckDbTypes.parse("MAP(VARCHAR, DECIMAL(10,2)[])");
        assertThat(map.kind()).isEqualTo(TypeKind.MAP);
        assertThat(map.children().get(0).kind()).isEqualTo(TypeKind.VARCHAR);
        assertThat(map.children().get(1).elementType()).isEqualTo(DataType.decimal(10, 2).withEngineTypeName("DECIMAL(10,2)"));

        DataType struct = DuckDbTypes.parse("STRUCT(\"my \"\"odd\"\", field\" INTEGER, q ENUM('a,b', 'c)'), "
                + "\"when\" TIMESTAMP WITH TIME ZONE)[]");
        assertThat(struct.kind()).isEqualTo(TypeKind.ARRAY);
        DataType row = struct.elementType();
        assertThat(row.kind()).isEqualTo(TypeKind.ROW);
        assertThat(row.fieldNames()).containsExactly("my \"odd\", field", "q", "when");
        assertThat(row.children()).extracting(DataType::kind)
                .containsExactly(TypeKind.INTEGER, TypeKind.VARCHAR, TypeKind.TIMESTAMP_WITH_TIME_ZONE);
        assertThat(row.children().get(1).engineTypeName()).isEqualTo("ENUM('a,b', 'c)')");
    }

    @Test
    void splitsOnlyAtTopLevelCommas() {
        assertThat(DuckDbTypes.splitTopLevel("a INTEGER, b MAP(VARCHAR, INTEGER), c ENUM('x,y')"))
                .containsExactly("a INTEGER", " b MAP(VARCHAR, INTEGER)", " c ENUM('x,y')");
        assertThat(DuckDbTypes.splitTopLevel("VARCHAR")).isEqualTo(List.of("VARCHAR"));
    }
}
