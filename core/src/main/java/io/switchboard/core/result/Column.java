package io.switchboard.core.result;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.types.DataType;

/** A result column: its label and its neutral type. */
public record Column(String name, DataType type) {
    public Column {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
    }
}
