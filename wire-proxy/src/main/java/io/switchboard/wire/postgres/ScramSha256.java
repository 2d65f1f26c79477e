package io.switchboard.wire.postgres;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash) as PostgreSQL runs it:
 * no channel binding, the user name taken from the startup packet rather than the SCRAM
 * message. Written with the JDK's crypto only.
 */
final class ScramSha256 {
    static final String MECHANISM = "SCRAM-SHA-256";
    static final int DEFAULT_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramSha256() {}

    /** What the server keeps instead of the password (PostgreSQL's {@code SCRAM-SHA-256$iter:salt$StoredKey:ServerKey}). */
    record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {}

    static Verifier verifier(String password, byte[] salt, int iterations) {
        byte[] saltedPassword = pbkdf2(prepare(password), salt, iterations);
        byte[] clientKey = hmac(saltedPassword, "Client Key".getBytes(UTF_8));
        byte[] serverKey = hmac(saltedPassword, "Server Key".getBytes(UTF_8));
        return new Verifier(salt, iterations, sha256(clientKey), serverKey);
    }

    static Verifier newVerifier(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return verifier(password, salt, DEFAULT_ITERATIONS);
    }

    /** The parts of a client-first-message this server needs. */
    record ClientFirst(String gs2Header, String bare, String nonce) {}

    /** Parses {@code gs2-header client-first-message-bare}; returns null when malformed. */
    static ClientFirst parseClientFirst(String message) {
        // gs2-header = cbind-flag "," [authzid] ","
        int firstComma = message.indexOf(',');
        if (firstComma < 0) {
            return null;
        }
        String flag = message.substring(0, firstComma);
        if (!flag.equals("n") && !flag.equals("y")) {
            return null; // "p=..." asks for channel binding, which this server does not offer
        }
        int secondComma = message.indexOf(',', firstComma + 1);
        if (secondComma < 0) {
            return null;
        }
        String authorizationId = message.substring(firstComma + 1, secondComma);
        if (!authorizationId.isEmpty() && !authorizationId.startsWith("a=")) {
            return null;
        }
        String bare = message.substring(secondComma + 1);
        String[] attributes = bare.split(",", -1);
        if (attributes.length < 2 || attributes[0].startsWith("m=") || !attributes[0].startsWith("n=")
                || !attributes[1].startsWith("r=")) {
            return null;
        }
        String nonce = attributes[1].substring(2);
        if (nonce.isEmpty() || !printable(nonce)) {
            return null;
        }
        return new ClientFirst(message.substring(0, secondComma + 1), bare, nonce);
    }

    static String newServerNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static String serverFirst(String combinedNonce, Verifier verifier) {
        return "r=" + combinedNonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i=" + verifier.iterations();
    }

    /**
     * Checks a client-final-message. Returns the server-final-message ({@code v=...}) when the
     * proof is right, or null when anything is wrong (binding, nonce, proof).
     */
    static String verifyClientFinal(String clientFinal, ClientFirst first, String serverFirst, String combinedNonce,
            Verifier verifier) {
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            return null;
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        String[] attributes = withoutProof.split(",", -1);
        if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
            return null;
        }
        String expectedBinding = Base64.getEncoder().encodeToString(first.gs2Header().getBytes(UTF_8));
        boolean bindingOk = MessageDigest.isEqual(attributes[0].substring(2).getBytes(UTF_8), expectedBinding.getBytes(UTF_8));
        boolean nonceOk = MessageDigest.isEqual(attributes[1].substring(2).getBytes(UTF_8), combinedNonce.getBytes(UTF_8));
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (proof.length != verifier.storedKey().length) {
            return null;
        }
        byte[] authMessage = (first.bare() + "," + serverFirst + "," + withoutProof).getBytes(UTF_8);
        byte[] clientSignature = hmac(verifier.storedKey(), authMessage);
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean proofOk = MessageDigest.isEqual(sha256(clientKey), verifier.storedKey());
        if (!(bindingOk && nonceOk && proofOk)) {
            return null;
        }
        return "v=" + Base64.getEncoder().encodeToString(hmac(verifier.serverKey(), authMessage));
    }

    /**
     * SASLprep (RFC 4013) as PostgreSQL applies it: map non-ASCII spaces to a space, drop
     * characters that map to nothing, normalize with NFKC. A password holding prohibited
     * characters is used as it is, as PostgreSQL does.
     */
    static String prepare(String password) {
        boolean ascii = true;
        for (int i = 0; i < password.length() && ascii; i++) {
            char c = password.charAt(i);
            ascii = c >= 0x20 && c < 0x7F;
        }
        if (ascii) {
            return password;
        }
        StringBuilder mapped = new StringBuilder(password.length());
        for (int i = 0; i < password.length(); ) {
            int codePoint = password.codePointAt(i);
            i += Character.charCount(codePoint);
            if (mapsToNothing(codePoint)) {
                continue;
            }
            mapped.appendCodePoint(isNonAsciiSpace(codePoint) ? ' ' : codePoint);
        }
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        for (int i = 0; i < normalized.length(); ) {
            int codePoint = normalized.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isProhibited(codePoint)) {
                return password;
            }
        }
        return normalized;
    }

    private static boolean mapsToNothing(int c) {
        return c == 0x00AD || c == 0x034F || c == 0x1806 || (c >= 0x180B && c <= 0x180D) || (c >= 0x200B && c <= 0x200D)
                || c == 0x2060 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
    }

    private static boolean isNonAsciiSpace(int c) {
        return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    private static boolean isProhibited(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.UNASSIGNED || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE
                || (c >= 0x2FF0 && c <= 0x2FFB) || (c >= 0xE0001 && c <= 0xE007F);
    }

    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return factory.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
