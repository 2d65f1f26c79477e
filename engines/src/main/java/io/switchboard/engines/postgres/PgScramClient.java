package io.switchboard.engines.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL uses it: no channel
 * binding, the user name left empty in the SCRAM messages (the startup packet names the user),
 * and the server's final signature checked, so a server that does not know the password cannot
 * pretend to have accepted it.
 */
final class PgScramClient {
    static final String MECHANISM = "SCRAM-SHA-256";
    private static final String GS2_HEADER = "n,,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    PgScramClient(String password) {
        this.password = password;
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
    }

    String clientFirstMessage() {
        clientFirstBare = "n=,r=" + clientNonce;
        return GS2_HEADER + clientFirstBare;
    }

    /** Answers the server-first message ({@code r=...,s=...,i=...}) with the proof. */
    String clientFinalMessage(String serverFirst) throws PgProtocolException {
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        String iterations = attribute(serverFirst, 'i');
        if (nonce == null || salt == null || iterations == null || !nonce.startsWith(clientNonce)) {
            throw new PgProtocolException("08P01", "PostgreSQL's SCRAM challenge is malformed");
        }
        try {
            byte[] saltedPassword = hi(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(salt),
                    Integer.parseInt(iterations));
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String withoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
                    + ",r=" + nonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new PgProtocolException("08P01", "cannot answer PostgreSQL's SCRAM challenge: " + e.getMessage());
        }
    }

    void verifyServerFinal(String serverFinal) throws PgProtocolException {
        String verifier = attribute(serverFinal, 'v');
        if (verifier == null || expectedServerSignature == null
                || !MessageDigest.isEqual(expectedServerSignature, Base64.getDecoder().decode(verifier))) {
            throw new PgProtocolException("28000", "PostgreSQL's SCRAM server signature does not match: "
                    + "the server could not prove it knows the password");
        }
    }

    /** PBKDF2 with HMAC-SHA-256, one block (RFC 5802's Hi). */
    private static byte[] hi(byte[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }
}
