package io.switchboard.core.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** SQL dialects, named as sqlglot names them so that translation needs no second mapping. */
public enum Dialect {
    POSTGRES("postgres"),
    MYSQL("mysql"),
    TRINO("trino"),
    DUCKDB("duckdb"),
    CLICKHOUSE("clickhouse"),
    STARROCKS("starrocks"),
    /** Apache Derby and other ANSI-leaning engines reached over Flight SQL. */
    ANSI("");

    private final String sqlglotName;

    Dialect(String sqlglotName) {
        this.sqlglotName = sqlglotName;
    }

    public String sqlglotName() {
        return sqlglotName;
    }

    /** True when SQL written for this dialect runs unchanged on the other. */
    public boolean isCompatibleWith(Dialect other) {
        if (this == other) {
            return true;
        }
        return (this == MYSQL && other == STARROCKS) || (this == STARROCKS && other == MYSQL);
    }

    public static Optional<Dialect> fromName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(d -> d.sqlglotName.equals(lower) || d.name().equalsIgnoreCase(lower))
                .findFirst();
    }
}
