package io.switchboard.engines.duckdb;

import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.StatementSplitter;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;

/**
 * Describes a statement without running it. DuckDB's JDBC driver answers
 * {@code getMetaData()} and {@code getParameterMetaData()} on a prepared statement before it is
 * executed; preparing parses, binds and plans, and runs nothing.
 *
 * <p>Two cases need more, both when DuckDB cannot type a parameter from its context
 * ({@code SELECT $1 AS x}, {@code SELECT ? + 1}):
 * <ul>
 * <li>DuckDB's binder stops at the first such parameter, so parameters after it stay untyped
 *     too. The describer prepares again with that parameter written as NULL and the others
 *     renumbered, and learns the types DuckDB now infers, until every parameter is typed or
 *     written as NULL.</li>
 * <li>When a result column's type depends on such a parameter, DuckDB reports a single
 *     placeholder column "unknown". The describer prepares the statement with every parameter
 *     written as a NULL of its inferred type ({@code CAST(NULL AS INTEGER)}), or a bare NULL where
 *     none was inferred, and reports that statement's columns: the same count and names, and the
 *     types DuckDB gives the expressions when the untyped parameters are NULL (UNKNOWN for a bare
 *     parameter).</li>
 * </ul>
 * Either way only prepares happen; nothing is executed.
 */
final class DuckDbDescriber {
    private static final String UNRESOLVED_TYPE = "UNKNOWN";

    private DuckDbDescriber() {}

    static StatementDescription describe(DuckDBConnection connection, String sql) throws SQLException {
        if (StatementSplitter.split(sql, Dialect.DUCKDB).size() > 1) {
            // Preparing several statements would run all but the last; a description must run nothing.
            throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, "Only a single statement can be described", "0A000", null);
        }
        List<DataType> parameterTypes;
        boolean returnsRows;
        List<Column> columns;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            parameterTypes = parameterTypes(statement.getParameterMetaData());
            DuckDBResultSetMetaData metaData = (DuckDBResultSetMetaData) statement.getMetaData();
            returnsRows = metaData.getReturnType() == StatementReturnType.QUERY_RESULT;
            columns = returnsRows && !isUnresolved(metaData) ? columns(metaData) : null;
        }
        boolean untypedParameters = parameterTypes.stream().anyMatch(type -> type.kind() == TypeKind.UNKNOWN);
        if (!untypedParameters && (!returnsRows || columns != null)) {
            return new StatementDescription(returnsRows ? columns : List.of(), parameterTypes);
        }
        List<SqlToken> parameters = parameterTokens(sql);
        List<DataType> types = resolveRemainingParameters(connection, sql, parameters, parameterTypes);
        if (!returnsRows) {
            return new StatementDescription(List.of(), types);
        }
        if (columns != null) {
            return new StatementDescription(columns, types);
        }
        try (PreparedStatement statement = connection.prepareStatement(rewrite(sql, parameters, index -> typedNull(types, index)))) {
            return new StatementDescription(columns(statement.getMetaData()), types);
        }
    }

    /**
     * DuckDB's binder stops at the first parameter it cannot type and leaves the later ones
     * untyped too ({@code SELECT $1, $2::BIGINT} reports neither). Writing the first untyped
     * parameter (in text order) as NULL and numbering the rest anew lets DuckDB bind further;
     * repeated until every parameter is typed or written as NULL. Bounded by the parameter count.
     */
    private static List<DataType> resolveRemainingParameters(DuckDBConnection connection, String sql,
            List<SqlToken> parameters, List<DataType> initialTypes) {
        List<DataType> types = new ArrayList<>(initialTypes);
        Set<Integer> nulled = new HashSet<>();
        for (int attempt = 0; attempt < types.size(); attempt++) {
            Integer blocker = null;
            int position = 0;
            for (SqlToken token : parameters) {
                int index = parameterIndex(token, ++position);
                if (index >= 1 && index <= types.size() && !nulled.contains(index)
                        && types.get(index - 1).kind() == TypeKind.UNKNOWN) {
                    blocker = index;
                    break;
                }
            }
            if (blocker == null) {
                break;
            }
            nulled.add(blocker);
            List<Integer> kept = new ArrayList<>();
            for (int index = 1; index <= types.size(); index++) {
                if (!nulled.contains(index)) {
                    kept.add(index);
                }
            }
            if (kept.isEmpty()) {
                break;
            }
            String rewritten = rewrite(sql, parameters, index -> nulled.contains(index) ? "NULL" : "$" + (kept.indexOf(index) + 1));
            try (PreparedStatement statement = connection.prepareStatement(rewritten)) {
                List<DataType> keptTypes = parameterTypes(statement.getParameterMetaData());
                for (int i = 0; i < kept.size() && i < keptTypes.size(); i++) {
                    if (types.get(kept.get(i) - 1).kind() == TypeKind.UNKNOWN) {
                        types.set(kept.get(i) - 1, keptTypes.get(i));
                    }
                }
            } catch (SQLException e) {
                // The rewritten statement does not bind; what DuckDB said about the original stands.
                break;
            }
        }
        return types;
    }

    private static List<DataType> parameterTypes(ParameterMetaData metaData) throws SQLException {
        int count = metaData.getParameterCount();
        List<DataType> types = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            types.add(DuckDbTypes.parse(metaData.getParameterTypeName(i)));
        }
        return types;
    }

    private static boolean isUnresolved(ResultSetMetaData metaData) throws SQLException {
        return metaData.getColumnCount() == 1 && UNRESOLVED_TYPE.equals(metaData.getColumnTypeName(1));
    }

    private static List<Column> columns(ResultSetMetaData metaData) throws SQLException {
        int count = metaData.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(new Column(metaData.getColumnLabel(i), DuckDbTypes.parse(metaData.getColumnTypeName(i))));
        }
        return columns;
    }

    private static List<SqlToken> parameterTokens(String sql) {
        List<SqlToken> parameters = new ArrayList<>();
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.DUCKDB)) {
            if (token.type() == SqlToken.Type.PARAMETER) {
                parameters.add(token);
            }
        }
        return parameters;
    }

    /** {@code $n} names its index; the n-th {@code ?} is parameter n. */
    private static int parameterIndex(SqlToken token, int position) {
        return token.text().equals("?") ? position : Integer.parseInt(token.text().substring(1));
    }

    /** The statement with each parameter replaced by the text chosen for its index. */
    static String rewrite(String sql, List<SqlToken> parameters, IntFunction<String> replacement) {
        StringBuilder rewritten = new StringBuilder(sql.length() + 32);
        int position = 0;
        int ordinal = 0;
        for (SqlToken token : parameters) {
            rewritten.append(sql, position, token.start()).append(replacement.apply(parameterIndex(token, ++ordinal)));
            position = token.end();
        }
        return rewritten.append(sql, position, sql.length()).toString();
    }

    private static String typedNull(List<DataType> types, int index) {
        return index >= 1 && index <= types.size() ? typedNull(types.get(index - 1)) : "NULL";
    }

    private static String typedNull(DataType type) {
        String name = type.engineTypeName();
        // The driver names enum types only "ENUM", which is not castable; a bare NULL is the honest fallback.
        if (type.kind() == TypeKind.UNKNOWN || name.isEmpty() || name.equalsIgnoreCase("ENUM")) {
            return "NULL";
        }
        return "CAST(NULL AS " + name + ")";
    }
}
