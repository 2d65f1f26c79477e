package io.switchboard.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One lexical token of a SQL text, with its position so that callers can rewrite the text
 * around it (literal re-binding, statement splitting) without re-lexing.
 */
public record SqlToken(Type type, int start, int end, String text) {

    public enum Type {
        /** A keyword or an unquoted identifier. */
        WORD,
        /** {@code "name"}, {@code `name`}. */
        QUOTED_IDENTIFIER,
        /** {@code 'text'}, {@code E'text'}, {@code $$text$$}, {@code X'00'}. */
        STRING,
        NUMBER,
        /** {@code ?} or {@code $1}. */
        PARAMETER,
        OPERATOR,
        SEMICOLON,
        COMMENT,
        WHITESPACE
    }

    public SqlToken {
        requireNonNull(type, "type is null");
        requireNonNull(text, "text is null");
    }

    public boolean isLiteral() {
        return type == Type.STRING || type == Type.NUMBER;
    }

    /** Whitespace and comments carry no meaning for the engine (MySQL's {@code /*!} aside). */
    public boolean isTrivia() {
        return type == Type.WHITESPACE || type == Type.COMMENT;
    }

    public boolean isWord(String word) {
        return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isOperator(String operator) {
        return type == Type.OPERATOR && text.equals(operator);
    }

    public String upperText() {
        return text.toUpperCase(Locale.ROOT);
    }
}
