package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// A mistake here could start a server that never returns; the timeout turns that into a failure.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
final class SwitchboardMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SwitchboardMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsExplainThemselves() {
        assertThat(run()).isEqualTo(2);
        assertThat(errors()).contains("no command given").contains("Usage: switchboard <command>");
        assertThat(run("start", "--port", "1")).isEqualTo(2);
        assertThat(errors()).contains("unknown option '--port'");
        assertThat(run("start", "--config")).isEqualTo(2);
        assertThat(errors()).contains("option --config needs a value");
    }

    @Test
    void configurationErrorsNameTheKeyAndLine(@TempDir Path directory) throws Exception {
        Path config = directory.resolve("bad.yaml");
        Files.writeString(config, """
                switchboard:
                  frontends:
                    postgresWire:
                      port: 5432
                clusters:
                  d: {engine: duckDb, databasPth: x.duckdb}
                clusterGroups:
                  g: {members: [d]}
                routingFallback: g
                """);
        assertThat(run("start", "--config", config.toString(), "--data-dir", directory.toString())).isEqualTo(2);
        assertThat(errors()).contains("Configuration error: clusters.d.databasPth (line 6): unknown key 'databasPth'");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void laterFrontendsAndRoutersAreRefusedClearly(@TempDir Path directory) {
        assertThat(run("start", "--data-dir", directory.toString(), "--set", "frontends.flightSql.enabled=true")).isEqualTo(2);
        assertThat(errors()).contains("switchboard.frontends.flightSql").contains("not available in this build yet");
    }

    @Test
    void commandLineCollectsOverridesInOrder() {
        CommandLine commandLine = CommandLine.parse(new String[] {
            "start", "--set", "a.b=1", "--data-dir=/tmp/x", "--set=c=2", "--config", "f.yaml"});
        assertThat(commandLine.command()).isEqualTo("start");
        assertThat(commandLine.configFile()).isEqualTo(Optional.of(Path.of("f.yaml")));
        assertThat(commandLine.overrides()).containsExactly("a.b=1", "c=2", "dataDirectory=/tmp/x");
    }
}
