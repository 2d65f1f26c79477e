package io.switchboard.feedback;

import io.switchboard.core.feedback.QueryRecord;
import java.util.List;

/**
 * Where {@link AsyncRecordWriter} puts batches: a database table, written by one thread. A batch
 * is written whole or not at all; a failure is reported by throwing, and the writer counts it.
 */
interface RecordBatchSink extends AutoCloseable {

    /** Writes every record of the batch in one transaction. Called from the writer thread only. */
    void write(List<QueryRecord> batch) throws Exception;

    /** Releases the sink; called once, after the writer thread has stopped. */
    @Override
    void close();
}
