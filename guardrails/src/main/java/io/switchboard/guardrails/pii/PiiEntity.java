package io.switchboard.guardrails.pii;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The kinds of personal data PIIMask recognizes. Each has name hints (words in a column name),
 * a strict value validator that decides on its own, and a relaxed one that decides together with
 * a name hint. Declaration order is the order values are tried in, most specific first.
 */
public enum PiiEntity {
    EMAIL("email", Set.of("email", "mail", "emailaddress"), PiiValidators::email, PiiValidators::email, "redacted@example.invalid"),
    IBAN("iban", Set.of("iban"), PiiValidators::iban, PiiValidators::iban, "XX00 REDACTED"),
    CREDIT_CARD("creditCard", Set.of("card", "cc", "pan", "creditcard", "cardnumber", "ccnum"), PiiValidators::creditCard,
            value -> PiiValidators.creditCard(value) || PiiValidators.luhn(PiiValidators.digitsOf(value))
                    && PiiValidators.digitsOf(value).length() >= 13 && PiiValidators.digitsOf(value).length() <= 19,
            "0000-0000-0000-0000"),
    US_SSN("usSsn", Set.of("ssn", "socialsecurity", "socialsecuritynumber", "sin"), PiiValidators::usSsn,
            PiiValidators::usSsnRelaxed, "000-00-0000"),
    BR_CPF("brCpf", Set.of("cpf"), PiiValidators::brazilianCpf, PiiValidators::brazilianCpf, "000.000.000-00"),
    ES_DNI("esDni", Set.of("dni", "nie", "nif"), PiiValidators::spanishId, PiiValidators::spanishId, "00000000T"),
    FI_HETU("fiHetu", Set.of("hetu", "henkilotunnus", "personalidentitycode"), PiiValidators::finnishHetu,
            PiiValidators::finnishHetu, "010101-0101"),
    IPV4("ipv4", Set.of("ip", "ipaddr", "ipaddress", "ipv4", "clientip", "remoteaddr", "sourceip"), PiiValidators::ipv4,
            PiiValidators::ipv4, "0.0.0.0"),
    IPV6("ipv6", Set.of("ip", "ipaddr", "ipaddress", "ipv6", "clientip", "remoteaddr", "sourceip"), PiiValidators::ipv6,
            PiiValidators::ipv6, "::"),
    PHONE("phone", Set.of("phone", "mobile", "cell", "telephone", "tel", "fax", "msisdn", "phonenumber"), PiiValidators::phone,
            PiiValidators::phoneRelaxed, "+00 000 000 0000");

    private final String configName;
    private final Set<String> nameHints;
    private final Predicate<String> strict;
    private final Predicate<String> relaxed;
    private final String defaultReplacement;

    PiiEntity(String configName, Set<String> nameHints, Predicate<String> strict, Predicate<String> relaxed,
            String defaultReplacement) {
        this.configName = configName;
        this.nameHints = nameHints;
        this.strict = strict;
        this.relaxed = relaxed;
        this.defaultReplacement = defaultReplacement;
    }

    public String configName() {
        return configName;
    }

    public String defaultReplacement() {
        return defaultReplacement;
    }

    /** True when the value alone shows this entity (format and checksum). */
    public boolean matchesStrictly(String value) {
        return strict.test(value);
    }

    /** True when the value fits this entity in a column whose name hints at it. */
    public boolean matchesWithHint(String value) {
        return relaxed.test(value);
    }

    /** True when one of the name's words (snake_case, camelCase, kebab-case) is a hint of this entity. */
    public boolean hintedBy(String columnName) {
        if (nameHints.contains(compact(columnName))) {
            return true;
        }
        for (String word : ColumnNames.words(columnName)) {
            if (nameHints.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The entity a value shows on its own, trying the most specific formats first. */
    public static Optional<PiiEntity> ofValue(String value) {
        if (value == null || value.length() < 7 || value.length() > 254) {
            return Optional.empty();
        }
        for (PiiEntity entity : values()) {
            if (entity.matchesStrictly(value)) {
                return Optional.of(entity);
            }
        }
        return Optional.empty();
    }

    /** Accepts {@code creditCard}, {@code credit_card}, {@code CREDIT_CARD}, {@code credit-card}. */
    public static Optional<PiiEntity> fromConfigName(String name) {
        String compact = compact(name);
        return Arrays.stream(values()).filter(e -> e.configName.toLowerCase(Locale.ROOT).equals(compact)).findFirst();
    }

    /** Lower-case letters and digits only: {@code Credit-Card_No} becomes {@code creditcardno}. */
    static String compact(String name) {
        StringBuilder compact = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                compact.append(c);
            }
        }
        return compact.toString();
    }
}
