package io.switchboard.server;

import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A Switchboard started in the test's JVM from the embedded default configuration, on free
 * loopback ports, with its data in a temporary directory.
 */
final class TestingSwitchboard implements AutoCloseable {
    static final String USER = "switchboard";
    static final String PASSWORD = "switchboard";

    private final SwitchboardServer server;

    TestingSwitchboard(Path dataDirectory, String... extraOverrides) {
        this(defaultConfig(), Map.of(), dataDirectory, extraOverrides);
    }

    /** A Switchboard from the given configuration text (the default's, changed by the test). */
    TestingSwitchboard(String configText, Path dataDirectory, String... extraOverrides) {
        this(configText, Map.of(), dataDirectory, extraOverrides);
    }

    /**
     * A Switchboard from the given configuration (which must have the PostgreSQL frontend and
     * the static user {@value #USER}), its listeners on free ports.
     *
     * @param environment what {@code ${VAR}} in the configuration reads, instead of the process's environment
     */
    TestingSwitchboard(String yaml, Map<String, String> environment, Path dataDirectory, String... extraOverrides) {
        List<String> overrides = new ArrayList<>(List.of(
                "frontends.postgresWire.port=0",
                "frontends.mcp.port=0",
                "adminApi.port=0",
                "dataDirectory=" + dataDirectory));
        overrides.addAll(List.of(extraOverrides));
        SwitchboardConfig config = ConfigLoader.load(yaml, overrides, name -> environment.containsKey(name)
                ? environment.get(name) : System.getenv(name));
        server = SwitchboardServer.create(config);
        server.start();
    }

    static String defaultConfig() {
        try (InputStream in = SwitchboardMain.class.getResourceAsStream(SwitchboardMain.DEFAULT_CONFIG_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    SwitchboardServer server() {
        return server;
    }

    InetSocketAddress postgresAddress() {
        return server.listeners().get("postgresWire");
    }

    /** The MCP frontend's streamable HTTP base URL (the endpoint is {@code /mcp} under it). */
    String mcpBaseUrl() {
        return "http://127.0.0.1:" + server.listeners().get("mcp").getPort();
    }

    InetSocketAddress adminAddress() {
        return server.listeners().get("adminApi");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresAddress().getPort() + "/tpch";
    }

    Connection connect() throws SQLException {
        return connect(new Properties());
    }

    Connection connect(Properties extra) throws SQLException {
        return connect(USER, PASSWORD, extra);
    }

    Connection connect(String user, String password, Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.putAll(extra);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    @Override
    public void close() {
        server.close();
    }
}
