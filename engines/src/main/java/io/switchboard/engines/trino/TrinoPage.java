package io.switchboard.engines.trino;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.result.Column;
import io.switchboard.core.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One response of Trino's client protocol ({@code QueryResults}): where to ask next, the columns
 * once known, a page of rows already converted to neutral values, the state, and the error of a
 * failed query.
 *
 * <p>The body is read as a stream: each row is parsed into a small JSON tree and converted
 * right away, so a page costs its converted rows plus one row of JSON, never the whole text.
 *
 * @param columns the columns, or null when this response does not carry them yet
 * @param rows converted rows (empty when none came)
 * @param error Trino's error object, or null
 * @param updateCount the row count of a statement such as INSERT, or null
 */
record TrinoPage(
        String queryId,
        URI nextUri,
        List<Column> columns,
        List<Object[]> rows,
        String state,
        JsonNode error,
        String updateType,
        Long updateCount) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    boolean finished() {
        return nextUri == null;
    }

    /**
     * Parses one response body. {@code knownColumns} are the columns an earlier page announced,
     * or null; rows that arrive before any column list are converted once it comes.
     */
    static TrinoPage parse(InputStream body, List<Column> knownColumns) throws IOException {
        String queryId = null;
        URI nextUri = null;
        List<Column> columns = null;
        List<Object[]> rows = new ArrayList<>();
        List<JsonNode> unconverted = null;
        String state = null;
        JsonNode error = null;
        String updateType = null;
        Long updateCount = null;
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("Trino's answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "id" -> queryId = parser.getValueAsString();
                    case "nextUri" -> nextUri = value == JsonToken.VALUE_NULL ? null : URI.create(parser.getText());
                    case "columns" -> columns = value == JsonToken.VALUE_NULL ? null : columns(MAPPER.readTree(parser));
                    case "data" -> {
                        if (value != JsonToken.START_ARRAY) {
                            parser.skipChildren();
                            break;
                        }
                        List<Column> current = columns != null ? columns : knownColumns;
                        while (parser.nextToken() == JsonToken.START_ARRAY) {
                            JsonNode row = MAPPER.readTree(parser);
                            if (current == null) {
                                if (unconverted == null) {
                                    unconverted = new ArrayList<>();
                                }
                                unconverted.add(row);
                            } else {
                                rows.add(convert(row, current));
                            }
                        }
                    }
                    case "stats" -> {
                        JsonNode stats = MAPPER.readTree(parser);
                        state = stats == null ? null : stats.path("state").asText(null);
                    }
                    case "error" -> error = value == JsonToken.VALUE_NULL ? null : MAPPER.readTree(parser);
                    case "updateType" -> updateType = parser.getValueAsString();
                    case "updateCount" -> updateCount = value == JsonToken.VALUE_NULL ? null : parser.getLongValue();
                    default -> parser.skipChildren();
                }
            }
        }
        if (unconverted != null) {
            List<Column> current = columns != null ? columns : knownColumns;
            if (current == null) {
                throw new IOException("Trino sent rows before their columns");
            }
            for (JsonNode row : unconverted) {
                rows.add(convert(row, current));
            }
        }
        return new TrinoPage(queryId, nextUri, columns, rows, state, error, updateType, updateCount);
    }

    static List<Column> columns(JsonNode columns) {
        List<Column> result = new ArrayList<>(columns.size());
        for (JsonNode column : columns) {
            DataType type = TrinoTypes.parse(column.path("type").asText("unknown"));
            result.add(new Column(column.path("name").asText(""), type));
        }
        return List.copyOf(result);
    }

    private static Object[] convert(JsonNode row, List<Column> columns) throws IOException {
        if (row.size() != columns.size()) {
            throw new IOException("Trino sent a row of " + row.size() + " values for " + columns.size() + " columns");
        }
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = TrinoValues.convert(row.get(i), columns.get(i).type());
        }
        return values;
    }
}
