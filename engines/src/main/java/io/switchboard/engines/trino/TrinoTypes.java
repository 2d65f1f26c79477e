package io.switchboard.engines.trino;

import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps Trino's type names, as the client protocol and {@code DESCRIBE OUTPUT} print them
 * ({@code decimal(15,2)}, {@code timestamp(3) with time zone}, {@code row(a bigint, "b c" array(varchar))}),
 * into the neutral type system. Every type keeps Trino's name in {@link DataType#engineTypeName()}.
 *
 * <p>Types without a neutral counterpart ({@code ipaddress}, {@code HyperLogLog}, geometry, ...)
 * become UNKNOWN and travel as the text Trino sends.
 */
public final class TrinoTypes {
    private TrinoTypes() {}

    public static DataType parse(String trinoTypeName) {
        try {
            return new Parser(trinoTypeName).parseWhole();
        } catch (IllegalArgumentException e) {
            return DataType.UNKNOWN.withEngineTypeName(trinoTypeName.strip());
        }
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        DataType parseWhole() {
            DataType type = parseType();
            skipSpaces();
            if (position != text.length()) {
                return DataType.UNKNOWN.withEngineTypeName(text.strip());
            }
            return type;
        }

        private DataType parseType() {
            skipSpaces();
            int start = position;
            String base = word();
            List<String> numbers = new ArrayList<>();
            DataType type;
            switch (base) {
                case "array" -> {
                    expect('(');
                    DataType element = parseType();
                    expect(')');
                    type = DataType.array(element);
                }
                case "map" -> {
                    expect('(');
                    DataType key = parseType();
                    expect(',');
                    DataType value = parseType();
                    expect(')');
                    type = DataType.map(key, value);
                }
                case "row" -> type = row();
                default -> {
                    if (peek() == '(') {
                        expect('(');
                        numbers.add(numberText());
                        while (peek() == ',') {
                            expect(',');
                            numbers.add(numberText());
                        }
                        expect(')');
                    }
                    type = simple(base, numbers);
                }
            }
            return type.withEngineTypeName(text.substring(start, position).strip());
        }

        private DataType row() {
            expect('(');
            List<String> names = new ArrayList<>();
            List<DataType> types = new ArrayList<>();
            do {
                if (!names.isEmpty()) {
                    expect(',');
                }
                skipSpaces();
                String name;
                if (peek() == '"') {
                    name = quotedName();
                } else {
                    // A field name, unless this is an anonymous field whose type starts here.
                    int mark = position;
                    String candidate = word();
                    skipSpaces();
                    if (peek() == ',' || peek() == ')' || peek() == '(') {
                        position = mark;
                        name = "field" + names.size();
                    } else {
                        name = candidate;
                    }
                }
                names.add(name);
                types.add(parseType());
                skipSpaces();
            } while (peek() == ',');
            expect(')');
            return DataType.row(names, types);
        }

        /** Multi-word names: {@code timestamp(3) with time zone}, {@code interval day to second}. */
        private DataType simple(String base, List<String> numbers) {
            int precision = numbers.isEmpty() ? -1 : Integer.parseInt(numbers.get(0));
            return switch (base) {
                case "boolean" -> DataType.BOOLEAN;
                case "tinyint" -> DataType.TINYINT;
                case "smallint" -> DataType.SMALLINT;
                case "integer", "int" -> DataType.INTEGER;
                case "bigint" -> DataType.BIGINT;
                case "real" -> DataType.REAL;
                case "double" -> {
                    consumeWords("precision");
                    yield DataType.DOUBLE;
                }
                case "decimal" -> DataType.decimal(Math.max(precision, 0), numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 0);
                case "varchar" -> precision < 0 ? DataType.VARCHAR : DataType.varchar(precision);
                case "char" -> DataType.character(Math.max(precision, 1));
                case "varbinary" -> DataType.VARBINARY;
                case "json" -> DataType.JSON;
                case "date" -> DataType.DATE;
                case "time" -> temporal(consumeWords("with", "time", "zone") ? TypeKind.TIME_WITH_TIME_ZONE : TypeKind.TIME,
                        precision < 0 ? 3 : precision);
                case "timestamp" -> temporal(
                        consumeWords("with", "time", "zone") ? TypeKind.TIMESTAMP_WITH_TIME_ZONE : TypeKind.TIMESTAMP,
                        precision < 0 ? 3 : precision);
                case "interval" -> {
                    if (!consumeWords("day", "to", "second")) {
                        consumeWords("year", "to", "month");
                    }
                    yield DataType.INTERVAL;
                }
                case "uuid" -> DataType.UUID;
                default -> DataType.UNKNOWN;
            };
        }

        private static DataType temporal(TypeKind kind, int precision) {
            return new DataType(kind, precision, 0, List.of(), List.of(), null);
        }

        /** Consumes the given words if they come next (case-insensitively); else consumes nothing. */
        private boolean consumeWords(String... words) {
            int mark = position;
            for (String expected : words) {
                skipSpaces();
                if (!word().equals(expected)) {
                    position = mark;
                    return false;
                }
            }
            return true;
        }

        private String word() {
            skipSpaces();
            int start = position;
            while (position < text.length()
                    && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
                position++;
            }
            return text.substring(start, position).toLowerCase(Locale.ROOT);
        }

        private String numberText() {
            skipSpaces();
            int start = position;
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            if (start == position) {
                // A type parameter that is not a number (a variable in a signature): treat as unbounded.
                word();
                return "-1";
            }
            return text.substring(start, position);
        }

        private String quotedName() {
            StringBuilder name = new StringBuilder();
            position++;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    if (position < text.length() && text.charAt(position) == '"') {
                        name.append('"');
                        position++;
                        continue;
                    }
                    break;
                }
                name.append(c);
            }
            return name.toString();
        }

        private char peek() {
            skipSpaces();
            return position < text.length() ? text.charAt(position) : 0;
        }

        private void expect(char c) {
            skipSpaces();
            if (position < text.length() && text.charAt(position) == c) {
                position++;
            } else {
                throw new IllegalArgumentException("unexpected type text: " + text);
            }
        }

        private void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }
    }
}
