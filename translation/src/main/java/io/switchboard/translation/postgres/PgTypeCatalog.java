package io.switchboard.translation.postgres;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The PostgreSQL types Switchboard presents to PostgreSQL clients, and which one each DuckDB
 * column type is shown as. DuckDB's own {@code pg_catalog} reports DuckDB's internal type ids in
 * {@code pg_attribute.atttypid}, which no PostgreSQL client understands; the virtual catalog
 * renders these two tables as SQL instead, so that a column's {@code atttypid} is the OID that
 * pgjdbc and psql know ({@code 20} for {@code bigint}, {@code 1700} for {@code numeric}).
 *
 * <p>The OIDs are PostgreSQL's fixed built-in ones ({@code pg_type.dat}); the wire frontend
 * should describe result columns with the same OIDs so that a column looks the same in
 * {@code getColumns} as in a query's RowDescription.
 */
final class PgTypeCatalog {
    /** How a type modifier is printed by {@code format_type}. */
    enum Modifier { NONE, NUMERIC, LENGTH }

    record PgType(int oid, String name, String formatName, int length, String category, int arrayOid, Modifier modifier, boolean collatable) {}

    static final List<PgType> TYPES = List.of(
            new PgType(16, "bool", "boolean", 1, "B", 1000, Modifier.NONE, false),
            new PgType(17, "bytea", "bytea", -1, "U", 1001, Modifier.NONE, false),
            new PgType(18, "char", "\"char\"", 1, "Z", 1002, Modifier.NONE, false),
            new PgType(19, "name", "name", 64, "S", 1003, Modifier.NONE, true),
            new PgType(20, "int8", "bigint", 8, "N", 1016, Modifier.NONE, false),
            new PgType(21, "int2", "smallint", 2, "N", 1005, Modifier.NONE, false),
            new PgType(23, "int4", "integer", 4, "N", 1007, Modifier.NONE, false),
            new PgType(25, "text", "text", -1, "S", 1009, Modifier.NONE, true),
            new PgType(26, "oid", "oid", 4, "N", 1028, Modifier.NONE, false),
            new PgType(114, "json", "json", -1, "U", 199, Modifier.NONE, false),
            new PgType(700, "float4", "real", 4, "N", 1021, Modifier.NONE, false),
            new PgType(701, "float8", "double precision", 8, "N", 1022, Modifier.NONE, false),
            new PgType(705, "unknown", "unknown", -2, "X", 0, Modifier.NONE, false),
            new PgType(1042, "bpchar", "character", -1, "S", 1014, Modifier.LENGTH, true),
            new PgType(1043, "varchar", "character varying", -1, "S", 1015, Modifier.LENGTH, true),
            new PgType(1082, "date", "date", 4, "D", 1182, Modifier.NONE, false),
            new PgType(1083, "time", "time without time zone", 8, "D", 1183, Modifier.NONE, false),
            new PgType(1114, "timestamp", "timestamp without time zone", 8, "D", 1115, Modifier.NONE, false),
            new PgType(1184, "timestamptz", "timestamp with time zone", 8, "D", 1185, Modifier.NONE, false),
            new PgType(1186, "interval", "interval", 16, "T", 1187, Modifier.NONE, false),
            new PgType(1266, "timetz", "time with time zone", 12, "D", 1270, Modifier.NONE, false),
            new PgType(1562, "varbit", "bit varying", -1, "V", 1563, Modifier.LENGTH, false),
            new PgType(1700, "numeric", "numeric", -1, "N", 1231, Modifier.NUMERIC, false),
            new PgType(2249, "record", "record", -1, "P", 2287, Modifier.NONE, false),
            new PgType(2278, "void", "void", 4, "P", 0, Modifier.NONE, false),
            new PgType(2283, "anyelement", "anyelement", 4, "P", 0, Modifier.NONE, false),
            new PgType(2950, "uuid", "uuid", 16, "U", 2951, Modifier.NONE, false));

    /**
     * DuckDB column type (as {@code duckdb_columns().data_type} spells it, without parameters)
     * to PostgreSQL type OID. Unsigned and wider integers go to the next PostgreSQL type that
     * holds every value; STRUCT and MAP are shown as json and the types PostgreSQL has no
     * counterpart for (UNION, ENUM, VARIANT...) as text, as the frontend encodes their values.
     */
    static final Map<String, Integer> DUCKDB_TO_PG = Map.ofEntries(
            Map.entry("BOOLEAN", 16),
            Map.entry("TINYINT", 21),
            Map.entry("UTINYINT", 21),
            Map.entry("SMALLINT", 21),
            Map.entry("USMALLINT", 23),
            Map.entry("INTEGER", 23),
            Map.entry("UINTEGER", 20),
            Map.entry("BIGINT", 20),
            Map.entry("UBIGINT", 1700),
            Map.entry("HUGEINT", 1700),
            Map.entry("UHUGEINT", 1700),
            Map.entry("BIGNUM", 1700),
            Map.entry("FLOAT", 700),
            Map.entry("DOUBLE", 701),
            Map.entry("DECIMAL", 1700),
            Map.entry("VARCHAR", 1043),
            Map.entry("JSON", 114),
            Map.entry("BLOB", 17),
            Map.entry("BIT", 1562),
            Map.entry("DATE", 1082),
            Map.entry("TIME", 1083),
            Map.entry("TIME_NS", 1083),
            Map.entry("TIME WITH TIME ZONE", 1266),
            Map.entry("TIMESTAMP", 1114),
            Map.entry("TIMESTAMP_S", 1114),
            Map.entry("TIMESTAMP_MS", 1114),
            Map.entry("TIMESTAMP_NS", 1114),
            Map.entry("TIMESTAMP WITH TIME ZONE", 1184),
            Map.entry("TIMESTAMPTZ_NS", 1184),
            Map.entry("INTERVAL", 1186),
            Map.entry("UUID", 2950),
            Map.entry("STRUCT", 114),
            Map.entry("MAP", 114));

    /** The OID every unmapped DuckDB type is shown as. */
    static final int FALLBACK_OID = 25;

    private PgTypeCatalog() {}

    /** {@code (VALUES ...)} rows: oid, typname, format name, typlen, category, array oid, element oid, modifier kind, collatable. */
    static String pgTypeRows() {
        StringBuilder rows = new StringBuilder();
        for (PgType type : TYPES) {
            appendRow(rows, type.oid(), type.name(), type.formatName(), type.length(), type.category(), type.arrayOid(), 0, type.modifier(), type.collatable());
            if (type.arrayOid() != 0) {
                appendRow(rows, type.arrayOid(), "_" + type.name(), type.formatName(), -1, "A", 0, type.oid(), type.modifier(), type.collatable());
            }
        }
        return rows.toString();
    }

    /** {@code (VALUES ...)} rows: DuckDB type name, PostgreSQL oid. */
    static String duckDbMappingRows() {
        return DUCKDB_TO_PG.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> "('" + entry.getKey() + "', " + entry.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    private static void appendRow(StringBuilder rows, int oid, String name, String formatName, int length, String category,
            int arrayOid, int elementOid, Modifier modifier, boolean collatable) {
        if (!rows.isEmpty()) {
            rows.append(", ");
        }
        rows.append('(').append(oid).append(", '").append(name).append("', '").append(formatName.replace("'", "''"))
                .append("', ").append(length).append(", '").append(category).append("', ").append(arrayOid)
                .append(", ").append(elementOid).append(", '").append(modifier.name().toLowerCase(java.util.Locale.ROOT))
                .append("', ").append(collatable).append(')');
    }
}
