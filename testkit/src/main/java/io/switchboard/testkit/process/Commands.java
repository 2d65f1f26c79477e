package io.switchboard.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the local commands the test servers need (initdb, pg_ctl, apt-get), each bounded in time,
 * and fails with the command line and its output so that a failed start says exactly what failed.
 */
public final class Commands {
    private static final int MAX_OUTPUT_CHARS = 8_000;

    private Commands() {}

    /** Runs a command to completion, failing when it exits non-zero or outlives the timeout. */
    public static String run(Duration timeout, List<String> command) {
        return run(timeout, command, null);
    }

    /** As {@link #run(Duration, List)}, with extra environment variables for the command. */
    public static String run(Duration timeout, List<String> command, java.util.Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (environment != null) {
            builder.environment().putAll(environment);
        }
        Path output;
        Process process;
        try {
            // Output goes to a file, so a chatty command never blocks on a full pipe.
            output = Files.createTempFile("switchboard-command", ".log");
            builder.redirectOutput(output.toFile());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        try {
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s; its output:\n" + tail(output));
            }
            String text = tail(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue()
                        + "; its output:\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    /** Whether an executable exists at this path. */
    public static boolean isExecutable(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    /** The end of a log file, for messages. */
    public static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(no output)";
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.length() <= MAX_OUTPUT_CHARS ? text : "…" + text.substring(text.length() - MAX_OUTPUT_CHARS);
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Deletes a directory tree, best effort; used when a server is closed. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // best effort: a leftover file in the temp directory is harmless
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }
}
