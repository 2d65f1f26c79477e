package io.switchboard.wire.postgres;

import io.netty.buffer.ByteBuf;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL's binary format: result values out ({@code typsend}) and parameter values in
 * ({@code typreceive}). Timestamps count microseconds from 2000-01-01, dates days from it,
 * numerics are base-10000 digit groups.
 */
final class PgBinaryFormat {
    static final LocalDate POSTGRES_EPOCH_DATE = LocalDate.of(2000, 1, 1);
    static final LocalDateTime POSTGRES_EPOCH = POSTGRES_EPOCH_DATE.atStartOfDay();
    private static final OffsetDateTime POSTGRES_EPOCH_UTC = POSTGRES_EPOCH.atOffset(ZoneOffset.UTC);
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final short NUMERIC_NAN = (short) 0xC000;
    private static final short NUMERIC_PLUS_INFINITY = (short) 0xD000;
    private static final short NUMERIC_MINUS_INFINITY = (short) 0xF000;
    private static final int MAX_PADDED_DIGITS = 1000;

    private PgBinaryFormat() {}

    // ---- results ----

    /** Writes a non-null value's binary form, without its length prefix. */
    static void write(ByteBuf out, Object value, DataType type, ZoneId zone) {
        switch (type.kind()) {
            case BOOLEAN -> out.writeByte(((Boolean) value) ? 1 : 0);
            case TINYINT, SMALLINT -> out.writeShort(((Number) value).shortValue());
            case INTEGER -> out.writeInt(((Number) value).intValue());
            case BIGINT -> out.writeLong(((Number) value).longValue());
            case HUGEINT -> writeNumeric(out, new BigDecimal((BigInteger) value));
            case DECIMAL -> writeNumeric(out, (BigDecimal) value);
            case REAL -> out.writeFloat(((Number) value).floatValue());
            case DOUBLE -> out.writeDouble(((Number) value).doubleValue());
            case VARBINARY -> out.writeBytes((byte[]) value);
            case DATE -> out.writeInt(Math.toIntExact(ChronoUnit.DAYS.between(POSTGRES_EPOCH_DATE, (LocalDate) value)));
            case TIME -> out.writeLong(((LocalTime) value).toNanoOfDay() / 1_000);
            case TIME_WITH_TIME_ZONE -> {
                OffsetTime time = (OffsetTime) value;
                out.writeLong(time.toLocalTime().toNanoOfDay() / 1_000);
                // PostgreSQL stores the zone as seconds west of Greenwich.
                out.writeInt(-time.getOffset().getTotalSeconds());
            }
            case TIMESTAMP -> out.writeLong(ChronoUnit.MICROS.between(POSTGRES_EPOCH, (LocalDateTime) value));
            case TIMESTAMP_WITH_TIME_ZONE -> out.writeLong(ChronoUnit.MICROS.between(POSTGRES_EPOCH_UTC, (OffsetDateTime) value));
            case INTERVAL -> {
                PgInterval interval = PgInterval.parse((String) value);
                if (interval == null) {
                    throw new SwitchboardException(ErrorCode.NOT_SUPPORTED,
                            "interval value '" + value + "' cannot be sent in binary format; request text format for this column");
                }
                out.writeLong(interval.micros());
                out.writeInt(interval.days());
                out.writeInt(interval.months());
            }
            case UUID -> {
                UUID uuid = (UUID) value;
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            }
            case ARRAY -> writeArray(out, (List<?>) value, type, zone);
            default -> Utf8.write(out, PgTextFormat.format(value, type, zone, 1));
        }
    }

    private static void writeArray(ByteBuf out, List<?> value, DataType type, ZoneId zone) {
        List<Integer> dimensions = new ArrayList<>();
        DataType elementType = type;
        Object level = value;
        while (elementType.kind() == TypeKind.ARRAY) {
            List<?> list = (List<?>) level;
            dimensions.add(list.size());
            elementType = elementType.elementType();
            level = list.isEmpty() ? null : list.get(0);
            if (level == null) {
                break;
            }
        }
        while (elementType.kind() == TypeKind.ARRAY) {
            elementType = elementType.elementType();
        }
        List<Object> flat = new ArrayList<>();
        boolean empty = value.isEmpty();
        if (!empty) {
            flatten(value, 0, dimensions, flat);
        }
        boolean hasNull = flat.contains(null);
        out.writeInt(empty ? 0 : dimensions.size());
        out.writeInt(hasNull ? 1 : 0);
        out.writeInt(PgType.of(elementType).oid());
        if (!empty) {
            for (int size : dimensions) {
                out.writeInt(size);
                out.writeInt(1);
            }
        }
        for (Object element : flat) {
            if (element == null) {
                out.writeInt(-1);
                continue;
            }
            int lengthIndex = out.writerIndex();
            out.writeInt(0);
            write(out, element, elementType, zone);
            out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
        }
    }

    private static void flatten(List<?> list, int depth, List<Integer> dimensions, List<Object> flat) {
        if (list.size() != dimensions.get(depth)) {
            throw new SwitchboardException(ErrorCode.NOT_SUPPORTED,
                    "multidimensional arrays must have sub-arrays of matching sizes to be sent in binary format");
        }
        for (Object element : list) {
            if (depth + 1 < dimensions.size()) {
                if (!(element instanceof List<?> inner)) {
                    throw new SwitchboardException(ErrorCode.NOT_SUPPORTED,
                            "multidimensional arrays must have sub-arrays of matching sizes to be sent in binary format");
                }
                flatten(inner, depth + 1, dimensions, flat);
            } else {
                flat.add(element);
            }
        }
    }

    static void writeNumeric(ByteBuf out, BigDecimal value) {
        int displayScale = Math.max(value.scale(), 0);
        if (value.signum() == 0) {
            out.writeShort(0);
            out.writeShort(0);
            out.writeShort(NUMERIC_POSITIVE);
            out.writeShort(displayScale);
            return;
        }
        String plain = value.abs().toPlainString();
        int point = plain.indexOf('.');
        String integerPart = point < 0 ? plain : plain.substring(0, point);
        String fractionPart = point < 0 ? "" : plain.substring(point + 1);
        if (integerPart.equals("0")) {
            integerPart = "";
        }
        // Align both parts to groups of four digits around the decimal point.
        int integerPad = (4 - integerPart.length() % 4) % 4;
        int fractionPad = (4 - fractionPart.length() % 4) % 4;
        String digits = "0".repeat(integerPad) + integerPart + fractionPart + "0".repeat(fractionPad);
        int integerGroups = (integerPad + integerPart.length()) / 4;
        List<Short> groups = new ArrayList<>(digits.length() / 4);
        for (int i = 0; i < digits.length(); i += 4) {
            groups.add(Short.parseShort(digits.substring(i, i + 4)));
        }
        int weight = integerGroups - 1;
        int first = 0;
        while (first < groups.size() && groups.get(first) == 0) {
            first++;
            weight--;
        }
        int last = groups.size();
        while (last > first && groups.get(last - 1) == 0) {
            last--;
        }
        out.writeShort(last - first);
        out.writeShort(weight);
        out.writeShort(value.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE);
        out.writeShort(displayScale);
        for (int i = first; i < last; i++) {
            out.writeShort(groups.get(i));
        }
    }

    // ---- parameters ----

    /**
     * Reads a binary parameter of the given type into a Java value the binder can write as a
     * literal: numbers, Boolean, String, byte[], java.time values, UUID, PgInterval, or a List
     * for arrays. Special values without a Java form (NaN numerics, infinite dates) come back as
     * their PostgreSQL text ({@code NaN}, {@code infinity}).
     */
    static Object read(PgType type, byte[] bytes) {
        try {
            return readChecked(type, bytes);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw invalid(type, "binary " + type.name() + " value out of range");
        }
    }

    private static Object readChecked(PgType type, byte[] bytes) {
        ByteBufReader in = new ByteBufReader(bytes);
        Object value = switch (type.oid()) {
            case 16 -> in.fixed(1).get() != 0;
            case 21 -> (long) in.fixed(2).getShort();
            case 23 -> (long) in.fixed(4).getInt();
            case 26 -> Integer.toUnsignedLong(in.fixed(4).getInt());
            case 20 -> in.fixed(8).getLong();
            case 700 -> (double) in.fixed(4).getFloat();
            case 701 -> in.fixed(8).getDouble();
            case 1700 -> readNumeric(in);
            case 17 -> {
                byte[] copy = new byte[bytes.length];
                in.fixed(bytes.length).get(copy);
                yield copy;
            }
            case 25, 1043, 1042, 19, 18, 114, 705 -> in.utf8(bytes.length);
            case 3802 -> {
                if (bytes.length == 0 || bytes[0] != 1) {
                    throw invalid(type, "unsupported jsonb version");
                }
                in.buffer.get();
                yield in.utf8(bytes.length - 1);
            }
            case 1082 -> {
                int days = in.fixed(4).getInt();
                yield days == Integer.MAX_VALUE ? "infinity" : days == Integer.MIN_VALUE ? "-infinity" : POSTGRES_EPOCH_DATE.plusDays(days);
            }
            case 1083 -> LocalTime.ofNanoOfDay(in.fixed(8).getLong() * 1_000);
            case 1266 -> {
                java.nio.ByteBuffer buffer = in.fixed(12);
                LocalTime time = LocalTime.ofNanoOfDay(buffer.getLong() * 1_000);
                yield OffsetTime.of(time, ZoneOffset.ofTotalSeconds(-buffer.getInt()));
            }
            case 1114 -> {
                long micros = in.fixed(8).getLong();
                yield micros == Long.MAX_VALUE ? "infinity" : micros == Long.MIN_VALUE ? "-infinity" : POSTGRES_EPOCH.plus(micros, ChronoUnit.MICROS);
            }
            case 1184 -> {
                long micros = in.fixed(8).getLong();
                yield micros == Long.MAX_VALUE ? "infinity" : micros == Long.MIN_VALUE ? "-infinity"
                        : POSTGRES_EPOCH_UTC.plus(micros, ChronoUnit.MICROS);
            }
            case 1186 -> {
                java.nio.ByteBuffer buffer = in.fixed(16);
                long micros = buffer.getLong();
                int days = buffer.getInt();
                yield new PgInterval(buffer.getInt(), days, micros);
            }
            case 2950 -> {
                java.nio.ByteBuffer buffer = in.fixed(16);
                yield new UUID(buffer.getLong(), buffer.getLong());
            }
            default -> {
                if (type.isArray()) {
                    yield readArray(type, in);
                }
                throw new SwitchboardException(ErrorCode.NOT_SUPPORTED,
                        "binary format is not supported for parameters of type " + type.name() + "; send it in text format");
            }
        };
        if (in.buffer.hasRemaining()) {
            throw invalid(type, "extra data at the end of a binary " + type.name() + " value");
        }
        return value;
    }

    private static Object readNumeric(ByteBufReader in) {
        java.nio.ByteBuffer header = in.fixed(8);
        int count = header.getShort() & 0xFFFF;
        int weight = header.getShort();
        short sign = header.getShort();
        int displayScale = header.getShort() & 0xFFFF;
        if (sign == NUMERIC_NAN) {
            return "NaN";
        }
        if (sign == NUMERIC_PLUS_INFINITY) {
            return "Infinity";
        }
        if (sign == NUMERIC_MINUS_INFINITY) {
            return "-Infinity";
        }
        if (sign != NUMERIC_POSITIVE && sign != NUMERIC_NEGATIVE) {
            throw invalid(PgType.NUMERIC, "invalid sign in binary numeric");
        }
        if (displayScale > 16383 || count > 16383 || Math.abs(weight) > 32767) {
            throw invalid(PgType.NUMERIC, "invalid scale in binary numeric");
        }
        java.nio.ByteBuffer digits = in.fixed(count * 2);
        BigInteger unscaled = BigInteger.ZERO;
        BigInteger tenThousand = BigInteger.valueOf(10_000);
        for (int i = 0; i < count; i++) {
            short group = digits.getShort();
            if (group < 0 || group > 9999) {
                throw invalid(PgType.NUMERIC, "invalid digit in binary numeric");
            }
            unscaled = unscaled.multiply(tenThousand).add(BigInteger.valueOf(group));
        }
        // The groups read so far have value unscaled × 10000^(weight - count + 1).
        BigDecimal value = new BigDecimal(unscaled, -4 * (weight - count + 1));
        if (sign == NUMERIC_NEGATIVE) {
            value = value.negate();
        }
        // The display scale only adds trailing zeros; past a bound it would turn 16 bytes into
        // kilobytes of digits, so it is applied only where it stays small.
        if (displayScale > value.scale() && displayScale - value.scale() <= MAX_PADDED_DIGITS) {
            return value.setScale(displayScale);
        }
        return value.scale() > displayScale ? value.setScale(Math.max(displayScale, value.stripTrailingZeros().scale()),
                java.math.RoundingMode.UNNECESSARY) : value;
    }

    private static List<Object> readArray(PgType type, ByteBufReader in) {
        java.nio.ByteBuffer header = in.fixed(12);
        int dimensions = header.getInt();
        header.getInt(); // has-null flag: the element lengths say it too
        int elementOid = header.getInt();
        PgType elementType = PgType.byOid(elementOid);
        if (elementType == null || elementType.oid() != type.elementOid()) {
            throw invalid(type, "array element type " + elementOid + " does not match " + type.name());
        }
        if (dimensions < 0 || dimensions > 6) {
            throw invalid(type, "invalid number of array dimensions: " + dimensions);
        }
        if (dimensions == 0) {
            return List.of();
        }
        int[] sizes = new int[dimensions];
        long total = 1;
        for (int i = 0; i < dimensions; i++) {
            java.nio.ByteBuffer dimension = in.fixed(8);
            sizes[i] = dimension.getInt();
            dimension.getInt(); // lower bound: a SQL ARRAY[...] literal always starts at 1
            if (sizes[i] < 0) {
                throw invalid(type, "invalid array dimension size");
            }
            total *= sizes[i];
            if (total > in.buffer.remaining() / 4 + 1) {
                throw invalid(type, "array dimensions exceed the data sent");
            }
        }
        List<Object> flat = new ArrayList<>((int) total);
        for (long i = 0; i < total; i++) {
            int length = in.fixed(4).getInt();
            if (length == -1) {
                flat.add(null);
                continue;
            }
            if (length < 0 || length > in.buffer.remaining()) {
                throw invalid(type, "invalid array element length");
            }
            byte[] element = new byte[length];
            in.buffer.get(element);
            flat.add(read(elementType, element));
        }
        return nest(flat, sizes, 0, new int[] {0});
    }

    private static List<Object> nest(List<Object> flat, int[] sizes, int depth, int[] position) {
        List<Object> result = new ArrayList<>(sizes[depth]);
        for (int i = 0; i < sizes[depth]; i++) {
            if (depth + 1 < sizes.length) {
                result.add(nest(flat, sizes, depth + 1, position));
            } else {
                result.add(flat.get(position[0]++));
            }
        }
        return result;
    }

    private static SwitchboardException invalid(PgType type, String message) {
        return new SwitchboardException(ErrorCode.INVALID_ARGUMENT, message, "22P03", null);
    }

    /** Bounds-checked reads over one parameter's bytes. */
    private static final class ByteBufReader {
        private final java.nio.ByteBuffer buffer;

        ByteBufReader(byte[] bytes) {
            this.buffer = java.nio.ByteBuffer.wrap(bytes);
        }

        java.nio.ByteBuffer fixed(int length) {
            if (buffer.remaining() < length) {
                throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "insufficient data left in binary parameter value",
                        "22P03", null);
            }
            java.nio.ByteBuffer slice = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            return slice;
        }

        String utf8(int length) {
            return Utf8.decode(fixed(length));
        }
    }
}
