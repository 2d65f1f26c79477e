package io.switchboard.engines.postgres;

import io.switchboard.core.types.DataType;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Type OIDs in RowDescription and ParameterDescription messages, to the names pgjdbc reports
 * ({@code int4}, {@code _text}) and from there to neutral types through {@link PostgresTypes}.
 * The built-in types have fixed OIDs; others (enums, domains, extension types such as citext)
 * are looked up in {@code pg_type} once per cluster.
 */
final class PgTypeNames {
    static final Map<Integer, String> BUILT_IN = Map.ofEntries(
            Map.entry(16, "bool"), Map.entry(17, "bytea"), Map.entry(18, "char"), Map.entry(19, "name"),
            Map.entry(20, "int8"), Map.entry(21, "int2"), Map.entry(23, "int4"), Map.entry(24, "regproc"),
            Map.entry(25, "text"), Map.entry(26, "oid"), Map.entry(27, "tid"), Map.entry(28, "xid"),
            Map.entry(114, "json"), Map.entry(142, "xml"), Map.entry(194, "pg_node_tree"), Map.entry(650, "cidr"),
            Map.entry(700, "float4"), Map.entry(701, "float8"), Map.entry(705, "unknown"), Map.entry(790, "money"),
            Map.entry(829, "macaddr"), Map.entry(869, "inet"), Map.entry(1042, "bpchar"), Map.entry(1043, "varchar"),
            Map.entry(1082, "date"), Map.entry(1083, "time"), Map.entry(1114, "timestamp"), Map.entry(1184, "timestamptz"),
            Map.entry(1186, "interval"), Map.entry(1266, "timetz"), Map.entry(1560, "bit"), Map.entry(1562, "varbit"),
            Map.entry(1700, "numeric"), Map.entry(1790, "refcursor"), Map.entry(2205, "regclass"), Map.entry(2206, "regtype"),
            Map.entry(2249, "record"), Map.entry(2275, "cstring"), Map.entry(2278, "void"), Map.entry(2950, "uuid"),
            Map.entry(3220, "pg_lsn"), Map.entry(3614, "tsvector"), Map.entry(3802, "jsonb"), Map.entry(3904, "int4range"),
            Map.entry(3906, "numrange"), Map.entry(3908, "tsrange"), Map.entry(3910, "tstzrange"), Map.entry(3912, "daterange"),
            Map.entry(3926, "int8range"), Map.entry(4072, "jsonpath"),
            Map.entry(1000, "_bool"), Map.entry(1001, "_bytea"), Map.entry(1002, "_char"), Map.entry(1003, "_name"),
            Map.entry(1005, "_int2"), Map.entry(1007, "_int4"), Map.entry(1009, "_text"), Map.entry(1014, "_bpchar"),
            Map.entry(1015, "_varchar"), Map.entry(1016, "_int8"), Map.entry(1021, "_float4"), Map.entry(1022, "_float8"),
            Map.entry(1028, "_oid"), Map.entry(1115, "_timestamp"), Map.entry(1182, "_date"), Map.entry(1183, "_time"),
            Map.entry(1185, "_timestamptz"), Map.entry(1187, "_interval"), Map.entry(1231, "_numeric"),
            Map.entry(1270, "_timetz"), Map.entry(199, "_json"), Map.entry(143, "_xml"), Map.entry(2951, "_uuid"),
            Map.entry(3807, "_jsonb"), Map.entry(1041, "_inet"), Map.entry(651, "_cidr"), Map.entry(1040, "_macaddr"));

    private PgTypeNames() {}

    /**
     * The neutral type of a column or parameter: its type's name, with precision and scale read
     * from the type modifier as PostgreSQL encodes it (numeric {@code ((p << 16) | s) + 4},
     * character types {@code length + 4}, temporal types their fractional digits, -1 when none).
     */
    static DataType dataType(int oid, int typeModifier, IntFunction<String> names) {
        String name = names.apply(oid);
        if (name == null) {
            return DataType.UNKNOWN;
        }
        if (name.startsWith("_")) {
            String element = name.substring(1);
            return DataType.array(PostgresTypes.parse(element, 0, 0)).withEngineTypeName(element + "[]");
        }
        int precision = 0;
        int scale = 0;
        switch (name) {
            case "numeric" -> {
                if (typeModifier >= 4) {
                    precision = ((typeModifier - 4) >> 16) & 0xffff;
                    scale = (typeModifier - 4) & 0xffff;
                }
            }
            case "bpchar", "varchar" -> precision = typeModifier >= 4 ? typeModifier - 4 : 0;
            case "time", "timetz", "timestamp", "timestamptz" -> scale = typeModifier >= 0 ? typeModifier : 6;
            default -> { }
        }
        return PostgresTypes.parse(name, precision, scale);
    }
}
