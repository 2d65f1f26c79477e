package io.switchboard.engines.jdbc;

import io.switchboard.engines.testing.EngineTesting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.engines.mysql.MySqlEngineFactory;
import io.switchboard.engines.postgres.PostgresEngineFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Every key of a JDBC cluster maps, every default is as documented, and secrets never show. */
final class JdbcEngineConfigTest {

    @Test
    void recordsTheDefaults() {
        JdbcEngineConfig config = PostgresEngineFactory.parse(EngineTesting.cluster("postgres", "endpoint: postgresql://db.example/sales\n"));
        assertThat(config.endpoint()).isEqualTo(new JdbcEndpoint("postgresql", "db.example", 5432, "sales", Optional.empty(),
                Optional.empty()));
        assertThat(config.user()).isEmpty();
        assertThat(config.password()).isEmpty();
        assertThat(config.poolSize()).isEqualTo(10);
        assertThat(config.minimumIdle()).isEqualTo(1);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.healthCheckTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.batchSize()).isEqualTo(1024);
        assertThat(config.sessionProperties()).isEmpty();
        assertThat(config.tls()).isEqualTo(JdbcEngineConfig.TlsMode.PREFER);
        assertThat(config.engineOptions()).isEmpty();
        assertThat(MySqlEngineFactory.parse(EngineTesting.cluster("mysql", "endpoint: mysql://db.example/sales\n"))
                .endpoint().port()).isEqualTo(3306);
    }

    @Test
    void mapsEveryKey() {
        JdbcEngineConfig config = PostgresEngineFactory.parse(EngineTesting.cluster("postgres", """
                endpoint: postgresql://db.example:6543/sales
                user: ${DB_USER}
                password: ${DB_PASSWORD}
                poolSize: 20
                minimumIdle: 4
                connectTimeout: 3s
                healthCheckTimeout: 1500ms
                batchSize: 5000
                sessionProperties:
                  work_mem: 64MB
                  search_path: "sales, public"
                tls: verify-full
                tlsRootCert: /etc/ssl/db-ca.pem
                schema: sales
                applicationName: reports
                """, Map.of("DB_USER", "reader", "DB_PASSWORD", "s3cret")));
        assertThat(config.endpoint().hostAndPort()).isEqualTo("db.example:6543");
        assertThat(config.user()).contains("reader");
        assertThat(config.password()).contains("s3cret");
        assertThat(config.poolSize()).isEqualTo(20);
        assertThat(config.minimumIdle()).isEqualTo(4);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.healthCheckTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.batchSize()).isEqualTo(5000);
        assertThat(config.sessionProperties()).containsExactlyInAnyOrderEntriesOf(
                Map.of("work_mem", "64MB", "search_path", "sales, public"));
        assertThat(config.tls()).isEqualTo(JdbcEngineConfig.TlsMode.VERIFY_FULL);
        assertThat(config.engineOptions()).containsExactlyInAnyOrderEntriesOf(
                Map.of("tlsRootCert", "/etc/ssl/db-ca.pem", "schema", "sales", "applicationName", "reports"));

        JdbcEngineConfig mysql = MySqlEngineFactory.parse(EngineTesting.cluster("mysql", """
                endpoint: mysql://db.example/shop
                tls: require
                tlsTrustStore: /etc/ssl/db.p12
                tlsTrustStorePassword: ${STORE_PASSWORD}
                allowPublicKeyRetrieval: true
                """, Map.of("STORE_PASSWORD", "store-secret")));
        assertThat(mysql.engineOptions()).containsExactlyInAnyOrderEntriesOf(Map.of("tlsTrustStore", "/etc/ssl/db.p12",
                "tlsTrustStorePassword", "store-secret", "allowPublicKeyRetrieval", "true"));
        assertThat(mysql.toString()).doesNotContain("store-secret");
    }

    @Test
    void takesCredentialsFromTheEndpointAndNeverShowsThePassword() {
        JdbcEngineConfig config = PostgresEngineFactory.parse(EngineTesting.cluster("postgres",
                "endpoint: postgresql://app%40corp:p%3Ass@db.example:5433/sales\n"));
        assertThat(config.user()).contains("app@corp");
        assertThat(config.password()).contains("p:ss");
        assertThat(config.toString()).contains("app@corp").doesNotContain("p:ss").doesNotContain("p%3Ass");
        assertThat(config.endpoint().toString()).isEqualTo("postgresql://app@corp:***@db.example:5433/sales");
    }

    @Test
    void rejectsCredentialsGivenTwiceWithoutShowingThem() {
        assertThatThrownBy(() -> PostgresEngineFactory.parse(EngineTesting.cluster("postgres",
                "endpoint: postgresql://u:first-secret@db.example/sales\npassword: second-secret\n")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage()).contains("clusters.c.password").contains("given twice")
                            .doesNotContain("first-secret").doesNotContain("second-secret");
                });
    }

    @Test
    void rejectsUnknownKeysWithTheirLine() {
        assertThatThrownBy(() -> PostgresEngineFactory.parse(EngineTesting.cluster("postgres",
                "endpoint: postgresql://db.example/sales\npoolsize: 3\n")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.getMessage())
                        .contains("clusters.c.poolsize (line 5)").contains("unknown key 'poolsize'")
                        .contains("did you mean 'poolSize'?"));
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> PostgresEngineFactory.parse(EngineTesting.cluster("postgres",
                "endpoint: mysql://u:hidden@db.example/sales\n")))
                .hasMessageContaining("must start with postgresql://").hasMessageNotContaining("hidden");
        assertThatThrownBy(() -> PostgresEngineFactory.parse(EngineTesting.cluster("postgres",
                "endpoint: postgresql://db.example/sales?ssl=true\n")))
                .hasMessageContaining("driver settings are separate keys");
        assertThatThrownBy(() -> PostgresEngineFactory.parse(EngineTesting.cluster("postgres", "user: x\n")))
                .hasMessageContaining("missing required key 'endpoint'");
        assertThatPostgresRefuses("poolSize: 2\nminimumIdle: 3\n")
                .hasMessageContaining("must not exceed poolSize");
        assertThatPostgresRefuses("connectTimeout: 100ms\n")
                .hasMessageContaining("at least 250ms");
        assertThatPostgresRefuses("tls: sometimes\n")
                .hasMessageContaining("must be one of [disable, prefer, require, verify-ca, verify-full]");
        assertThatPostgresRefuses("sessionProperties:\n  \"work_mem; DROP TABLE x\": 1\n")
                .hasMessageContaining("is not a plain setting name");
        // What the decoder and the guardrails rely on stays as it is, in whatever case it is spelled.
        assertThatPostgresRefuses("sessionProperties:\n  Standard_Conforming_Strings: \"off\"\n")
                .hasMessageContaining("standard_conforming_strings cannot be set: Switchboard keeps it at on");
        assertThatPostgresRefuses("sessionProperties:\n  client_encoding: SJIS\n")
                .hasMessageContaining("client_encoding cannot be set");
        assertThatThrownBy(() -> MySqlEngineFactory.parse(EngineTesting.cluster("mysql",
                "endpoint: mysql://db.example/sales\nsessionProperties:\n  time_zone: \"+02:00\"\n")))
                .hasMessageContaining("time_zone cannot be set");
    }

    /** Asserts that a PostgreSQL cluster with {@code keys} after its endpoint is refused; the caller checks why. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertThatPostgresRefuses(String keys) {
        return assertThatThrownBy(() -> PostgresEngineFactory.parse(EngineTesting.cluster("postgres",
                "endpoint: postgresql://db.example/sales\n" + keys)));
    }
}
