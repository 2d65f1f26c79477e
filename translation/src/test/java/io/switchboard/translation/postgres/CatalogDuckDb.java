package io.switchboard.translation.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory DuckDB holding the TPC-H-like schema the queries were captured against, and the
 * means to run a captured query on it the way the PostgreSQL frontend would: rewritten by
 * {@link PostgresCatalogRewriter}, bind values interpolated, PostgreSQL's schema {@code public}
 * aimed at DuckDB's {@code main}, and the relation OIDs psql embedded replaced by the DuckDB
 * OIDs of the same relations.
 */
final class CatalogDuckDb implements AutoCloseable {
    private final PostgresCatalogRewriter rewriter = new PostgresCatalogRewriter();
    private final Connection connection;

    CatalogDuckDb() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            for (String ddl : CatalogGoldenCase.resource("duckdb-schema.sql").split(";")) {
                if (!ddl.isBlank()) {
                    statement.execute(ddl);
                }
            }
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Rows of a query result with its column labels and DuckDB type names. */
    record Result(List<String> labels, List<String> types, List<List<Object>> rows) {
        List<Object> column(String label) {
            int index = labels.indexOf(label);
            if (index < 0) {
                throw new IllegalArgumentException("no column " + label + " in " + labels);
            }
            return rows.stream().map(row -> row.get(index)).toList();
        }

        List<Object> column(int index) {
            return rows.stream().map(row -> row.get(index)).toList();
        }

        List<Object> row(int index) {
            return rows.get(index);
        }
    }

    Result query(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
            ResultSetMetaData metaData = resultSet.getMetaData();
            List<String> labels = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                labels.add(metaData.getColumnLabel(i));
                types.add(metaData.getColumnTypeName(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (resultSet.next()) {
                Object[] row = new Object[labels.size()];
                for (int i = 0; i < row.length; i++) {
                    Object value = resultSet.getObject(i + 1);
                    row[i] = value instanceof java.sql.Array array ? Arrays.asList((Object[]) array.getArray()) : value;
                }
                rows.add(Arrays.asList(row));
            }
            return new Result(List.copyOf(labels), List.copyOf(types), List.copyOf(rows));
        }
    }

    /** The captured query as the rewriter rewrites it, made runnable here with the given literals for its parameters. */
    String runnable(CatalogGoldenCase golden, List<String> literals) throws SQLException {
        String sql = CatalogGoldenCase.interpolate(rewritten(golden), literals);
        for (var relation : golden.relations().entrySet()) {
            Matcher oid = Pattern.compile("\\b" + relation.getKey() + "\\b").matcher(sql);
            sql = oid.replaceAll(Long.toString(oidOf(relation.getValue())));
        }
        return sql;
    }

    /** Runs the golden's rewritten query with its captured bind values (schema public read as main). */
    Result run(CatalogGoldenCase golden) throws SQLException {
        List<String> literals = golden.parameters().stream().map(value -> value.equals("'public'") ? "'main'" : value).toList();
        return query(runnable(golden, literals));
    }

    /** Runs the psql query of {@code golden} about relation {@code name} (psql embeds its OID). */
    Result runFor(CatalogGoldenCase golden, String name) throws SQLException {
        String sql = rewritten(golden);
        for (String capturedOid : golden.relations().keySet()) {
            sql = sql.replaceAll("\\b" + capturedOid + "\\b", Long.toString(oidOf(name)));
        }
        return query(sql);
    }

    String rewritten(CatalogGoldenCase golden) {
        return rewriter.rewrite(golden.input()).orElse(golden.input());
    }

    long oidOf(String relation) throws SQLException {
        Result result = query("SELECT oid FROM ("
                + "SELECT table_oid AS oid, table_name AS name FROM duckdb_tables() UNION ALL "
                + "SELECT view_oid, view_name FROM duckdb_views() UNION ALL "
                + "SELECT index_oid, index_name FROM duckdb_indexes() UNION ALL "
                + "SELECT sequence_oid, sequence_name FROM duckdb_sequences()) WHERE name = '" + relation.replace("'", "''") + "'");
        if (result.rows().size() != 1) {
            throw new IllegalStateException("no single DuckDB relation named " + relation);
        }
        return ((Number) result.row(0).get(0)).longValue();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
