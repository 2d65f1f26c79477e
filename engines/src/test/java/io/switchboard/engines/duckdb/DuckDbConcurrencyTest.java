package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many queries on virtual threads share a small executor of platform threads. */
final class DuckDbConcurrencyTest {
    private static final int QUERIES = 64;

    @TempDir
    Path data;

    @Test
    void sixtyFourConcurrentQueriesOnTwoExecutorThreadsAllSucceed() throws Exception {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "executorThreads: 2\nbatchSize: 100\n");
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            // Every caller holds its stream open at the barrier: 64 open streams on 2 threads is only
            // possible because a stream holds no thread between batches.
            CyclicBarrier allOpen = new CyclicBarrier(QUERIES);
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < QUERIES; i++) {
                int rows = 1000 + i;
                results.add(callers.submit(() -> {
                    try (ResultStream stream = engine.execute(DuckDbTesting.query(
                            "SELECT i, i * 2 AS twice FROM range(" + rows + ") t(i) ORDER BY i"))) {
                        long count = 0;
                        long sum = 0;
                        RowBatch first = stream.nextBatch();
                        allOpen.await(60, TimeUnit.SECONDS);
                        for (RowBatch batch = first; batch != null; batch = stream.nextBatch()) {
                            for (Object[] row : batch.rows()) {
                                assertThat(row[1]).isEqualTo(2 * (Long) row[0]);
                                sum += (Long) row[0];
                                count++;
                            }
                        }
                        return new long[] {rows, count, sum};
                    }
                }));
            }
            for (Future<long[]> result : results) {
                long[] answer = result.get(120, TimeUnit.SECONDS);
                long rows = answer[0];
                assertThat(answer[1]).isEqualTo(rows);
                assertThat(answer[2]).isEqualTo(rows * (rows - 1) / 2);
            }
            ThreadPoolExecutor executor = (ThreadPoolExecutor) engine.executor();
            assertThat(executor.getLargestPoolSize()).isLessThanOrEqualTo(2);
            assertThat(executor.getCompletedTaskCount()).isGreaterThan(QUERIES * 10L);
        }
    }
}
