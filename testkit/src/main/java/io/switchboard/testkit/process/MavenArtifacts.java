package io.switchboard.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Artifacts that tests need as files rather than on the class path (a server tarball), resolved
 * with Maven itself so that its repository settings and cache apply: once downloaded, an
 * artifact is taken from the local repository ({@code ~/.m2/repository}, or
 * {@code -Dmaven.repo.local}).
 */
public final class MavenArtifacts {
    private static final long DOWNLOAD_MINUTES = 20;
    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get";

    private MavenArtifacts() {}

    /** The file of {@code groupId:artifactId:version:type}, downloaded first if the local repository lacks it. */
    public static synchronized Path resolve(String groupId, String artifactId, String version, String type) {
        Path file = localRepository().resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version)
                .resolve(artifactId + "-" + version + "." + type);
        if (Files.isRegularFile(file)) {
            return file;
        }
        String coordinates = groupId + ":" + artifactId + ":" + version + ":" + type;
        List<String> command = List.of("mvn", "-B", "-q", DEPENDENCY_PLUGIN, "-Dartifact=" + coordinates, "-Dtransitive=false",
                "-Dmaven.repo.local=" + localRepository());
        try {
            Path log = Files.createTempFile("switchboard-mvn", ".log");
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!process.waitFor(DOWNLOAD_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("downloading " + coordinates + " with Maven took longer than "
                            + DOWNLOAD_MINUTES + " minutes");
                }
                if (process.exitValue() != 0 || !Files.isRegularFile(file)) {
                    String output = Files.readString(log, StandardCharsets.UTF_8);
                    throw new IllegalStateException("cannot download " + coordinates + " with '" + String.join(" ", command)
                            + "' (exit code " + process.exitValue() + "):\n" + output.substring(Math.max(0, output.length() - 4000)));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run Maven to download " + coordinates + " (is 'mvn' on the PATH?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while downloading " + coordinates, e);
        }
        return file;
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** {@code ~/.cache/switchboard}: where unpacked servers are kept between test runs (never under target/). */
    public static Path cacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("switchboard");
    }
}
