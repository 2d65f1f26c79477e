package io.switchboard.wire.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for localhost, made with openssl for one test run. */
record TestCertificates(Path directory, Path certificate, Path privateKey) {

    static TestCertificates create() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("switchboard-tls");
        Path certificate = directory.resolve("server.crt");
        Path privateKey = directory.resolve("server.key");
        Process process = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", privateKey.toString(), "-out", certificate.toString(), "-days", "2", "-subj", "/CN=localhost"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("openssl.log").toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("openssl could not make a test certificate: " + Files.readString(directory.resolve("openssl.log")));
        }
        return new TestCertificates(directory, certificate, privateKey);
    }

    void delete() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
