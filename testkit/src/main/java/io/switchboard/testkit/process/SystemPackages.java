package io.switchboard.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs Debian packages a test server needs when they are missing, with apt-get as the
 * machine's own package client. Waits for apt's lock (other builds may be installing at the same
 * time) and says exactly which command failed and what it printed.
 */
public final class SystemPackages {
    private static final long INSTALL_MINUTES = 10;

    private SystemPackages() {}

    /** Installs {@code packages} unless {@code marker} (a file the packages ship) exists already. */
    public static synchronized void ensureInstalled(Path marker, String... packages) {
        if (Files.exists(marker)) {
            return;
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y",
                "--no-install-recommends"));
        install.addAll(List.of(packages));
        String first = run(install);
        if (first != null) {
            // The package lists may be missing or stale on a fresh machine.
            String update = run(List.of("apt-get", "-o", "DPkg::Lock::Timeout=300", "update"));
            if (update != null) {
                throw new IllegalStateException("cannot install " + String.join(" ", packages) + ": 'apt-get update' failed:\n"
                        + update + "\nearlier 'apt-get install' said:\n" + first);
            }
            String second = run(install);
            if (second != null) {
                throw new IllegalStateException("cannot install " + String.join(" ", packages) + " with '"
                        + String.join(" ", install) + "':\n" + second);
            }
        }
        if (!Files.exists(marker)) {
            throw new IllegalStateException("installed " + String.join(" ", packages) + " but " + marker + " is still missing");
        }
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Path output = Files.createTempFile("switchboard-apt", ".log");
            try {
                Process process = builder.redirectOutput(output.toFile()).start();
                if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    return "'" + String.join(" ", command) + "' did not finish within " + INSTALL_MINUTES + " minutes";
                }
                if (process.exitValue() == 0) {
                    return null;
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                return "exit code " + process.exitValue() + ":\n" + text.substring(Math.max(0, text.length() - 4000));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return "cannot run '" + String.join(" ", command) + "': " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running '" + String.join(" ", command) + "'";
        }
    }
}
