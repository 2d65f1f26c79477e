package io.switchboard.guardrails.pii;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validators for personal data found as whole values: each checks the format and, where the
 * identifier carries one, the check digit or checksum. Strict forms decide for columns whose
 * name says nothing; the relaxed forms accept unformatted variants in columns whose name hints
 * at the entity. All are allocation-light: they run on every sampled value.
 */
final class PiiValidators {
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}");
    /** +CC followed by groups: +1 415 555 2671, +44 20 7946 0958, +33 (0)6 12 34 56 78. */
    private static final Pattern PHONE_INTERNATIONAL = Pattern.compile("\\+[1-9]\\d{0,3}(?:[ .-]?\\(?\\d{1,5}\\)?){2,7}");
    /** North American forms with separators: (415) 555-2671, 415-555-2671, 415.555.2671, 1-415-555-2671. */
    private static final Pattern PHONE_NANP = Pattern.compile("(?:1[ .-])?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .-])[2-9]\\d{2}[ .-]\\d{4}");
    /** National forms with a trunk 0 and spaced groups: 020 7946 0958, 06 12 34 56 78, 030-1234-5678. */
    private static final Pattern PHONE_NATIONAL = Pattern.compile("0\\d{1,4}(?:[ -]\\d{2,4}){2,4}");
    private static final Pattern SSN_DASHED = Pattern.compile("\\d{3}-\\d{2}-\\d{4}");
    private static final Pattern CARD_GROUPS = Pattern.compile("\\d{4}(?:[ -]?\\d{4}){2}[ -]?\\d{1,7}|\\d{4}[ -]?\\d{6}[ -]?\\d{4,5}");
    private static final Pattern CPF_FORMATTED = Pattern.compile("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}");
    private static final Pattern DNI = Pattern.compile("(\\d{8})-?([A-Za-z])");
    private static final Pattern NIE = Pattern.compile("([XYZxyz])-?(\\d{7})-?([A-Za-z])");
    private static final Pattern HETU = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})([-+A-FU-Ya-fu-y])(\\d{3})([0-9A-Ya-y])");
    private static final String DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final String HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY";

    /** IBAN lengths by country (ISO 13616 registry, the countries in common use). */
    private static final Map<String, Integer> IBAN_LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("CH", 21),
            Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("EE", 20),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FR", 27), Map.entry("GB", 22), Map.entry("GR", 27),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IS", 26), Map.entry("IT", 27),
            Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27),
            Map.entry("MT", 31), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28), Map.entry("PT", 25),
            Map.entry("RO", 24), Map.entry("SE", 24), Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27),
            Map.entry("TR", 26), Map.entry("AE", 23), Map.entry("SA", 24), Map.entry("IL", 23), Map.entry("BR", 29),
            Map.entry("UA", 29), Map.entry("RS", 22), Map.entry("QA", 29), Map.entry("KW", 30), Map.entry("JO", 30));

    private PiiValidators() {}

    static boolean email(String value) {
        return value.length() <= 254 && value.indexOf('@') > 0 && EMAIL.matcher(value).matches();
    }

    static boolean phone(String value) {
        if (value.length() < 7 || value.length() > 24) {
            return false;
        }
        int digits = countDigits(value);
        if (value.charAt(0) == '+') {
            return digits >= 8 && digits <= 15 && PHONE_INTERNATIONAL.matcher(value).matches();
        }
        if (value.charAt(0) == '0') {
            return digits >= 9 && digits <= 11 && PHONE_NATIONAL.matcher(value).matches();
        }
        return PHONE_NANP.matcher(value).matches();
    }

    /** In a column named like a phone column: any 7 to 15 digits with the usual separators. */
    static boolean phoneRelaxed(String value) {
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (" .-()+/".indexOf(c) < 0) {
                return false;
            }
        }
        return digits >= 7 && digits <= 15;
    }

    static boolean creditCard(String value) {
        if (value.length() < 13 || value.length() > 23 || !CARD_GROUPS.matcher(value).matches()) {
            return false;
        }
        String digits = digitsOf(value);
        return digits.length() >= 13 && digits.length() <= 19 && knownIssuer(digits) && luhn(digits);
    }

    /** Issuer prefixes and lengths: Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay. */
    static boolean knownIssuer(String digits) {
        int length = digits.length();
        int two = Integer.parseInt(digits.substring(0, 2));
        int three = Integer.parseInt(digits.substring(0, 3));
        int four = Integer.parseInt(digits.substring(0, 4));
        if (digits.charAt(0) == '4') {
            return length == 13 || length == 16 || length == 19;
        }
        if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
            return length == 16;
        }
        if (two == 34 || two == 37) {
            return length == 15;
        }
        if (four == 6011 || two == 65 || (three >= 644 && three <= 649)) {
            return length >= 16 && length <= 19;
        }
        if (four >= 3528 && four <= 3589) {
            return length >= 16 && length <= 19;
        }
        if ((three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39) {
            return length >= 14 && length <= 19;
        }
        return two == 62 && length >= 16 && length <= 19;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    static boolean iban(String value) {
        String compact = value.replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (compact.length() < 15 || compact.length() > 34 || !Character.isLetter(compact.charAt(0))
                || !Character.isLetter(compact.charAt(1)) || !Character.isDigit(compact.charAt(2))
                || !Character.isDigit(compact.charAt(3))) {
            return false;
        }
        Integer expected = IBAN_LENGTHS.get(compact.substring(0, 2));
        if (expected == null || expected != compact.length()) {
            return false;
        }
        // Mod 97 of the rearranged number, letters as 10..35, computed piecewise to stay in an int.
        int remainder = 0;
        for (int i = 0; i < compact.length(); i++) {
            char c = compact.charAt((i + 4) % compact.length());
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    static boolean usSsn(String value) {
        return value.length() == 11 && SSN_DASHED.matcher(value).matches() && ssnParts(digitsOf(value));
    }

    /** In a column named like an SSN column: also nine bare digits. */
    static boolean usSsnRelaxed(String value) {
        if (usSsn(value)) {
            return true;
        }
        return value.length() == 9 && countDigits(value) == 9 && ssnParts(value);
    }

    /** Area 000, 666 and 900-999, group 00 and serial 0000 are never issued. */
    private static boolean ssnParts(String digits) {
        int area = Integer.parseInt(digits.substring(0, 3));
        int group = Integer.parseInt(digits.substring(3, 5));
        int serial = Integer.parseInt(digits.substring(5));
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    static boolean ipv4(String value) {
        if (value.length() < 7 || value.length() > 15) {
            return false;
        }
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '.') {
                if (!octet(value, start, i)) {
                    return false;
                }
                parts++;
                start = i + 1;
            } else if (!Character.isDigit(value.charAt(i))) {
                return false;
            }
        }
        return parts == 4;
    }

    private static boolean octet(String value, int start, int end) {
        int length = end - start;
        if (length < 1 || length > 3 || (length > 1 && value.charAt(start) == '0')) {
            return false;
        }
        return Integer.parseInt(value, start, end, 10) <= 255;
    }

    static boolean ipv6(String value) {
        if (value.length() < 2 || value.length() > 45 || value.indexOf(':') < 0) {
            return false;
        }
        int doubleColon = value.indexOf("::");
        if (doubleColon >= 0 && value.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] halves = doubleColon >= 0
                ? new String[] {value.substring(0, doubleColon), value.substring(doubleColon + 2)}
                : new String[] {value};
        int groups = 0;
        for (int h = 0; h < halves.length; h++) {
            String half = halves[h];
            if (half.isEmpty()) {
                continue;
            }
            String[] parts = half.split(":", -1);
            for (int p = 0; p < parts.length; p++) {
                String part = parts[p];
                boolean last = h == halves.length - 1 && p == parts.length - 1;
                if (last && part.indexOf('.') >= 0) {
                    if (!ipv4(part)) {
                        return false;
                    }
                    groups += 2;
                    continue;
                }
                if (part.isEmpty() || part.length() > 4) {
                    return false;
                }
                for (int i = 0; i < part.length(); i++) {
                    if (Character.digit(part.charAt(i), 16) < 0) {
                        return false;
                    }
                }
                groups++;
            }
        }
        return doubleColon >= 0 ? groups < 8 : groups == 8;
    }

    /** Spanish DNI (8 digits and a check letter) and NIE (X, Y or Z, 7 digits, check letter). */
    static boolean spanishId(String value) {
        if (value.length() < 9 || value.length() > 11) {
            return false;
        }
        var dni = DNI.matcher(value);
        if (dni.matches()) {
            int number = Integer.parseInt(dni.group(1));
            return Character.toUpperCase(dni.group(2).charAt(0)) == DNI_LETTERS.charAt(number % 23);
        }
        var nie = NIE.matcher(value);
        if (nie.matches()) {
            int prefix = "XYZ".indexOf(Character.toUpperCase(nie.group(1).charAt(0)));
            int number = Integer.parseInt(prefix + nie.group(2));
            return Character.toUpperCase(nie.group(3).charAt(0)) == DNI_LETTERS.charAt(number % 23);
        }
        return false;
    }

    /** Brazilian CPF: 11 digits (formatted ddd.ddd.ddd-dd or bare) with two mod-11 check digits. */
    static boolean brazilianCpf(String value) {
        String digits;
        if (value.length() == 14 && CPF_FORMATTED.matcher(value).matches()) {
            digits = digitsOf(value);
        } else if (value.length() == 11 && countDigits(value) == 11) {
            digits = value;
        } else {
            return false;
        }
        if (digits.chars().distinct().count() == 1) {
            return false;
        }
        return cpfCheck(digits, 9) == digits.charAt(9) - '0' && cpfCheck(digits, 10) == digits.charAt(10) - '0';
    }

    private static int cpfCheck(String digits, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (digits.charAt(i) - '0') * (length + 1 - i);
        }
        int rest = (sum * 10) % 11;
        return rest == 10 ? 0 : rest;
    }

    /** Finnish personal identity code (henkilötunnus): DDMMYY, century sign, individual number, mod-31 check. */
    static boolean finnishHetu(String value) {
        if (value.length() != 11) {
            return false;
        }
        var matcher = HETU.matcher(value);
        if (!matcher.matches()) {
            return false;
        }
        int day = Integer.parseInt(matcher.group(1));
        int month = Integer.parseInt(matcher.group(2));
        if (day < 1 || day > 31 || month < 1 || month > 12) {
            return false;
        }
        int number = Integer.parseInt(matcher.group(1) + matcher.group(2) + matcher.group(3) + matcher.group(5));
        return Character.toUpperCase(matcher.group(6).charAt(0)) == HETU_CHECK.charAt(number % 31);
    }

    static int countDigits(String value) {
        int digits = 0;
        for (int i = 0; i < value.length(); i++) {
            if (Character.isDigit(value.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    static String digitsOf(String value) {
        StringBuilder digits = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
