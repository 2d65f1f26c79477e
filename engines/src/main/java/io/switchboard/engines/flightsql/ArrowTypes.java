package io.switchboard.engines.flightsql;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Maps Arrow fields, as a Flight SQL server describes its results, into the neutral type system.
 * The engine type name is the server's own ({@code ARROW:FLIGHT:SQL:TYPE_NAME} metadata, such as
 * {@code DECIMAL} or {@code VARCHAR}) when it sends one, else Arrow's.
 *
 * <p>Unsigned integers widen to the next signed kind that holds every value (uint64 becomes
 * DECIMAL(20,0)); every binary layout is VARBINARY and every string layout VARCHAR; a timestamp
 * with a time zone is a TIMESTAMP WITH TIME ZONE, one without is a TIMESTAMP; intervals and
 * durations travel as text; lists are ARRAY, structs ROW, maps MAP; unions and extension types
 * without a counterpart are UNKNOWN.
 */
public final class ArrowTypes {
    private static final String TYPE_NAME_METADATA = "ARROW:FLIGHT:SQL:TYPE_NAME";

    private ArrowTypes() {}

    public static DataType toDataType(Field field) {
        DataType type = map(field);
        String serverName = field.getMetadata() == null ? null : field.getMetadata().get(TYPE_NAME_METADATA);
        return type.withEngineTypeName(serverName != null && !serverName.isBlank() ? serverName : field.getType().toString());
    }

    private static DataType map(Field field) {
        ArrowType type = field.getType();
        return switch (type.getTypeID()) {
            case Null -> DataType.UNKNOWN;
            case Bool -> DataType.BOOLEAN;
            case Int -> {
                ArrowType.Int integer = (ArrowType.Int) type;
                if (integer.getIsSigned()) {
                    yield switch (integer.getBitWidth()) {
                        case 8 -> DataType.TINYINT;
                        case 16 -> DataType.SMALLINT;
                        case 32 -> DataType.INTEGER;
                        default -> DataType.BIGINT;
                    };
                }
                yield switch (integer.getBitWidth()) {
                    case 8 -> DataType.SMALLINT;
                    case 16 -> DataType.INTEGER;
                    case 32 -> DataType.BIGINT;
                    default -> DataType.decimal(20, 0);
                };
            }
            case FloatingPoint -> ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE
                    ? DataType.DOUBLE
                    : DataType.REAL;
            case Decimal -> {
                ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                yield DataType.decimal(decimal.getPrecision(), Math.max(0, decimal.getScale()));
            }
            case Utf8, LargeUtf8, Utf8View -> DataType.VARCHAR;
            case Binary, LargeBinary, BinaryView -> DataType.VARBINARY;
            case FixedSizeBinary -> DataType.VARBINARY;
            case Date -> DataType.DATE;
            case Time -> temporal(TypeKind.TIME, digits(((ArrowType.Time) type).getUnit()));
            case Timestamp -> {
                ArrowType.Timestamp timestamp = (ArrowType.Timestamp) type;
                yield temporal(timestamp.getTimezone() == null ? TypeKind.TIMESTAMP : TypeKind.TIMESTAMP_WITH_TIME_ZONE,
                        digits(timestamp.getUnit()));
            }
            case Interval, Duration -> DataType.INTERVAL;
            case List, LargeList, FixedSizeList, ListView, LargeListView -> DataType.array(toDataType(field.getChildren().get(0)));
            case Struct -> {
                List<String> names = new ArrayList<>();
                List<DataType> types = new ArrayList<>();
                for (Field child : field.getChildren()) {
                    names.add(child.getName());
                    types.add(toDataType(child));
                }
                yield DataType.row(names, types);
            }
            case Map -> {
                Field entries = field.getChildren().get(0);
                yield DataType.map(toDataType(entries.getChildren().get(0)), toDataType(entries.getChildren().get(1)));
            }
            default -> DataType.UNKNOWN;
        };
    }

    private static int digits(org.apache.arrow.vector.types.TimeUnit unit) {
        return switch (unit) {
            case SECOND -> 0;
            case MILLISECOND -> 3;
            case MICROSECOND -> 6;
            case NANOSECOND -> 9;
        };
    }

    private static DataType temporal(TypeKind kind, int precision) {
        return new DataType(kind, precision, 0, List.of(), List.of(), null);
    }
}
