package io.switchboard.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class SecretRedactorTest {
    @Test
    void passwordsAndSecretsAreMasked() {
        assertThat(SecretRedactor.redact("ALTER USER bob PASSWORD 'hunter2'", Dialect.POSTGRES))
                .isEqualTo("ALTER USER bob PASSWORD '***'");
        assertThat(SecretRedactor.redact("CREATE USER x IDENTIFIED BY 'pw'", Dialect.MYSQL))
                .isEqualTo("CREATE USER x IDENTIFIED BY '***'");
        assertThat(SecretRedactor.redact("CREATE SECRET s (TYPE s3, KEY_ID 'AKIA', SECRET 'shh', REGION 'eu')", Dialect.DUCKDB))
                .doesNotContain("AKIA").doesNotContain("shh").doesNotContain("'eu'");
        assertThat(SecretRedactor.redact("SELECT * FROM postgres_scan('postgresql://u:pw@h/db', 't')", Dialect.DUCKDB))
                .contains("postgresql://u:***@h/db").doesNotContain(":pw@");
        assertThat(SecretRedactor.redact("SET s3_secret_access_key = 'abc'", Dialect.DUCKDB)).doesNotContain("abc");
    }

    @Test
    void ordinarySqlIsUntouched() {
        String sql = "SELECT n_name, 'password' AS label FROM nation WHERE n_comment LIKE '%key%'";
        assertThat(SecretRedactor.redact(sql, Dialect.POSTGRES)).isEqualTo(sql);
    }
}
