package io.switchboard.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Switchboard as its own process, started the way the launcher starts it (SwitchboardMain with a
 * config file), for tests that need a separate heap or a real process exit.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern POSTGRES_LINE = Pattern.compile("postgresWire\\s+\\S+:(\\d+)");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();

    ServerProcess(Path configFile, String maxHeap) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"),
                SwitchboardMain.class.getName(),
                "start", "--config", configFile.toString()));
        process = new ProcessBuilder(command).start();
        pump(process.inputReader(StandardCharsets.UTF_8), stdout);
        pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr);
    }

    private static void pump(BufferedReader reader, List<String> lines) {
        Thread.ofVirtual().start(() -> {
            try (reader) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<stream closed: " + e.getMessage() + ">");
            }
        });
    }

    static Path writeConfig(Path directory, String yaml) throws IOException {
        Path file = directory.resolve("switchboard.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Waits for the listener summary the server prints once it is ready. */
    int awaitPostgresPort(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (String line : stdout) {
                Matcher matcher = POSTGRES_LINE.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ": " + output());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("server did not report its PostgreSQL port in " + timeout + ": " + output());
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        return "stdout=" + stdout + " stderr=" + stderr;
    }

    List<String> stderr() {
        return List.copyOf(stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
