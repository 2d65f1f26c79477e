package io.switchboard.core.engine;

import io.switchboard.core.sql.Dialect;
import java.util.Arrays;
import java.util.Optional;

/** Kinds of engine, with the names QueryFlux configurations use for {@code engine:}. */
public enum EngineType {
    TRINO("trino", Dialect.TRINO),
    DUCKDB("duckDb", Dialect.DUCKDB),
    POSTGRES("postgres", Dialect.POSTGRES),
    MYSQL("mysql", Dialect.MYSQL),
    STARROCKS("starRocks", Dialect.STARROCKS),
    CLICKHOUSE("clickHouse", Dialect.CLICKHOUSE),
    FLIGHT_SQL("flightSql", Dialect.ANSI);

    private final String configName;
    private final Dialect defaultDialect;

    EngineType(String configName, Dialect defaultDialect) {
        this.configName = configName;
        this.defaultDialect = defaultDialect;
    }

    public String configName() {
        return configName;
    }

    public Dialect defaultDialect() {
        return defaultDialect;
    }

    public static Optional<EngineType> fromConfigName(String name) {
        return Arrays.stream(values()).filter(t -> t.configName.equalsIgnoreCase(name)).findFirst();
    }
}
