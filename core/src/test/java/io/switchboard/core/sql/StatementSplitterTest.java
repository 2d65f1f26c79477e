package io.switchboard.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class StatementSplitterTest {
    @Test
    void splitsAtStatementEndsOnly() {
        assertThat(StatementSplitter.split("SELECT 1; SELECT 2;", Dialect.POSTGRES)).containsExactly("SELECT 1", "SELECT 2");
        assertThat(StatementSplitter.split("SELECT 'a;b'; SELECT \"x;y\" FROM t -- c;d\n; SELECT 3", Dialect.POSTGRES))
                .containsExactly("SELECT 'a;b'", "SELECT \"x;y\" FROM t -- c;d", "SELECT 3");
        assertThat(StatementSplitter.split("SELECT $$a;b$$; SELECT $tag$ ; $tag$", Dialect.POSTGRES))
                .containsExactly("SELECT $$a;b$$", "SELECT $tag$ ; $tag$");
        assertThat(StatementSplitter.split("SELECT /* ; /* nested ; */ ; */ 1", Dialect.POSTGRES))
                .containsExactly("SELECT /* ; /* nested ; */ ; */ 1");
    }

    @Test
    void dropsEmptyStatements() {
        assertThat(StatementSplitter.split(" ;; -- only a comment\n ;", Dialect.POSTGRES)).isEmpty();
        assertThat(StatementSplitter.split("SELECT 1;;", Dialect.POSTGRES)).containsExactly("SELECT 1");
    }

    @Test
    void mysqlQuotesAndComments() {
        assertThat(StatementSplitter.split("SELECT \"a;b\", 'it\\'s;' # c;\n; SELECT 2", Dialect.MYSQL))
                .containsExactly("SELECT \"a;b\", 'it\\'s;' # c;", "SELECT 2");
    }

    @Test
    void unterminatedStringRunsToTheEnd() {
        assertThat(StatementSplitter.split("SELECT 'oops; SELECT 2", Dialect.POSTGRES)).containsExactly("SELECT 'oops; SELECT 2");
    }
}
