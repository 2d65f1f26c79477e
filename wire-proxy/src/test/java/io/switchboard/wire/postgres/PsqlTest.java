package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** psql 15 against the frontend, as a user runs it: password from PGPASSWORD, plain and TLS. */
final class PsqlTest {
    private static final String PSQL = "/usr/bin/psql";
    private static TestCertificates certificates;
    private static WireTestServer server;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create();
        server = WireTestServer.withPasswords(AuthMethod.SCRAM_SHA_256,
                options -> options.withTls(certificates.certificate(), certificates.privateKey()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        certificates.delete();
    }

    @Test
    void runsAQuery() throws Exception {
        Result result = psql(Map.of(), "-c", "SELECT 1 AS one, 'two' AS two, DATE '2024-02-29' AS d, 1.5::DOUBLE AS f");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        assertThat(result.output().strip()).isEqualTo("1|two|2024-02-29|1.5");
    }

    @Test
    void runsSeveralStatementsAndShowsErrors() throws Exception {
        Result result = psql(Map.of(), "-c", "CREATE TABLE psql_t AS SELECT range AS x FROM range(3); SELECT sum(x) FROM psql_t");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).contains("3");
        Result failed = psql(Map.of(), "-c", "SELECT * FROM psql_missing");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.output()).contains("ERROR:").contains("psql_missing");
    }

    @Test
    void copyIsAnsweredClearlyInsteadOfHanging() throws Exception {
        Path data = Files.createTempFile("switchboard-copy", ".csv");
        try {
            Files.writeString(data, "1\n2\n");
            assertThat(psql(Map.of(), "-c", "CREATE TABLE copy_in (x INTEGER)").exitCode()).isEqualTo(0);
            Result copyIn = psql(Map.of(), "-c", "\\copy copy_in from '" + data + "'");
            assertThat(copyIn.exitCode()).isEqualTo(1);
            assertThat(copyIn.output()).contains("COPY FROM STDIN is not supported through Switchboard");
            Result copyOut = psql(Map.of(), "-c", "\\copy (SELECT 1) to '" + data + "'");
            assertThat(copyOut.exitCode()).isEqualTo(1);
            assertThat(copyOut.output()).contains("COPY TO STDOUT is not supported through Switchboard");
        } finally {
            Files.deleteIfExists(data);
        }
    }

    @Test
    void describesTablesThroughTheCatalogRewriter() throws Exception {
        assertThat(psql(Map.of(), "-c", "CREATE TABLE psql_orders (o_orderkey INTEGER PRIMARY KEY, o_total DECIMAL(15,2),"
                + " o_date DATE, o_comment VARCHAR)").exitCode()).isEqualTo(0);
        Result tables = psql(Map.of(), "-c", "\\dt");
        assertThat(tables.exitCode()).as(tables.output()).isEqualTo(0);
        assertThat(tables.output()).contains("main|psql_orders|table|");
        Result columns = psql(Map.of(), "-c", "\\d psql_orders");
        assertThat(columns.exitCode()).as(columns.output()).isEqualTo(0);
        assertThat(columns.output()).contains("o_orderkey|integer|", "o_total|numeric(15,2)|", "o_date|date|",
                "o_comment|character varying|");
        Result schemas = psql(Map.of(), "-c", "\\dn");
        assertThat(schemas.exitCode()).as(schemas.output()).isEqualTo(0);
        assertThat(schemas.output()).contains("main|");
    }

    @Test
    void connectsOverTls() throws Exception {
        Result result = psql(Map.of("PGSSLMODE", "require"), "-c", "\\conninfo");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(0);
        assertThat(result.output()).contains("SSL connection");
    }

    @Test
    void wrongPasswordIsRejected() throws Exception {
        Result result = psql(Map.of("PGPASSWORD", "wrong"), "-c", "SELECT 1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("password authentication failed for user \"alice\"");
    }

    private record Result(int exitCode, String output) {}

    private static Result psql(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PSQL, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", String.valueOf(server.port()), "-U", WireTestServer.USER, "-d", "analytics"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", WireTestServer.PASSWORD);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        builder.environment().put("PGSSLMODE", "disable");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("psql did not finish within 60 seconds: " + command);
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
