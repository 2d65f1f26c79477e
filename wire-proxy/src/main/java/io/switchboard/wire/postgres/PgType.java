package io.switchboard.wire.postgres;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL type as clients see it: its OID (from {@code pg_type}), its length, its array
 * type, and the SQL name used when a parameter of this type is written into a query.
 *
 * @param length {@code typlen}: bytes of a fixed-size value, -1 for variable size
 * @param elementOid for an array type the OID of its element, else 0
 * @param arrayOid the OID of the array of this type, or 0
 * @param sqlName the name a {@code CAST(... AS name)} uses, or null for types written as plain literals
 */
record PgType(int oid, String name, short length, int elementOid, int arrayOid, String sqlName) {
    static final PgType BOOL = base(16, "bool", 1, 1000, "BOOLEAN");
    static final PgType BYTEA = base(17, "bytea", -1, 1001, "BYTEA");
    static final PgType CHAR = base(18, "char", 1, 1002, null);
    static final PgType NAME = base(19, "name", 64, 1003, null);
    static final PgType INT8 = base(20, "int8", 8, 1016, "BIGINT");
    static final PgType INT2 = base(21, "int2", 2, 1005, "SMALLINT");
    static final PgType INT4 = base(23, "int4", 4, 1007, "INTEGER");
    static final PgType TEXT = base(25, "text", -1, 1009, null);
    static final PgType OID = base(26, "oid", 4, 1028, "BIGINT");
    static final PgType JSON = base(114, "json", -1, 199, "JSON");
    static final PgType FLOAT4 = base(700, "float4", 4, 1021, "REAL");
    static final PgType FLOAT8 = base(701, "float8", 8, 1022, "DOUBLE PRECISION");
    static final PgType UNKNOWN = base(705, "unknown", -2, 0, null);
    static final PgType BPCHAR = base(1042, "bpchar", -1, 1014, null);
    static final PgType VARCHAR = base(1043, "varchar", -1, 1015, null);
    static final PgType DATE = base(1082, "date", 4, 1182, "DATE");
    static final PgType TIME = base(1083, "time", 8, 1183, "TIME");
    static final PgType TIMESTAMP = base(1114, "timestamp", 8, 1115, "TIMESTAMP");
    static final PgType TIMESTAMPTZ = base(1184, "timestamptz", 8, 1185, "TIMESTAMP WITH TIME ZONE");
    static final PgType INTERVAL = base(1186, "interval", 16, 1187, "INTERVAL");
    static final PgType TIMETZ = base(1266, "timetz", 12, 1270, "TIME WITH TIME ZONE");
    static final PgType NUMERIC = base(1700, "numeric", -1, 1231, "NUMERIC");
    static final PgType UUID = base(2950, "uuid", 16, 2951, "UUID");
    static final PgType JSONB = base(3802, "jsonb", -1, 3807, "JSONB");

    private static final List<PgType> BASE_TYPES = List.of(BOOL, BYTEA, CHAR, NAME, INT8, INT2, INT4, TEXT, OID, JSON, FLOAT4,
            FLOAT8, UNKNOWN, BPCHAR, VARCHAR, DATE, TIME, TIMESTAMP, TIMESTAMPTZ, INTERVAL, TIMETZ, NUMERIC, UUID, JSONB);
    private static final Map<Integer, PgType> BY_OID = new HashMap<>();

    static {
        for (PgType type : BASE_TYPES) {
            BY_OID.put(type.oid(), type);
            if (type.arrayOid() != 0) {
                String arraySql = type.sqlName() == null ? "VARCHAR[]" : type.sqlName() + "[]";
                PgType array = new PgType(type.arrayOid(), "_" + type.name(), (short) -1, type.oid(), 0, arraySql);
                BY_OID.put(array.oid(), array);
            }
        }
    }

    private static PgType base(int oid, String name, int length, int arrayOid, String sqlName) {
        return new PgType(oid, name, (short) length, 0, arrayOid, sqlName);
    }

    /** The type with this OID, or null when Switchboard does not know it. */
    static PgType byOid(int oid) {
        return BY_OID.get(oid);
    }

    boolean isArray() {
        return elementOid != 0;
    }

    PgType elementType() {
        return BY_OID.get(elementOid);
    }

    PgType arrayType() {
        return arrayOid == 0 ? TEXT.arrayType() : BY_OID.get(arrayOid);
    }

    /** The PostgreSQL type a neutral type is shown as. */
    static PgType of(DataType type) {
        return switch (type.kind()) {
            case BOOLEAN -> BOOL;
            case TINYINT, SMALLINT -> INT2;
            case INTEGER -> INT4;
            case BIGINT -> INT8;
            case HUGEINT, DECIMAL -> NUMERIC;
            case REAL -> FLOAT4;
            case DOUBLE -> FLOAT8;
            case CHAR -> BPCHAR;
            case VARCHAR -> VARCHAR;
            case VARBINARY -> BYTEA;
            case JSON -> JSON;
            case DATE -> DATE;
            case TIME -> TIME;
            case TIME_WITH_TIME_ZONE -> TIMETZ;
            case TIMESTAMP -> TIMESTAMP;
            case TIMESTAMP_WITH_TIME_ZONE -> TIMESTAMPTZ;
            case INTERVAL -> INTERVAL;
            case UUID -> UUID;
            case ARRAY -> arrayOf(type.elementType());
            // PostgreSQL has no map, and a record type would need a catalog entry; JSON keeps
            // the field names and nesting and every client can read it.
            case MAP, ROW -> JSON;
            case UNKNOWN -> TEXT;
        };
    }

    private static PgType arrayOf(DataType element) {
        // Nested arrays are multi-dimensional arrays of the innermost element in PostgreSQL.
        DataType innermost = element;
        while (innermost.kind() == TypeKind.ARRAY) {
            innermost = innermost.elementType();
        }
        PgType elementType = of(innermost);
        return elementType.arrayOid() == 0 ? TEXT.arrayType() : BY_OID.get(elementType.arrayOid());
    }

    /**
     * The {@code atttypmod} clients read precision from: VARCHAR(n) and CHAR(n) as n + 4,
     * NUMERIC(p, s) as ((p &lt;&lt; 16) | s) + 4, times as their fractional digits; -1 when unbounded.
     */
    static int typeModifier(DataType type) {
        return switch (type.kind()) {
            case CHAR, VARCHAR -> type.precision() > 0 ? type.precision() + 4 : -1;
            case DECIMAL -> type.precision() > 0 ? ((type.precision() << 16) | type.scale()) + 4 : -1;
            case TIME, TIME_WITH_TIME_ZONE, TIMESTAMP, TIMESTAMP_WITH_TIME_ZONE ->
                    type.precision() > 0 && type.precision() <= 6 ? type.precision() : -1;
            default -> -1;
        };
    }

    /** The type reported for a parameter the engine described; text where the engine could not tell. */
    static PgType ofParameter(DataType type) {
        return type.kind() == TypeKind.UNKNOWN ? TEXT : of(type);
    }
}
