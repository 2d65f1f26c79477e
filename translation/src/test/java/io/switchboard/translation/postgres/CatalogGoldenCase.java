package io.switchboard.translation.postgres;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One captured client catalog query under {@code src/test/resources/postgres-catalog/NAME/}:
 * {@code input.sql} as the client sent it (pgjdbc's {@code $n} placeholders kept),
 * {@code expected.sql} the rewriter's output (equal to the input when the query passes as it is),
 * and, captured from the same run against PostgreSQL 15: {@code parameters.txt} (bind values as
 * SQL literals, one per line), {@code relations.txt} ({@code oid=relation} for the PostgreSQL
 * OIDs psql embedded), {@code columns.txt} ({@code label:type} of PostgreSQL's result).
 */
record CatalogGoldenCase(
        String name,
        String input,
        String expected,
        List<String> parameters,
        Map<String, String> relations,
        List<String> postgresColumns) {

    static final String ROOT = "/postgres-catalog";

    boolean passesAsIs() {
        return expected.equals(input);
    }

    static List<CatalogGoldenCase> all() {
        Path root = root();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().map(CatalogGoldenCase::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CatalogGoldenCase named(String name) {
        return load(root().resolve(name));
    }

    static String resource(String file) {
        return read(root().resolve(file));
    }

    private static Path root() {
        try {
            return Path.of(CatalogGoldenCase.class.getResource(ROOT).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CatalogGoldenCase load(Path dir) {
        Map<String, String> relations = new LinkedHashMap<>();
        for (String line : lines(dir.resolve("relations.txt"))) {
            String[] pair = line.split("=", 2);
            relations.put(pair[0], pair[1]);
        }
        return new CatalogGoldenCase(
                dir.getFileName().toString(),
                read(dir.resolve("input.sql")),
                read(dir.resolve("expected.sql")),
                lines(dir.resolve("parameters.txt")),
                relations,
                lines(dir.resolve("columns.txt")));
    }

    /**
     * Replaces {@code $n} placeholders with the given SQL literals, as the PostgreSQL frontend
     * does with bind values before the pipeline sees the query.
     */
    static String interpolate(String sql, List<String> literals) {
        StringBuilder out = new StringBuilder(sql.length());
        int cursor = 0;
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.POSTGRES)) {
            if (token.type() == SqlToken.Type.PARAMETER && token.text().startsWith("$")) {
                int index = Integer.parseInt(token.text().substring(1)) - 1;
                out.append(sql, cursor, token.start()).append(literals.get(index));
                cursor = token.end();
            }
        }
        return out.append(sql, cursor, sql.length()).toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : read(file).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return List.copyOf(lines);
    }
}
