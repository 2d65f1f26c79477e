package io.switchboard.engines.postgres;

import io.switchboard.core.result.Column;
import java.util.List;

/** A RowDescription: the columns, and per column the decoder of its values. */
record PgRowDescription(List<Column> columns, PgTextDecoder[] decoders) {}
