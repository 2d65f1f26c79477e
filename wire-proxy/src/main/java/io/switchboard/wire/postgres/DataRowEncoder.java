package io.switchboard.wire.postgres;

import io.netty.buffer.ByteBuf;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes rows of a result as DataRow messages, each column in the format the client asked for
 * in Bind (text unless it asked for binary), and describes the columns for RowDescription.
 */
final class DataRowEncoder {
    private final List<Column> columns;
    private final List<Column> actual;
    private final boolean[] binary;
    private final ZoneId zone;
    private final int extraFloatDigits;

    private DataRowEncoder(List<Column> columns, List<Column> actual, boolean[] binary, ZoneId zone, int extraFloatDigits) {
        this.columns = columns;
        this.actual = actual;
        this.binary = binary;
        this.zone = zone;
        this.extraFloatDigits = extraFloatDigits;
    }

    static DataRowEncoder create(List<Column> columns, short[] resultFormats, ZoneId zone, int extraFloatDigits) {
        return create(columns, columns, resultFormats, zone, extraFloatDigits);
    }

    /**
     * @param columns the columns as the client was told about them
     * @param actual the columns the engine's rows have (the same count); values are converted where the types differ
     * @param resultFormats Bind's result format codes: none (all text), one (for all columns) or one per column
     */
    static DataRowEncoder create(List<Column> columns, List<Column> actual, short[] resultFormats, ZoneId zone, int extraFloatDigits) {
        if (resultFormats.length > 1 && resultFormats.length != columns.size()) {
            throw new SwitchboardException(ErrorCode.PROTOCOL_VIOLATION, "bind message has " + resultFormats.length
                    + " result formats but query has " + columns.size() + " columns", "08P01", null);
        }
        boolean[] binary = new boolean[columns.size()];
        for (int i = 0; i < binary.length; i++) {
            short format = resultFormats.length == 0 ? 0 : resultFormats.length == 1 ? resultFormats[0] : resultFormats[i];
            if (format != 0 && format != 1) {
                throw new SwitchboardException(ErrorCode.PROTOCOL_VIOLATION, "unsupported format code: " + format, "08P01", null);
            }
            binary[i] = format == 1;
        }
        return new DataRowEncoder(columns, actual, binary, zone, extraFloatDigits);
    }

    List<BackendMessages.Field> fields() {
        List<BackendMessages.Field> fields = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            DataType type = columns.get(i).type();
            fields.add(new BackendMessages.Field(columns.get(i).name(), PgType.of(type), PgType.typeModifier(type), binary[i] ? 1 : 0));
        }
        return fields;
    }

    void rowDescription(ByteBuf out) {
        BackendMessages.rowDescription(out, fields());
    }

    /**
     * Converts a value of the engine's type to the type the client was told about: between
     * numbers, and to text. Anything else is refused rather than sent in a form the client
     * would misread.
     */
    private Object convert(Object value, DataType from, DataType to) {
        TypeKind target = to.kind();
        if (target.isText() || target == TypeKind.UNKNOWN || target == TypeKind.INTERVAL) {
            return PgTextFormat.format(value, from, zone, extraFloatDigits);
        }
        try {
            Number number = value instanceof Number n ? n : value instanceof String text ? new BigDecimal(text.strip()) : null;
            if (number != null) {
                BigDecimal exact = number instanceof BigDecimal d ? d : number instanceof BigInteger b ? new BigDecimal(b)
                        : number instanceof Double || number instanceof Float ? null : BigDecimal.valueOf(number.longValue());
                switch (target) {
                    case TINYINT, SMALLINT, INTEGER, BIGINT:
                        return exact != null ? exact.longValueExact() : number.longValue();
                    case HUGEINT:
                        return exact != null ? exact.toBigIntegerExact() : BigInteger.valueOf(number.longValue());
                    case REAL:
                        return number.floatValue();
                    case DOUBLE:
                        return number.doubleValue();
                    case DECIMAL:
                        return exact != null ? exact : new BigDecimal(number.toString());
                    default:
                        break;
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new SwitchboardException(ErrorCode.INTERNAL, "the engine returned " + from.displayName() + " where the statement"
                + " was described as " + to.displayName() + "; prepare the statement again or cast the column");
    }

    void dataRow(ByteBuf out, Object[] row) {
        int messageStart = out.writerIndex();
        int start = BackendMessages.begin(out, 'D');
        out.writeShort(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Object value = i < row.length ? row[i] : null;
            if (value == null) {
                out.writeInt(-1);
                continue;
            }
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            DataType type = columns.get(i).type();
            try {
                DataType actualType = actual.get(i).type();
                if (actualType.kind() != type.kind()) {
                    value = convert(value, actualType, type);
                }
                if (binary[i]) {
                    PgBinaryFormat.write(out, value, type, zone);
                } else {
                    Utf8.write(out, PgTextFormat.format(value, type, zone, extraFloatDigits));
                }
            } catch (ClassCastException | ArithmeticException e) {
                out.writerIndex(messageStart);
                throw new SwitchboardException(ErrorCode.INTERNAL, "column \"" + columns.get(i).name() + "\" of type "
                        + type.displayName() + " holds a " + value.getClass().getSimpleName() + " value that cannot be sent in "
                        + (binary[i] ? "binary" : "text") + " format", e);
            } catch (SwitchboardException e) {
                out.writerIndex(messageStart);
                throw e;
            }
            out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
        }
        BackendMessages.end(out, start);
    }
}
