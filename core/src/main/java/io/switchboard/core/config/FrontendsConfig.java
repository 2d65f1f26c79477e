package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.session.FrontendProtocol;

/** The {@code frontends:} block, with QueryFlux's names and default ports. */
public record FrontendsConfig(
        FrontendConfig postgresWire,
        FrontendConfig mysqlWire,
        FrontendConfig trinoHttp,
        FrontendConfig flightSql,
        FrontendConfig mcp) {

    public static final int DEFAULT_POSTGRES_PORT = 5432;
    public static final int DEFAULT_MYSQL_PORT = 3306;
    public static final int DEFAULT_TRINO_PORT = 8080;
    public static final int DEFAULT_FLIGHT_SQL_PORT = 50051;
    public static final int DEFAULT_MCP_PORT = 8811;

    public FrontendsConfig {
        requireNonNull(postgresWire, "postgresWire is null");
        requireNonNull(mysqlWire, "mysqlWire is null");
        requireNonNull(trinoHttp, "trinoHttp is null");
        requireNonNull(flightSql, "flightSql is null");
        requireNonNull(mcp, "mcp is null");
    }

    static FrontendsConfig parse(ConfigNode node, String bindAddress) {
        FrontendsConfig config = new FrontendsConfig(
                FrontendConfig.parse(node.child("postgresWire"), DEFAULT_POSTGRES_PORT, bindAddress),
                FrontendConfig.parse(node.child("mysqlWire"), DEFAULT_MYSQL_PORT, bindAddress),
                FrontendConfig.parse(node.child("trinoHttp"), DEFAULT_TRINO_PORT, bindAddress),
                FrontendConfig.parse(node.child("flightSql"), DEFAULT_FLIGHT_SQL_PORT, bindAddress),
                FrontendConfig.parse(node.child("mcp"), DEFAULT_MCP_PORT, bindAddress));
        node.rejectUnknownKeys();
        return config;
    }

    public FrontendConfig get(FrontendProtocol protocol) {
        return switch (protocol) {
            case POSTGRES_WIRE -> postgresWire;
            case MYSQL_WIRE -> mysqlWire;
            case TRINO_HTTP -> trinoHttp;
            case FLIGHT_SQL -> flightSql;
            case MCP -> mcp;
            case INTERNAL -> throw new IllegalArgumentException("the internal frontend has no configuration");
        };
    }
}
