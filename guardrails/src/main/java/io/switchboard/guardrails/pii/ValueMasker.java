package io.switchboard.guardrails.pii;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.types.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;

/**
 * Applies an operator to one value while keeping the column's type, so that frontends encode
 * masked rows exactly like unmasked ones: text stays text, integers stay integers (a keyed hash),
 * and a value that cannot be masked within its type becomes NULL. One instance per result
 * stream: the HMAC is not thread-safe.
 */
final class ValueMasker {
    private static final HexFormat HEX = HexFormat.of();

    private final PiiPolicy policy;
    private final Mac mac;

    ValueMasker(PiiPolicy policy, Mac mac) {
        this.policy = requireNonNull(policy, "policy is null");
        this.mac = requireNonNull(mac, "mac is null");
    }

    Object mask(Object value, PiiEntity entity, TypeKind kind) {
        if (value == null) {
            return null;
        }
        MaskingOperator operator = policy.operatorFor(entity);
        boolean text = kind.isText() || kind == TypeKind.UNKNOWN || value instanceof String;
        return switch (operator) {
            case KEEP -> value;
            case REDACT -> text ? policy.redactedText() : null;
            case MASK -> text ? MaskingOperator.keepLastFour((String) value) : null;
            case REPLACE -> text ? policy.replacementFor(entity) : null;
            case HASH -> hash(value, kind, text);
        };
    }

    private Object hash(Object value, TypeKind kind, boolean text) {
        byte[] digest = mac.doFinal(textOf(value).getBytes(StandardCharsets.UTF_8));
        if (text) {
            return "h:" + HEX.formatHex(digest, 0, 12);
        }
        long folded = 0;
        for (int i = 0; i < 8; i++) {
            folded = (folded << 8) | (digest[i] & 0xFF);
        }
        folded &= Long.MAX_VALUE;
        return switch (kind) {
            case BIGINT -> folded;
            case INTEGER -> (int) (folded & Integer.MAX_VALUE);
            case HUGEINT -> BigInteger.valueOf(folded);
            case DECIMAL -> BigDecimal.valueOf(folded);
            default -> null;
        };
    }

    /** The text a value is validated and hashed as: numbers without exponent or trailing zeros. */
    static String textOf(Object value) {
        if (value instanceof String string) {
            return string;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }
}
