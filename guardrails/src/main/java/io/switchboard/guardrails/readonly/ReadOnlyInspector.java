package io.switchboard.guardrails.readonly;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.QueryAnalysis;
import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.statement.Statements;

/**
 * Decides whether a text only reads. It works on the core lexer's tokens, which exist for every
 * dialect and never fail, and on jsqlparser's tree where there is one; either view can refuse.
 *
 * <p>The order matters: first what would make the guard and the engine read the text
 * differently (look-alike characters, executable and nested comments, unterminated quotes), then
 * each statement's kind, then every word and function call in the code, then the parse tree.
 */
final class ReadOnlyInspector {
    /** Executable comments inside executable comments are not expanded again; deeper nesting is refused. */
    private static final int MAX_EXPANSION_DEPTH = 2;
    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    private final ReadOnlyOptions options;
    private final FunctionDenylist deniedFunctions;

    ReadOnlyInspector(ReadOnlyOptions options) {
        this.options = requireNonNull(options, "options is null");
        this.deniedFunctions = new FunctionDenylist(options.deniedFunctions());
    }

    /** The first reason the text is not a read, or null when it only reads. */
    Finding inspect(QueryAnalysis analysis) {
        return inspect(analysis, 0);
    }

    private Finding inspect(QueryAnalysis analysis, int depth) {
        List<SqlToken> tokens = analysis.tokens();
        Finding lexical = LexicalCheck.check(analysis.sql(), analysis.dialect(), tokens);
        if (lexical != null) {
            return lexical;
        }
        if (ExecutableComments.present(tokens)) {
            if (depth >= MAX_EXPANSION_DEPTH) {
                return Finding.unclear("executable comments are nested too deeply to judge");
            }
            String expanded = ExecutableComments.expand(analysis.sql(), tokens);
            Finding inner = inspect(ANALYZER.analyze(expanded, analysis.dialect()), depth + 1);
            if (inner != null) {
                return new Finding(inner.code(), inner.message() + " (inside a MySQL executable comment /*! ... */)");
            }
        }
        List<List<SqlToken>> statements = statements(tokens);
        if (statements.isEmpty()) {
            return Finding.unclear("the text holds no statement");
        }
        boolean allReads = true;
        for (List<SqlToken> statement : statements) {
            Finding kind = StatementKindCheck.check(statement, options, analysis.dialect());
            if (kind != null) {
                return kind;
            }
            allReads &= StatementKindCheck.isRead(statement);
        }
        Finding code = CodeScan.check(statements, deniedFunctions);
        if (code != null) {
            return code;
        }
        Finding parse = checkParse(analysis, statements, allReads);
        if (parse != null) {
            return parse;
        }
        return OtherDialectReadings.check(analysis.sql(), analysis.dialect(), statements.size(), deniedFunctions, options);
    }

    private Finding checkParse(QueryAnalysis analysis, List<List<SqlToken>> statements, boolean allReads) {
        Statements parsed = analysis.statements();
        if (parsed == null) {
            if (options.requireParse()) {
                return Finding.unclear("the text does not parse (" + analysis.parseErrorMessage().orElse("unknown error")
                        + ") and this guard judges only text it can parse");
            }
            return balancedParentheses(statements);
        }
        if (allReads && parsed.size() == statements.size()) {
            for (int i = 0; i < parsed.size(); i++) {
                Finding finding = ParsedStatementCheck.check(parsed.get(i));
                if (finding != null) {
                    return finding;
                }
            }
        }
        return null;
    }

    /** Without a parse tree, unbalanced parentheses mean the token view may have misread the structure. */
    private static Finding balancedParentheses(List<List<SqlToken>> statements) {
        for (List<SqlToken> statement : statements) {
            int depth = 0;
            for (SqlToken token : statement) {
                if (token.isOperator("(")) {
                    depth++;
                } else if (token.isOperator(")")) {
                    depth--;
                    if (depth < 0) {
                        return Finding.unclear("unbalanced parentheses");
                    }
                }
            }
            if (depth != 0) {
                return Finding.unclear("unbalanced parentheses");
            }
        }
        return null;
    }

    /** The significant tokens of each statement; empty statements (doubled semicolons) are dropped. */
    static List<List<SqlToken>> statements(List<SqlToken> tokens) {
        List<List<SqlToken>> statements = new ArrayList<>();
        List<SqlToken> current = new ArrayList<>();
        for (SqlToken token : tokens) {
            if (token.isTrivia()) {
                continue;
            }
            if (token.type() == Type.SEMICOLON) {
                if (!current.isEmpty()) {
                    statements.add(current);
                    current = new ArrayList<>();
                }
                continue;
            }
            current.add(token);
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    /** True when the text ends inside a string, quoted name or comment (the lexer ran to the end). */
    static boolean endsUnterminated(String sql, Dialect dialect, List<SqlToken> tokens) {
        if (tokens.isEmpty()) {
            return false;
        }
        SqlToken last = tokens.get(tokens.size() - 1);
        if (last.type() != Type.STRING && last.type() != Type.QUOTED_IDENTIFIER && last.type() != Type.COMMENT) {
            return false;
        }
        // A sentinel after a newline survives as its own token only if everything before it was closed.
        List<SqlToken> probe = SqlLexer.tokenize(sql + "\n\u0001", dialect);
        SqlToken end = probe.get(probe.size() - 1);
        return !(end.type() == Type.OPERATOR && end.text().equals("\u0001"));
    }

    static String upper(SqlToken token) {
        return token.text().toUpperCase(Locale.ROOT);
    }
}
