package io.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop load on the MCP frontend over streamable HTTP: N sessions (each initialized with
 * its own {@code Mcp-Session-Id}) each call {@code execute_query} one after another; latencies go
 * into HdrHistograms. A call counts only when its answer is a successful tool result holding the
 * expected text. The same table layout as {@link PostgresLoad}, so the two doors can be read side by side.
 *
 * <pre>
 * McpLoad --url http://127.0.0.1:8811/mcp [--token T] --sql "SELECT 1" --expect '[[1]]'
 *         --sessions 1,16 [--rounds 5] [--round-seconds 4] [--warmup-seconds 3]
 * </pre>
 * Plain JDK HTTP and string checks keep the client cheap; a full MCP SDK client would measure itself too.
 */
public final class McpLoad {
    private McpLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--sql", "SELECT 1", "--expect", "[[1]]", "--sessions", "1,16",
                "--rounds", "5", "--round-seconds", "4", "--warmup-seconds", "3", "--name", "mcp"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--url")) {
            throw new IllegalArgumentException("need --url http://HOST:PORT/mcp");
        }
        URI url = URI.create(options.get("--url"));
        String token = options.get("--token");
        String call = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_query\","
                + "\"arguments\":{\"sql\":\"" + options.get("--sql").replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}}";
        String expected = "\"rows\":" + options.get("--expect");
        int rounds = Integer.parseInt(options.get("--rounds"));
        int roundSeconds = Integer.parseInt(options.get("--round-seconds"));
        System.out.printf(Locale.ROOT, "%-12s %-12s %5s %10s %10s %10s %10s %10s%n",
                "target", "query", "conns", "qps", "p50_us", "p95_us", "p99_us", "errors");
        for (int sessions : Arrays.stream(options.get("--sessions").split(",")).mapToInt(Integer::parseInt).toArray()) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
            List<String> sessionIds = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                sessionIds.add(initialize(http, url, token));
            }
            runRound(http, url, token, sessionIds, call, expected, Duration.ofSeconds(Integer.parseInt(options.get("--warmup-seconds"))), null);
            Histogram total = new Histogram(3);
            AtomicLong errors = new AtomicLong();
            for (int round = 0; round < rounds; round++) {
                total.add(runRound(http, url, token, sessionIds, call, expected, Duration.ofSeconds(roundSeconds), errors));
            }
            System.out.printf(Locale.ROOT, "%-12s %-12s %5d %10.0f %10.1f %10.1f %10.1f %10d%n",
                    options.get("--name"), "select1", sessions, total.getTotalCount() / (double) (rounds * roundSeconds),
                    total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(95) / 1000.0,
                    total.getValueAtPercentile(99) / 1000.0, errors.get());
            for (String sessionId : sessionIds) {
                HttpRequest.Builder delete = HttpRequest.newBuilder(url).DELETE().header("Mcp-Session-Id", sessionId);
                if (token != null) {
                    delete.header("Authorization", "Bearer " + token);
                }
                http.send(delete.build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private static String initialize(HttpClient http, URI url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(url, token, null,
                "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"switchboard-bench\",\"version\":\"1\"}}}"),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("initialize failed with HTTP " + response.statusCode() + ": " + response.body());
        }
        String sessionId = response.headers().firstValue("mcp-session-id")
                .orElseThrow(() -> new IllegalStateException("the server sent no Mcp-Session-Id"));
        http.send(request(url, token, sessionId, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                HttpResponse.BodyHandlers.discarding());
        return sessionId;
    }

    private static HttpRequest request(URI url, String token, String sessionId, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            builder.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-06-18");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    /** Runs one timed round; returns the latencies in nanoseconds. */
    private static Histogram runRound(HttpClient http, URI url, String token, List<String> sessionIds, String call, String expected,
            Duration duration, AtomicLong errors) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(sessionIds.size());
        AtomicLong ids = new AtomicLong(1);
        for (String sessionId : sessionIds) {
            Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(request(url, token, sessionId,
                                    call.formatted(ids.incrementAndGet())), HttpResponse.BodyHandlers.ofString());
                            String body = response.body();
                            if (response.statusCode() == 200 && body.contains("\"isError\":false") && body.contains(expected)) {
                                recorder.recordValue(System.nanoTime() - start);
                            } else if (errors != null) {
                                errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            if (errors != null) {
                                errors.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        recorder.reset();
        Thread.sleep(duration.toMillis());
        Histogram histogram = recorder.getIntervalHistogram();
        stop.set(true);
        done.await();
        return histogram;
    }
}
