package io.switchboard.engines.mysql;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import java.util.List;

/** The checks MySQL-wire clusters add to the shared JDBC keys. */
final class MySqlConfigs {
    private MySqlConfigs() {}

    static JdbcEngineConfig parse(ClusterConfig cluster, int defaultPort, List<String> engineKeys) {
        JdbcEngineConfig config = JdbcEngineConfig.parse(cluster, defaultPort, List.of("mysql", "mariadb", "starrocks"),
                engineKeys);
        if (config.sessionProperties().keySet().stream().anyMatch(name -> name.equalsIgnoreCase("time_zone"))) {
            throw cluster.options().valueError("sessionProperties", "time_zone cannot be set: the engine pins the session "
                    + "time zone to UTC so that TIMESTAMP values are read as instants");
        }
        config.engineOption("allowPublicKeyRetrieval").ifPresent(value -> {
            if (!value.equals("true") && !value.equals("false")) {
                throw cluster.options().valueError("allowPublicKeyRetrieval", "expected true or false but found '" + value + "'");
            }
        });
        config.engineOption("catalog").ifPresent(catalog -> {
            if (catalog.isBlank()) {
                throw cluster.options().valueError("catalog", "must not be empty");
            }
        });
        return config;
    }
}
