package io.switchboard.wire.postgres;

import java.util.Map;

/** How a PostgreSQL client proves who it is, with the names {@code pg_hba.conf} uses. */
public enum AuthMethod {
    /** Any user name is accepted without a password. */
    TRUST("trust"),
    /** The password travels in clear text (use only with TLS). */
    PASSWORD("password"),
    /** The salted MD5 challenge of old PostgreSQL versions. */
    MD5("md5"),
    /** SASL SCRAM-SHA-256 (RFC 5802, RFC 7677): the password never travels. */
    SCRAM_SHA_256("scram-sha-256");

    static final Map<String, AuthMethod> BY_NAME = Map.of(
            TRUST.configName, TRUST,
            PASSWORD.configName, PASSWORD,
            MD5.configName, MD5,
            SCRAM_SHA_256.configName, SCRAM_SHA_256);

    private final String configName;

    AuthMethod(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
