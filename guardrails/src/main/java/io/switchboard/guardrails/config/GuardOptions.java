package io.switchboard.guardrails.config;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ConfigNode;

/**
 * The options of one guard entry, read under the naming of the form it was written in: our
 * camelCase ({@code type: rowLimit, maxRows: 1000}) or QueryFlux's snake_case
 * ({@code kind: built_in, name: row_limit, max_rows: 1000}). Code asks for camelCase names.
 */
final class GuardOptions {
    private final ConfigNode node;
    private final boolean snakeCase;

    GuardOptions(ConfigNode node, boolean snakeCase) {
        this.node = requireNonNull(node, "node is null");
        this.snakeCase = snakeCase;
    }

    ConfigNode node() {
        return node;
    }

    boolean snakeCase() {
        return snakeCase;
    }

    /** The key as written in this entry's form. */
    String key(String camelCase) {
        if (!snakeCase) {
            return camelCase;
        }
        StringBuilder snake = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                snake.append('_').append(Character.toLowerCase(c));
            } else {
                snake.append(c);
            }
        }
        return snake.toString();
    }
}
