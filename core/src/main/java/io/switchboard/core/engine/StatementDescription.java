package io.switchboard.core.engine;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.result.Column;
import io.switchboard.core.types.DataType;
import java.util.List;

/**
 * What a statement would return and which parameters it takes, learned without running it
 * (PostgreSQL's Describe of a prepared statement, JDBC's {@code getMetaData()} before execute).
 *
 * @param columns the result columns; empty for a statement that returns no rows
 * @param parameterTypes the type of each positional parameter ({@code $1}, {@code ?}), in order;
 *     {@link DataType#UNKNOWN} where the engine cannot tell
 */
public record StatementDescription(List<Column> columns, List<DataType> parameterTypes) {
    public StatementDescription {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        parameterTypes = List.copyOf(requireNonNull(parameterTypes, "parameterTypes is null"));
    }
}
