package io.switchboard.guardrails.pii;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 instances for one key. Building one (provider lookup, key schedule) costs more than
 * masking a small result, so a prototype is built once per guard and every result stream gets a
 * clone of it; a Mac is not thread-safe, a clone is private to its stream.
 */
final class KeyedHash {
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;
    private final Mac prototype;

    KeyedHash(byte[] key) {
        this.key = key.clone();
        this.prototype = create(this.key);
    }

    Mac newMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return create(key);
        }
    }

    private static Mac create(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
