package io.switchboard.server;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed command line: {@code start|mcp [--config FILE] [--data-dir DIR] [--set k=v]...}.
 *
 * @param overrides {@code --set} values in order; {@code --data-dir} becomes the last one
 */
record CommandLine(String command, Optional<Path> configFile, List<String> overrides) {
    static final String USAGE = """
            Usage: switchboard <command> [options]

            Commands:
              start      run Switchboard (the embedded default: DuckDB with TPC-H demo data)
              mcp        serve MCP over stdin/stdout for a client that spawns its server
                         (logs go to stderr; no port is opened)

            Options:
              --config FILE        a YAML configuration (default: the embedded default)
              --data-dir DIR       where local state lives (DuckDB files); default ./data
              --set key.path=value override any configuration key, e.g.
                                   --set frontends.postgresWire.port=6432
            """;

    CommandLine {
        requireNonNull(command, "command is null");
        requireNonNull(configFile, "configFile is null");
        overrides = List.copyOf(overrides);
    }

    static CommandLine parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        String command = args[0];
        if (!command.equals("start") && !command.equals("mcp")) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        Path config = null;
        String dataDirectory = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String value;
            String name;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0 && !arg.startsWith("--set=")) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            } else if (arg.startsWith("--set=")) {
                name = "--set";
                value = arg.substring("--set=".length());
            } else {
                name = arg;
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + arg + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--config" -> config = Path.of(value);
                case "--data-dir" -> dataDirectory = value;
                case "--set" -> overrides.add(value);
                default -> throw new IllegalArgumentException("unknown option '" + name + "'");
            }
        }
        if (dataDirectory != null) {
            overrides.add("dataDirectory=" + dataDirectory);
        }
        return new CommandLine(command, Optional.ofNullable(config), overrides);
    }
}
