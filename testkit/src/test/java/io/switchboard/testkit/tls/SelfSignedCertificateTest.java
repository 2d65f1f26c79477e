package io.switchboard.testkit.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** keytool's certificate comes back as the PEM pair a server needs: names the address, matching key, short-lived. */
final class SelfSignedCertificateTest {
    private static final int IP_ADDRESS_NAME = 7;

    @Test
    void certificateNamesTheAddressAndMatchesItsKey(@TempDir Path scratch) throws Exception {
        SelfSignedCertificate pair = SelfSignedCertificate.forIpAddress("127.0.0.1", scratch);

        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pair.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(certificate.getSubjectAlternativeNames()).containsExactly(List.of(IP_ADDRESS_NAME, "127.0.0.1"));
        certificate.checkValidity();
        Duration validity = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        assertThat(validity).isLessThanOrEqualTo(Duration.ofDays(2));

        String keyBase64 = pair.privateKeyPem().replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keyBase64)));
        byte[] message = "switchboard".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).as("the key signs what the certificate's public key verifies").isTrue();

        try (var left = Files.list(scratch)) {
            assertThat(left).as("keytool's key store is deleted").isEmpty();
        }
    }

    @Test
    void refusesAHostName(@TempDir Path scratch) {
        assertThatThrownBy(() -> SelfSignedCertificate.forIpAddress("localhost", scratch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost");
    }
}
