package io.switchboard.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.sql.SqlToken.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SqlLexerTest {
    private static List<Type> types(String sql, Dialect dialect) {
        return SqlLexer.tokenize(sql, dialect).stream().filter(t -> !t.isTrivia()).map(SqlToken::type).toList();
    }

    @Test
    void tokensCoverTheWholeText() {
        String sql = "SELECT a::int, E'x\\'y', X'00ff', 1.5e-3, .5, 0x1F, $1, ? FROM \"T\" -- end";
        List<SqlToken> tokens = SqlLexer.tokenize(sql, Dialect.POSTGRES);
        StringBuilder rebuilt = new StringBuilder();
        tokens.forEach(t -> rebuilt.append(t.text()));
        assertThat(rebuilt.toString()).isEqualTo(sql);
        assertThat(types(sql, Dialect.POSTGRES)).containsExactly(
                Type.WORD, Type.WORD, Type.OPERATOR, Type.WORD, Type.OPERATOR, Type.STRING, Type.OPERATOR, Type.STRING,
                Type.OPERATOR, Type.NUMBER, Type.OPERATOR, Type.NUMBER, Type.OPERATOR, Type.NUMBER, Type.OPERATOR,
                Type.PARAMETER, Type.OPERATOR, Type.PARAMETER, Type.WORD, Type.QUOTED_IDENTIFIER);
    }

    @Test
    void dialectDecidesWhatDoubleQuotesMean() {
        assertThat(types("SELECT \"x\"", Dialect.POSTGRES)).containsExactly(Type.WORD, Type.QUOTED_IDENTIFIER);
        assertThat(types("SELECT \"x\"", Dialect.MYSQL)).containsExactly(Type.WORD, Type.STRING);
        assertThat(types("SELECT `x`", Dialect.MYSQL)).containsExactly(Type.WORD, Type.QUOTED_IDENTIFIER);
    }

    @Test
    void keywordsInsideLiteralsAndNamesStayLiterals() {
        assertThat(types("SELECT 'DROP TABLE x', \"delete\"", Dialect.POSTGRES))
                .containsExactly(Type.WORD, Type.STRING, Type.OPERATOR, Type.QUOTED_IDENTIFIER);
    }
}
