package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which texts may go to PostgreSQL as a simple Query: one statement to any PostgreSQL lexer, nothing else. */
final class PgSimpleQueryTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "SELECT abalance FROM pgbench_accounts WHERE aid = 12345;",
        "SELECT 1 ;  \n\t",
        "SELECT 'it''s; -- not a comment /* nor this */' AS x",
        "SELECT \"semi;colon\"\"quoted\" FROM t",
        "SELECT 10 - -1, 4 / 2, a->>'k' FROM t",
        "",
    })
    void plainStatementsGoAsASimpleQuery(String sql) {
        assertThat(PgSimpleQuery.eligible(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Two statements, however they are spaced.
        "SELECT 1; SELECT 2",
        "SELECT 1;DROP TABLE t",
        "SELECT 1; -- trailing comment",
        // Ends its string one quote earlier when standard_conforming_strings is off: two statements there.
        "SELECT 'a\\''; DROP TABLE t; --'",
        "SELECT E'\\x41'",
        // Dollar quotes and anything else with a dollar sign.
        "SELECT $$;$$",
        "SELECT $tag$ ; DROP TABLE t; $tag$",
        "SELECT a$b FROM t",
        // Comments, which nest in PostgreSQL.
        "SELECT 1 -- comment",
        "SELECT /* ; */ 1",
        "SELECT /* /* */ ; */ 1",
        // Unbalanced quoting: the server, not this check, should say what is wrong.
        "SELECT 'unterminated",
        "SELECT \"unterminated",
        // The protocol ends the text at a zero byte.
        "SELECT 1\u0000; DROP TABLE t",
        // A vertical tab after the semicolon: whitespace to some PostgreSQL versions only.
        "SELECT 1;\u000b",
    })
    void anythingAnotherLexerCouldSplitGoesByTheExtendedProtocol(String sql) {
        assertThat(PgSimpleQuery.eligible(sql)).isFalse();
    }
}
