package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Golden translation files under {@code src/test/resources/translation/}: an input statement in
 * its source dialect and, below it, what each target dialect gets, side by side.
 *
 * <pre>
 * ## LIMIT with OFFSET
 * from postgres     SELECT a FROM t ORDER BY a LIMIT 10 OFFSET 20
 *   trino           SELECT a FROM t ORDER BY a OFFSET 20 LIMIT 10
 *   clickhouse      ! sqlglot cannot translate it (the query falls back or fails by mode)
 * </pre>
 *
 * Lines starting with {@code #} (and not {@code ##}) are comments. Dialect {@code ansi} is
 * Switchboard's ANSI dialect (sqlglot's base dialect).
 */
final class GoldenFile {
    static final String UNTRANSLATABLE = "!";

    /** One input translated to one target. {@code expected} is empty when sqlglot must refuse it. */
    record Case(String file, String title, Dialect source, String input, Dialect target, Optional<String> expected) {
        Case {
            requireNonNull(title, "title is null");
            requireNonNull(input, "input is null");
        }

        @Override
        public String toString() {
            return file + ": " + title + " [" + name(source) + " -> " + name(target) + "]";
        }
    }

    private GoldenFile() {}

    static List<String> files() {
        return List.of("date-arithmetic.golden", "casts.golden", "strings.golden", "limits.golden", "predicates.golden",
                "aggregates.golden", "arrays.golden", "identifiers.golden", "queries.golden", "literals.golden");
    }

    static List<Case> allCases() {
        List<Case> cases = new ArrayList<>();
        for (String file : files()) {
            cases.addAll(parse(file, read(file)));
        }
        return cases;
    }

    static List<Case> parse(String file, String text) {
        List<Case> cases = new ArrayList<>();
        String title = null;
        Dialect source = null;
        String input = null;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank() || (line.startsWith("#") && !line.startsWith("##"))) {
                continue;
            }
            if (line.startsWith("## ")) {
                title = line.substring(3).strip();
                source = null;
                input = null;
            } else if (line.startsWith("from ")) {
                String[] parts = line.substring(5).strip().split("\\s+", 2);
                source = dialect(parts[0], file, lineNumber);
                input = parts[1].strip();
            } else if (line.startsWith("  ")) {
                if (title == null || input == null) {
                    throw new IllegalStateException(file + ":" + lineNumber + ": a target line needs a '## title' and a 'from' line above it");
                }
                String[] parts = line.strip().split("\\s+", 2);
                Dialect target = dialect(parts[0], file, lineNumber);
                String expected = parts.length > 1 ? parts[1].strip() : "";
                cases.add(new Case(file, title, source, input, target,
                        expected.startsWith(UNTRANSLATABLE) ? Optional.empty() : Optional.of(expected)));
            } else {
                throw new IllegalStateException(file + ":" + lineNumber + ": cannot read '" + line + "'");
            }
        }
        return cases;
    }

    static String name(Dialect dialect) {
        return dialect == Dialect.ANSI ? "ansi" : dialect.sqlglotName();
    }

    private static Dialect dialect(String name, String file, int line) {
        if (name.equals("ansi")) {
            return Dialect.ANSI;
        }
        return Dialect.fromName(name).orElseThrow(() -> new IllegalStateException(file + ":" + line + ": unknown dialect " + name));
    }

    static String read(String file) {
        try (InputStream in = GoldenFile.class.getResourceAsStream("/translation/" + file)) {
            if (in == null) {
                throw new IllegalStateException("golden file " + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
