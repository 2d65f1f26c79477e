package io.switchboard.wire.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.error.SwitchboardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key of frontends.postgresWire maps, every default is recorded, bad values are named with their line. */
final class PostgresWireOptionsTest {
    private static final String STATIC_AUTH = """
            auth:
              provider: static
              staticUsers:
                users:
                  alice:
                    password: secret
            """;

    @Test
    void defaultsWithoutAuthentication() {
        PostgresWireOptions options = parse("", "");
        assertThat(options).isEqualTo(new PostgresWireOptions(AuthMethod.TRUST, null, null, 16 * 1024 * 1024,
                Duration.ofSeconds(10), "15.0 (Switchboard)"));
        assertThat(options.tlsEnabled()).isFalse();
    }

    @Test
    void defaultsWithRequiredAuthentication() {
        assertThat(parse("", STATIC_AUTH).authMethod()).isEqualTo(AuthMethod.SCRAM_SHA_256);
    }

    @Test
    void everyKeyMaps(@TempDir Path directory) throws Exception {
        Path certificate = Files.writeString(directory.resolve("server.crt"), "certificate");
        Path key = Files.writeString(directory.resolve("server.key"), "key");
        PostgresWireOptions options = parse("""
                authMethod: md5
                tlsCertificateFile: %s
                tlsPrivateKeyFile: %s
                maxMessageSize: 1048576
                startupTimeout: 30s
                serverVersion: "14.9 (Switchboard test)"
                """.formatted(certificate, key), STATIC_AUTH);
        assertThat(options).isEqualTo(new PostgresWireOptions(AuthMethod.MD5, certificate, key, 1_048_576, Duration.ofSeconds(30),
                "14.9 (Switchboard test)"));
        assertThat(options.tlsEnabled()).isTrue();
    }

    @Test
    void badValuesAreReportedWithTheirKey() {
        assertThatThrownBy(() -> parse("authMethod: kerberos", STATIC_AUTH))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("frontends.postgresWire.authMethod");
        assertThatThrownBy(() -> parse("authMethod: md5", ""))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("auth.provider is 'none'");
        assertThatThrownBy(() -> parse("authMethod: trust", STATIC_AUTH))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("auth.required is true");
        assertThatThrownBy(() -> parse("tlsCertificateFile: /nonexistent/server.crt", ""))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("tlsPrivateKeyFile is not");
        assertThatThrownBy(() -> parse("tlsCertificateFile: /nonexistent/a\ntlsPrivateKeyFile: /nonexistent/b", ""))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("cannot read file");
        assertThatThrownBy(() -> parse("maxMessageSize: 100", ""))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("maxMessageSize");
        assertThatThrownBy(() -> parse("startupTimeout: 10", ""))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> parse("serverVersion: Switchboard", ""))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("serverVersion");
        assertThatThrownBy(() -> parse("authMetod: md5", ""))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("unknown key 'authMetod'")
                .hasMessageContaining("did you mean 'authMethod'");
    }

    @Test
    void aDisabledFrontendStillHasItsKeysChecked() {
        SwitchboardConfig config = ConfigLoader.load("""
                switchboard:
                  frontends:
                    postgresWire:
                      enabled: false
                      authMethod: md5
                """, List.of(), name -> null);
        PostgresWireFrontend.validateOptions(config.frontends().postgresWire()); // md5 without users is fine while disabled
        SwitchboardConfig typo = ConfigLoader.load("""
                switchboard:
                  frontends:
                    postgresWire:
                      enabled: false
                      maxMesageSize: 10
                """, List.of(), name -> null);
        assertThatThrownBy(() -> PostgresWireFrontend.validateOptions(typo.frontends().postgresWire()))
                .isInstanceOf(SwitchboardException.class).hasMessageContaining("unknown key 'maxMesageSize'");
    }

    private static PostgresWireOptions parse(String frontendKeys, String auth) {
        String yaml = """
                switchboard:
                  frontends:
                    postgresWire:
                      port: 0
                %s
                %s
                """.formatted(frontendKeys.indent(6).stripTrailing(), auth);
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), name -> null);
        return PostgresWireOptions.parse(config.frontends().postgresWire().options(), config.auth());
    }
}
