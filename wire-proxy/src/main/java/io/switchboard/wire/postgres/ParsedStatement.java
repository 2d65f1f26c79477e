package io.switchboard.wire.postgres;

import io.switchboard.core.engine.StatementDescription;

/**
 * A statement created by Parse (named, or the unnamed one) or by one part of a simple Query:
 * its text, where its placeholders are, and whether the frontend answers it itself.
 *
 * <p>Mutable in one place: the parameter types learned from the engine when the client first
 * asks to describe it. Owned by the connection's thread.
 */
final class ParsedStatement {
    private final String name;
    private final String sql;
    private final int[] declaredTypes;
    private final ParameterBinder.Placeholders placeholders;
    private final LocalStatement local;
    private StatementDescription description;

    ParsedStatement(String name, String sql, int[] declaredTypes, ParameterBinder.Placeholders placeholders, LocalStatement local) {
        this.name = name;
        this.sql = sql;
        this.declaredTypes = declaredTypes.clone();
        this.placeholders = placeholders;
        this.local = local;
    }

    String name() {
        return name;
    }

    String sql() {
        return sql;
    }

    boolean isEmpty() {
        return sql.isBlank();
    }

    /** The statement the frontend answers itself, or null when it goes to an engine. */
    LocalStatement local() {
        return local;
    }

    ParameterBinder.Placeholders placeholders() {
        return placeholders;
    }

    /** The number of parameters Bind must supply: the highest {@code $n}, or more if Parse declared more types. */
    int parameterCount() {
        return Math.max(placeholders.count(), declaredTypes.length);
    }

    /** The OID the client declared for a parameter (0-based), 0 when it left it to the server. */
    int declaredType(int index) {
        return index < declaredTypes.length ? declaredTypes[index] : 0;
    }

    /** The engine's description, once the statement was described; null before. */
    StatementDescription description() {
        return description;
    }

    void describedAs(StatementDescription value) {
        this.description = value;
    }

    /**
     * The type a parameter's value is read as: what the client declared, else what the engine
     * described, else null (a text value then becomes an untyped literal).
     */
    PgType parameterType(int index) {
        int declared = declaredType(index);
        if (declared != 0) {
            PgType type = PgType.byOid(declared);
            return type == null ? PgType.UNKNOWN : type;
        }
        return null;
    }

    /** The type to read a binary value as when the client declared none: the engine's description. */
    PgType describedType(int index) {
        if (description == null || index >= description.parameterTypes().size()) {
            return null;
        }
        return PgType.ofParameter(description.parameterTypes().get(index));
    }
}
