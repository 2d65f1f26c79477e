package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Logins with each password method, wrong passwords, and TLS — with pgjdbc. */
final class PgjdbcAuthenticationTest {
    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create();
    }

    @AfterAll
    static void deleteCertificates() throws Exception {
        certificates.delete();
    }

    @ParameterizedTest
    @EnumSource(value = AuthMethod.class, names = {"SCRAM_SHA_256", "MD5", "PASSWORD"})
    void rightPasswordLogsIn(AuthMethod method) throws Exception {
        try (WireTestServer server = WireTestServer.withPasswords(method)) {
            try (Connection connection = server.connect(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT 'in as alice'")) {
                assertThat(rs.next()).isTrue();
            }
            try (Connection connection = server.connect("", "bob", "hunter2")) {
                assertThat(connection.isValid(5)).isTrue();
            }
            assertThat(server.feedback().records()).anySatisfy(r -> {
                assertThat(r.sql()).contains("in as alice");
                assertThat(r.user()).isEqualTo(WireTestServer.USER);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = AuthMethod.class, names = {"SCRAM_SHA_256", "MD5", "PASSWORD"})
    void wrongPasswordOrUnknownUserIsRejected(AuthMethod method) throws Exception {
        try (WireTestServer server = WireTestServer.withPasswords(method)) {
            assertThatThrownBy(() -> server.connect("", WireTestServer.USER, "wrong"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01");
                        assertThat(e.getMessage()).contains("password authentication failed for user \"alice\"");
                    });
            assertThatThrownBy(() -> server.connect("", "mallory", "anything"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThatThrownBy(() -> server.connect("", "bob", WireTestServer.PASSWORD))
                    .isInstanceOf(SQLException.class);
            assertThat(server.registry().get("switchboard.postgres.messages.rejected").tag("reason", "authentication_failed")
                    .counter().count()).isEqualTo(3.0);
            // The server is fine after the failures.
            try (Connection connection = server.connect()) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void trustAcceptsAnyUserWhenAuthenticationIsOff() throws Exception {
        try (WireTestServer server = WireTestServer.trust(); Connection connection = server.connect("", "whoever", null)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = AuthMethod.class, names = {"SCRAM_SHA_256", "PASSWORD"})
    void tlsWithSslmodeRequire(AuthMethod method) throws Exception {
        try (WireTestServer server = WireTestServer.withPasswords(method,
                options -> options.withTls(certificates.certificate(), certificates.privateKey()))) {
            // sslmode=require fails unless the server really switched to TLS.
            try (Connection connection = server.connect("sslmode=require"); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT 'over tls'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("over tls");
            }
            // Clients that do not ask for TLS still connect in plain text.
            try (Connection connection = server.connect("sslmode=disable")) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void withoutACertificateTlsIsDeclinedCleanly() throws Exception {
        try (WireTestServer server = WireTestServer.withPasswords(AuthMethod.SCRAM_SHA_256)) {
            assertThatThrownBy(() -> server.connect("sslmode=require"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not support SSL");
            try (Connection connection = server.connect("sslmode=prefer")) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }
}
