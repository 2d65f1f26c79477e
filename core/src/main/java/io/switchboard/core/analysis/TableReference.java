package io.switchboard.core.analysis;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table a statement reads or writes, as written in the SQL (not resolved against a catalog).
 * Quoted parts keep their case; unquoted parts keep the text as written.
 */
public record TableReference(String catalog, String schema, String name) {

    public TableReference {
        requireNonNull(name, "name is null");
    }

    public Optional<String> catalogName() {
        return Optional.ofNullable(catalog);
    }

    public Optional<String> schemaName() {
        return Optional.ofNullable(schema);
    }

    /** Parses {@code a.b.c}, {@code "My Schema".t} or {@code `db`.`t`} into its parts. */
    public static TableReference parse(String qualifiedName) {
        List<String> parts = splitQualified(qualifiedName);
        return switch (parts.size()) {
            case 0 -> throw new IllegalArgumentException("empty table name");
            case 1 -> new TableReference(null, null, parts.get(0));
            case 2 -> new TableReference(null, parts.get(0), parts.get(1));
            default -> new TableReference(
                    String.join(".", parts.subList(0, parts.size() - 2)),
                    parts.get(parts.size() - 2),
                    parts.get(parts.size() - 1));
        };
    }

    private static List<String> splitQualified(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                        current.append(c);
                        i++;
                    } else {
                        quote = 0;
                    }
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '.') {
                parts.add(current.toString());
                current.setLength(0);
            } else if (!Character.isWhitespace(c)) {
                current.append(c);
            }
        }
        parts.add(current.toString());
        parts.removeIf(String::isEmpty);
        return parts;
    }

    public String qualifiedName() {
        StringBuilder name = new StringBuilder();
        if (catalog != null) {
            name.append(catalog).append('.');
        }
        if (schema != null) {
            name.append(schema).append('.');
        }
        return name.append(this.name).toString();
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
