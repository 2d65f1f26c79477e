package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** psql, the real client, against the embedded default: catalog commands and a TPC-H query. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PsqlTest {
    @TempDir
    Path dataDirectory;

    private TestingSwitchboard switchboard;

    @BeforeAll
    void start() {
        switchboard = new TestingSwitchboard(dataDirectory);
    }

    @AfterAll
    void stop() {
        if (switchboard != null) {
            switchboard.close();
        }
    }

    private String psql(String... arguments) throws IOException, InterruptedException {
        return psqlAs(TestingSwitchboard.USER, TestingSwitchboard.PASSWORD, arguments);
    }

    private String psqlAs(String user, String password, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(switchboard.postgresAddress().getPort()),
                "-U", user, "-d", "tpch"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("psql %s said:%n%s", List.of(arguments), output).isZero();
        return output;
    }

    @Test
    void listsTheTpchTables() throws Exception {
        assertThat(psql("-c", "\\dt"))
                .contains("customer").contains("lineitem").contains("nation").contains("orders")
                .contains("part").contains("partsupp").contains("region").contains("supplier")
                .contains("table");
    }

    @Test
    void describesLineitem() throws Exception {
        assertThat(psql("-c", "\\d lineitem"))
                .contains("l_orderkey").contains("l_shipdate").contains("date")
                .contains("l_extendedprice").contains("numeric(15,2)");
    }

    @Test
    void listsDatabasesAndSchemas() throws Exception {
        assertThat(psql("-c", "\\l")).contains("List of databases");
        assertThat(psql("-c", "\\dn")).contains("main");
    }

    @Test
    void runsATpchQuery() throws Exception {
        TpchQuery q1 = TpchQueries.all().get(0);
        String output = psql("-A", "-t", "-F", "|", "-c", q1.sql());
        // A NOTICE (e.g. "translation: translator warming up") may come first; rows are what count.
        assertThat(output.lines().filter(line -> !line.isBlank() && !line.startsWith("NOTICE:")).toList())
                .hasSize(q1.expectedRows().size());
        assertThat(output).contains("A|F|").contains("R|F|");
    }

    /** The default's 'agent' user is guarded: psql prints the row limit's notice after the rows, and masked values. */
    @Test
    void agentSeesTheTruncationNoticeAndMaskedValues() throws Exception {
        String output = psqlAs("agent", "agent", "-A", "-t", "-c", "SELECT l_orderkey FROM lineitem");
        assertThat(output.lines().filter(line -> line.matches("\\d+")).count()).isEqualTo(1000);
        assertThat(output).contains("WARNING:  Result truncated: a guardrail stopped the result at its row limit after 1000 rows")
                .contains("HINT:  Add a LIMIT");
        assertThat(psqlAs("agent", "agent", "-A", "-t", "-c", "SELECT credit_card FROM customers_pii WHERE customer_id = 1"))
                .containsPattern("\\*{4} \\*{4} \\*{4} \\d{4}");
        // psql's catalog commands are reads and pass the agent's guards.
        assertThat(psqlAs("agent", "agent", "-c", "\\dt")).contains("customers_pii").contains("lineitem");
        assertThat(psqlAs("agent", "agent", "-c", "\\d customers_pii")).contains("credit_card");
        assertThat(psqlAs("agent", "agent", "-c", "\\l")).contains("List of databases");
    }
}
