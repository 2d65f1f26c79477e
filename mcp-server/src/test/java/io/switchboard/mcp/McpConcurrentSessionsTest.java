package io.switchboard.mcp;

import static io.switchboard.mcp.McpClients.call;
import static io.switchboard.mcp.McpClients.errorCode;
import static io.switchboard.mcp.McpClients.structured;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpSyncClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 50 MCP sessions at once, 20 queries each: every answer is the one its session asked for, and
 * no session can see another's queries or page another's results.
 */
final class McpConcurrentSessionsTest {
    private static final int SESSIONS = 50;
    private static final int QUERIES = 20;
    private static McpTestServer server;

    @BeforeAll
    static void start() {
        server = McpTestServer.start("defaultMaxRows: 10");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sessionsGetTheirOwnAnswersAndNothingElse() throws Exception {
        Map<Integer, List<String>> queryIds = new ConcurrentHashMap<>();
        Map<Integer, List<Map<String, Object>>> pagedResults = new ConcurrentHashMap<>();
        List<McpSyncClient> clients = new ArrayList<>();
        CountDownLatch allAnswered = new CountDownLatch(SESSIONS);
        CountDownLatch crossChecked = new CountDownLatch(SESSIONS);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sessions = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                int session = s;
                McpSyncClient client = McpClients.connect(server.url());
                clients.add(client);
                sessions.add(executor.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    List<Map<String, Object>> paged = new ArrayList<>();
                    for (int q = 0; q < QUERIES; q++) {
                        long expected = session * 1000L + q;
                        Map<String, Object> answer;
                        if (q % 5 == 0) {
                            answer = structured(call(client, "execute_query",
                                    Map.of("sql", "SELECT range + " + expected + " AS v FROM range(25) ORDER BY 1")));
                            assertThat(answer).containsEntry("has_more", true);
                            assertThat(((List<?>) answer.get("rows")).get(0)).hasToString("[" + expected + "]");
                            paged.add(answer);
                        } else {
                            answer = structured(call(client, "execute_query",
                                    Map.of("sql", "SELECT " + expected + " AS v, 'session " + session + "' AS who")));
                            assertThat(answer.get("rows")).hasToString("[[" + expected + ", session " + session + "]]");
                        }
                        ids.add((String) answer.get("query_id"));
                    }
                    queryIds.put(session, ids);
                    pagedResults.put(session, paged);
                    allAnswered.countDown();
                    assertThat(allAnswered.await(5, TimeUnit.MINUTES)).isTrue();

                    // Another session's query ids and cursors lead nowhere.
                    int neighbour = (session + 1) % SESSIONS;
                    for (String foreignId : queryIds.get(neighbour).subList(0, 3)) {
                        assertThat(errorCode(call(client, "get_query_status", Map.of("query_id", foreignId)))).isEqualTo("QUERY_NOT_FOUND");
                    }
                    Map<String, Object> foreignPage = pagedResults.get(neighbour).get(0);
                    assertThat(errorCode(call(client, "fetch_rows", Map.of("query_id", foreignPage.get("query_id"),
                            "cursor", foreignPage.get("next_cursor"))))).isEqualTo("QUERY_NOT_FOUND");
                    // Its own are there.
                    Map<String, Object> own = pagedResults.get(session).get(0);
                    Map<String, Object> next = structured(call(client, "fetch_rows", Map.of("query_id", own.get("query_id"),
                            "cursor", own.get("next_cursor"))));
                    assertThat(((List<?>) next.get("rows")).get(0)).hasToString("[" + (session * 1000L + 10) + "]");
                    assertThat(structured(call(client, "get_query_status", Map.of("query_id", ids.get(1)))))
                            .containsEntry("state", "SUCCEEDED");
                    crossChecked.countDown();
                    return null;
                }));
            }
            for (Future<?> session : sessions) {
                session.get(5, TimeUnit.MINUTES);
            }
        } finally {
            for (McpSyncClient client : clients) {
                client.close();
            }
        }
        assertThat(crossChecked.getCount()).isZero();
        assertThat(queryIds.values().stream().flatMap(List::stream).distinct().count()).isEqualTo((long) SESSIONS * QUERIES);
        for (List<String> ids : queryIds.values()) {
            for (String id : ids) {
                assertThat(server.feedback().findQuery(id)).as(id).isPresent();
            }
        }
    }
}
