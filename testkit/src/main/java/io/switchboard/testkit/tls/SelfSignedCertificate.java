package io.switchboard.testkit.tls;

import io.switchboard.testkit.process.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A self-signed server certificate for one IP address, made at test time with the running JDK's
 * {@code keytool} so that tests need no openssl: the certificate names the address both as its
 * common name and as an IP subject alternative name, and is valid for two days.
 *
 * @param certificatePem the certificate, PEM ({@code BEGIN CERTIFICATE}); also what a client trusts
 * @param privateKeyPem its private key, PEM PKCS#8 ({@code BEGIN PRIVATE KEY}); keep it to the server
 */
public record SelfSignedCertificate(String certificatePem, String privateKeyPem) {
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final String ALIAS = "server";
    private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4_LITERAL = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

    public SelfSignedCertificate {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        if (!certificatePem.startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("certificatePem is not a PEM certificate");
        }
        if (!privateKeyPem.startsWith("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("privateKeyPem is not a PEM PKCS#8 private key");
        }
    }

    /**
     * Makes a key pair and certificate for {@code ipAddress} (an IPv4 literal such as {@code 127.0.0.1}),
     * using {@code scratchDirectory} for keytool's key store, which is deleted again.
     */
    public static SelfSignedCertificate forIpAddress(String ipAddress, Path scratchDirectory) {
        if (!IPV4_LITERAL.matcher(ipAddress).matches()) {
            // A host name here would make keytool write a DNS name, or fail, instead of an IP entry.
            throw new IllegalArgumentException("not an IPv4 address literal: " + ipAddress);
        }
        byte[] secret = new byte[12];
        new SecureRandom().nextBytes(secret);
        String storePassword = "ks-" + HexFormat.of().formatHex(secret);
        Path keyStoreFile = scratchDirectory.resolve("self-signed-" + System.nanoTime() + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        try {
            Commands.run(KEYTOOL_TIMEOUT, List.of(keytool.toString(), "-genkeypair", "-noprompt",
                    "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                    "-dname", "CN=" + ipAddress, "-ext", "san=ip:" + ipAddress, "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                    // From the environment, so the password is in no command line or error message.
                    "-storepass:env", "KEYSTORE_PASSWORD", "-keypass:env", "KEYSTORE_PASSWORD"),
                    Map.of("KEYSTORE_PASSWORD", storePassword));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStoreFile)) {
                store.load(in, storePassword.toCharArray());
            }
            Key key = store.getKey(ALIAS, storePassword.toCharArray());
            if (!(key instanceof PrivateKey privateKey) || !(store.getCertificate(ALIAS) instanceof X509Certificate certificate)) {
                throw new IllegalStateException("keytool's key store " + keyStoreFile + " holds no private key and certificate");
            }
            return new SelfSignedCertificate(pem("CERTIFICATE", certificate.getEncoded()),
                    pem("PRIVATE KEY", privateKey.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keytool's key store " + keyStoreFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load keytool's key store " + keyStoreFile + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(keyStoreFile);
            } catch (IOException e) {
                // Best effort: the scratch directory is a test's temporary directory.
            }
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
