package io.switchboard.server;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.mcp.McpOptions;
import io.switchboard.mcp.McpStdioServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code switchboard} executable. Exit codes: 0 after a clean stop, 1 for a failure at
 * start, 2 for a usage or configuration error.
 */
public final class SwitchboardMain {
    static final String DEFAULT_CONFIG_RESOURCE = "/io/switchboard/server/default-config.yaml";

    private SwitchboardMain() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("mcp")) {
            // stdout belongs to the MCP protocol: anything else that prints there (a library, a
            // stray println) would corrupt it, so System.out becomes stderr for everyone else.
            PrintStream protocol = System.out;
            System.setOut(System.err);
            System.exit(runMcp(args, protocol, System.err));
        }
        System.exit(run(args, System.out, System.err));
    }

    /** {@code mcp}: the stdio transport; returns when the client closes stdin. */
    static int runMcp(String[] args, PrintStream protocol, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("switchboard: " + e.getMessage());
            err.print(CommandLine.USAGE);
            return 2;
        }
        SwitchboardServer server;
        try {
            server = SwitchboardServer.create(loadConfig(commandLine));
        } catch (SwitchboardException e) {
            err.println((e.code() == ErrorCode.INVALID_CONFIGURATION ? "Configuration error: " : "Switchboard could not start: ")
                    + e.getMessage());
            return e.code() == ErrorCode.INVALID_CONFIGURATION ? 2 : 1;
        }
        try (server) {
            server.startWithoutListeners();
            McpStdioServer.run(server.pipeline(), server.feedbackStore(),
                    McpOptions.parse(server.config().frontends().mcp().options()), server.config().auth(), System.in, protocol,
                    new SimpleMeterRegistry());
        }
        return 0;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("switchboard: " + e.getMessage());
            err.println();
            err.print(CommandLine.USAGE);
            return 2;
        }
        SwitchboardConfig config;
        SwitchboardServer server;
        try {
            config = loadConfig(commandLine);
            server = SwitchboardServer.create(config);
        } catch (SwitchboardException e) {
            if (e.code() == ErrorCode.INVALID_CONFIGURATION) {
                err.println("Configuration error: " + e.getMessage());
                return 2;
            }
            err.println("Switchboard could not start: " + e.getMessage());
            return 1;
        }
        try {
            server.start();
        } catch (RuntimeException e) {
            err.println("Switchboard could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "switchboard-shutdown"));
        printListeners(server, config, commandLine, out);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static SwitchboardConfig loadConfig(CommandLine commandLine) {
        if (commandLine.configFile().isPresent()) {
            return ConfigLoader.load(commandLine.configFile().get(), commandLine.overrides());
        }
        try (InputStream in = SwitchboardMain.class.getResourceAsStream(DEFAULT_CONFIG_RESOURCE)) {
            if (in == null) {
                throw new SwitchboardException(ErrorCode.INTERNAL, "the embedded default configuration is missing from the build");
            }
            return ConfigLoader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), commandLine.overrides(), System::getenv);
        } catch (IOException e) {
            throw new SwitchboardException(ErrorCode.INTERNAL, "cannot read the embedded default configuration", e);
        }
    }

    private static void printListeners(SwitchboardServer server, SwitchboardConfig config, CommandLine commandLine, PrintStream out) {
        out.println("Switchboard is running ("
                + commandLine.configFile().map(path -> "config " + path).orElse("embedded default configuration")
                + ", data in " + server.dataDirectory() + ")");
        Map<String, InetSocketAddress> listeners = server.listeners();
        listeners.forEach((name, address) -> out.printf("  %-14s %s%n", name, describe(name, address)));
        InetSocketAddress postgres = listeners.get("postgresWire");
        if (postgres != null) {
            String user = config.auth().users().isEmpty() ? "switchboard" : config.auth().users().keySet().iterator().next();
            String credentials = config.auth().users().containsKey("switchboard") && commandLine.configFile().isEmpty()
                    ? "switchboard:switchboard@" : user + "@";
            out.printf("Try:%n  psql \"postgresql://%s%s:%d/tpch\" -c \"SELECT n_name, count(*) FROM nation JOIN customer ON c_nationkey = n_nationkey GROUP BY 1 ORDER BY 2 DESC LIMIT 5\"%n",
                    credentials, host(postgres), postgres.getPort());
        }
        out.println("Stop with Ctrl-C.");
        out.flush();
    }

    private static String describe(String name, InetSocketAddress address) {
        String hostAndPort = host(address) + ":" + address.getPort();
        return switch (name) {
            case "adminApi" -> "http://" + hostAndPort + "/metrics";
            case "mcp" -> "http://" + hostAndPort + "/mcp";
            default -> hostAndPort;
        };
    }

    private static String host(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
