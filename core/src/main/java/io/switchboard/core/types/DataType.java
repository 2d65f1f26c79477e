package io.switchboard.core.types;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A type in the neutral type system.
 *
 * @param kind the kind
 * @param precision DECIMAL precision, CHAR/VARCHAR length, fractional-second digits of times and
 *     timestamps; 0 when unbounded or not applicable
 * @param scale DECIMAL scale, else 0
 * @param children element type of ARRAY; key and value of MAP; fields of ROW
 * @param fieldNames field names of ROW, else empty
 * @param engineTypeName the engine's own name for the type ({@code DECIMAL(15,2)},
 *     {@code LowCardinality(String)}), kept for display and for clients that show it
 */
public record DataType(
        TypeKind kind,
        int precision,
        int scale,
        List<DataType> children,
        List<String> fieldNames,
        String engineTypeName) {

    public static final DataType BOOLEAN = of(TypeKind.BOOLEAN);
    public static final DataType TINYINT = of(TypeKind.TINYINT);
    public static final DataType SMALLINT = of(TypeKind.SMALLINT);
    public static final DataType INTEGER = of(TypeKind.INTEGER);
    public static final DataType BIGINT = of(TypeKind.BIGINT);
    public static final DataType HUGEINT = of(TypeKind.HUGEINT);
    public static final DataType REAL = of(TypeKind.REAL);
    public static final DataType DOUBLE = of(TypeKind.DOUBLE);
    public static final DataType VARCHAR = of(TypeKind.VARCHAR);
    public static final DataType VARBINARY = of(TypeKind.VARBINARY);
    public static final DataType JSON = of(TypeKind.JSON);
    public static final DataType DATE = of(TypeKind.DATE);
    public static final DataType TIME = of(TypeKind.TIME);
    public static final DataType TIME_WITH_TIME_ZONE = of(TypeKind.TIME_WITH_TIME_ZONE);
    public static final DataType TIMESTAMP = of(TypeKind.TIMESTAMP);
    public static final DataType TIMESTAMP_WITH_TIME_ZONE = of(TypeKind.TIMESTAMP_WITH_TIME_ZONE);
    public static final DataType INTERVAL = of(TypeKind.INTERVAL);
    public static final DataType UUID = of(TypeKind.UUID);
    public static final DataType UNKNOWN = of(TypeKind.UNKNOWN);

    public DataType {
        requireNonNull(kind, "kind is null");
        children = List.copyOf(requireNonNull(children, "children is null"));
        fieldNames = List.copyOf(requireNonNull(fieldNames, "fieldNames is null"));
        if (precision < 0 || scale < 0) {
            throw new IllegalArgumentException("precision and scale must not be negative");
        }
        if (kind == TypeKind.ARRAY && children.size() != 1) {
            throw new IllegalArgumentException("ARRAY needs exactly one element type");
        }
        if (kind == TypeKind.MAP && children.size() != 2) {
            throw new IllegalArgumentException("MAP needs a key and a value type");
        }
        if (kind == TypeKind.ROW && fieldNames.size() != children.size()) {
            throw new IllegalArgumentException("ROW needs one name per field");
        }
        engineTypeName = engineTypeName == null ? "" : engineTypeName;
    }

    public static DataType of(TypeKind kind) {
        return new DataType(kind, 0, 0, List.of(), List.of(), null);
    }

    public static DataType decimal(int precision, int scale) {
        return new DataType(TypeKind.DECIMAL, precision, scale, List.of(), List.of(), null);
    }

    public static DataType varchar(int length) {
        return new DataType(TypeKind.VARCHAR, length, 0, List.of(), List.of(), null);
    }

    public static DataType character(int length) {
        return new DataType(TypeKind.CHAR, length, 0, List.of(), List.of(), null);
    }

    public static DataType array(DataType element) {
        return new DataType(TypeKind.ARRAY, 0, 0, List.of(element), List.of(), null);
    }

    public static DataType map(DataType key, DataType value) {
        return new DataType(TypeKind.MAP, 0, 0, List.of(key, value), List.of(), null);
    }

    public static DataType row(List<String> names, List<DataType> types) {
        return new DataType(TypeKind.ROW, 0, 0, types, names, null);
    }

    public DataType withEngineTypeName(String name) {
        return new DataType(kind, precision, scale, children, fieldNames, name);
    }

    public DataType elementType() {
        if (kind != TypeKind.ARRAY) {
            throw new IllegalStateException(kind + " has no element type");
        }
        return children.get(0);
    }

    /** A readable SQL-ish name: {@code DECIMAL(15,2)}, {@code ARRAY(INTEGER)}. */
    public String displayName() {
        return switch (kind) {
            case DECIMAL -> precision > 0 ? "DECIMAL(" + precision + "," + scale + ")" : "DECIMAL";
            case VARCHAR, CHAR -> precision > 0 ? kind + "(" + precision + ")" : kind.name();
            case ARRAY -> "ARRAY(" + children.get(0).displayName() + ")";
            case MAP -> "MAP(" + children.get(0).displayName() + ", " + children.get(1).displayName() + ")";
            case ROW -> {
                StringBuilder row = new StringBuilder("ROW(");
                for (int i = 0; i < children.size(); i++) {
                    if (i > 0) {
                        row.append(", ");
                    }
                    row.append(fieldNames.get(i)).append(' ').append(children.get(i).displayName());
                }
                yield row.append(')').toString();
            }
            case TIME_WITH_TIME_ZONE -> "TIME WITH TIME ZONE";
            case TIMESTAMP_WITH_TIME_ZONE -> "TIMESTAMP WITH TIME ZONE";
            default -> kind.name();
        };
    }

    @Override
    public String toString() {
        return displayName();
    }
}
