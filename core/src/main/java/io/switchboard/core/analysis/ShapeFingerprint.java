package io.switchboard.core.analysis;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.SqlToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The shape of a statement: its tokens with every literal replaced by {@code ?}, keywords and
 * unquoted names upper-cased, comments and spacing dropped. {@code WHERE id = 1} and
 * {@code WHERE id = 2} have the same shape; {@code IN (1, 2)} and {@code IN (1, 2, 3)} do not,
 * because caches keyed by shape re-bind literals by position.
 *
 * @param normalized the normalized text, the exact key for caches
 * @param hash the first 64 bits of SHA-256 of {@code normalized}, as 16 hex digits, for display,
 *     grouping and storage
 */
public record ShapeFingerprint(String normalized, String hash) {
    /** Never updated itself: each hash works on a copy (see {@link #newDigest}). */
    private static final MessageDigest SHA_256 = sha256();

    public ShapeFingerprint {
        requireNonNull(normalized, "normalized is null");
        requireNonNull(hash, "hash is null");
    }

    public static ShapeFingerprint of(List<SqlToken> tokens) {
        StringBuilder text = new StringBuilder();
        for (SqlToken token : tokens) {
            if (token.isTrivia()) {
                continue;
            }
            if (!text.isEmpty()) {
                text.append(' ');
            }
            switch (token.type()) {
                case STRING, NUMBER, PARAMETER -> text.append('?');
                case WORD -> text.append(token.upperText());
                default -> text.append(token.text());
            }
        }
        // A trailing semicolon does not change the shape.
        while (text.length() >= 2 && text.charAt(text.length() - 1) == ';') {
            text.setLength(Math.max(0, text.length() - 2));
        }
        String normalized = text.toString();
        return new ShapeFingerprint(normalized, hash(normalized));
    }

    private static String hash(String normalized) {
        byte[] digest = newDigest().digest(normalized.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    /**
     * Copies a digest made once: {@code MessageDigest.getInstance} looks the algorithm up among
     * the security providers on every call, which was most of a fingerprint's cost.
     */
    private static MessageDigest newDigest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return hash;
    }
}
