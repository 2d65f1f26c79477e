package io.switchboard.engines.postgres;

import io.switchboard.core.types.DataType;

/** A result column's neutral type and the decoder of its values in PostgreSQL's text format. */
record PgColumnType(DataType type, PgTextDecoder decoder) {}
