package io.switchboard.core.session;

import java.util.Arrays;
import java.util.Optional;

/** The door a query came through. Config names follow QueryFlux ({@code postgresWire}, ...). */
public enum FrontendProtocol {
    POSTGRES_WIRE("postgresWire"),
    MYSQL_WIRE("mysqlWire"),
    TRINO_HTTP("trinoHttp"),
    FLIGHT_SQL("flightSql"),
    MCP("mcp"),
    /** Queries Switchboard issues itself (health probes, Studio previews). */
    INTERNAL("internal");

    private final String configName;

    FrontendProtocol(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<FrontendProtocol> fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }
}
