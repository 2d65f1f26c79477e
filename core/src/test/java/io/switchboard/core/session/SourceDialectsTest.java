package io.switchboard.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.sql.Dialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class SourceDialectsTest {
    private static final String CONFIG = """
            auth:
              provider: static
              staticUsers:
                users:
                  analyst: {password: a, dialect: trino}
                  dba: {password: b}
                  derby: {password: c, dialect: ANSI}
            """;

    private static AuthConfig auth(String yaml) {
        return ConfigLoader.load(yaml, List.of(), Map.<String, String>of()::get).auth();
    }

    private static Session session(String user, Map<String, String> properties) {
        return Session.builder(user, FrontendProtocol.POSTGRES_WIRE).properties(properties).build();
    }

    @Test
    void theSessionWinsOverTheUserWhoWinsOverTheFrontend() {
        SourceDialects dialects = new SourceDialects(Dialect.POSTGRES, auth(CONFIG));

        assertThat(dialects.resolve(session("analyst", Map.of()))).isEqualTo(Dialect.TRINO);
        assertThat(dialects.resolve(session("dba", Map.of()))).isEqualTo(Dialect.POSTGRES);
        assertThat(dialects.resolve(session("someone-else", Map.of()))).isEqualTo(Dialect.POSTGRES);
        assertThat(dialects.resolve(session("derby", Map.of()))).isEqualTo(Dialect.ANSI);
        assertThat(dialects.resolve(session("analyst", Map.of(SourceDialects.SESSION_PROPERTY, "MySQL")))).isEqualTo(Dialect.MYSQL);
        assertThat(dialects.resolve(session("dba", Map.of(SourceDialects.SESSION_PROPERTY, " duckdb ")))).isEqualTo(Dialect.DUCKDB);
        // An empty setting is no choice: the user's dialect applies.
        assertThat(dialects.resolve(session("analyst", Map.of(SourceDialects.SESSION_PROPERTY, "")))).isEqualTo(Dialect.TRINO);
        assertThat(new SourceDialects(Dialect.TRINO, AuthConfig.NONE).resolve(session("x", Map.of()))).isEqualTo(Dialect.TRINO);
    }

    @Test
    void anUnknownDialectIsAnErrorNamingTheKnownOnes() {
        SourceDialects dialects = new SourceDialects(Dialect.POSTGRES, AuthConfig.NONE);
        assertThatThrownBy(() -> dialects.resolve(session("x", Map.of(SourceDialects.SESSION_PROPERTY, "cobol"))))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage("unknown SQL dialect 'cobol'; known dialects are postgres, mysql, trino, duckdb, clickhouse, starrocks, ansi");
        // The enum's constant names are not dialect names, and neither is ANSI's empty sqlglot name.
        assertThat(SourceDialects.find("")).isEmpty();
        assertThat(SourceDialects.find("POSTGRES")).contains(Dialect.POSTGRES);
        assertThat(SourceDialects.nameOf(Dialect.ANSI)).isEqualTo("ansi");
    }

    @Test
    void anUnknownUserDialectIsAConfigurationErrorWithItsLine() {
        assertThatThrownBy(() -> auth("""
                auth:
                  provider: static
                  staticUsers:
                    users:
                      analyst: {password: a, dialect: klingon}
                """))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("auth.staticUsers.users.analyst.dialect (line 5)")
                .hasMessageContaining("unknown SQL dialect 'klingon'; known dialects are postgres, mysql, trino");
        assertThat(auth(CONFIG).users().get("analyst").toString()).contains("dialect=trino").doesNotContain("password=a");
    }
}
