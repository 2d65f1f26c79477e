package io.switchboard.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Listings show where a cluster is, never how to log in to it. */
final class EndpointRedactionTest {

    @Test
    void userInformationAndSecretParametersNeverShow() {
        assertThat(AdminViews.redactEndpoint("postgresql://app:topsecret@db.internal:5432/sales?sslmode=require&password=hunter2"))
                .isEqualTo("postgresql://db.internal:5432/sales?sslmode=require&password=***");
        assertThat(AdminViews.redactEndpoint("jdbc:mysql://root:pw@127.0.0.1:3306/shop?user=x&accessToken=abc"))
                .isEqualTo("jdbc:mysql://127.0.0.1:3306/shop?user=x&accessToken=***");
        assertThat(AdminViews.redactEndpoint("http://trino-1:8080")).isEqualTo("http://trino-1:8080");
        assertThat(AdminViews.redactEndpoint("https://user@warehouse.example.com/api?apiKey=k&region=eu"))
                .isEqualTo("https://warehouse.example.com/api?apiKey=***&region=eu");
        // Not a URI (a space, a bare host with credentials): everything before '@' goes.
        assertThat(AdminViews.redactEndpoint("admin:p@ss word@host:9000?secret=s")).isEqualTo("host:9000?secret=***");
    }
}
