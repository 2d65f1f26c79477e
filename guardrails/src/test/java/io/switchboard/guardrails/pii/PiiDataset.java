package io.switchboard.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A generated, labelled set of values: every PII entity in the formats people write them in,
 * and non-PII look-alikes (order numbers, timestamps, version strings, tracking numbers, dates,
 * amounts, postcodes, MAC addresses, UUIDs, hashes). Deterministic: a seed gives the same set.
 *
 * <p>Identifiers with check digits are generated valid (a real register only issues valid ones);
 * the look-alikes are drawn from the formats those values have in practice.
 */
final class PiiDataset {
    /** A value and what it is; {@code entity} is null for a look-alike. */
    record Labelled(String value, PiiEntity entity, String kind) {}

    private static final String[] FIRST = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
        "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "zoe", "jose", "anne-marie"};
    private static final String[] LAST = {"smith", "jones", "garcia", "muller", "rossi", "dubois", "kowalski", "nakamura",
        "silva", "virtanen", "obrien", "lee", "van-dijk", "oconnor"};
    private static final String[] DOMAINS = {"example.com", "mail.example.org", "corp.example.co.uk", "example.io",
        "uni-example.de", "example.museum", "sub.example.fi", "example.com.br"};
    private static final String[] IBAN_COUNTRIES = {"DE", "FR", "GB", "NL", "ES", "IT", "BE", "CH", "FI", "PL"};
    private static final int[] IBAN_LENGTH = {22, 27, 22, 18, 24, 27, 16, 21, 18, 28};

    private final Random random;

    PiiDataset(long seed) {
        this.random = new Random(seed);
    }

    /** A labelled column: its name, its values, and the entity it holds (null for look-alikes). */
    record LabelledColumn(String name, List<String> values, PiiEntity entity, String kind) {}

    private static final String[] NEUTRAL_NAMES = {"value", "field_3", "data", "attribute", "c1", "text", "col_7", "info"};

    /** Whole columns as a result carries them: half named after their content, half with neutral names. */
    List<LabelledColumn> generateColumns(int columnsPerEntity, int columnsPerLookalikeKind, int rowsPerColumn) {
        List<LabelledColumn> columns = new ArrayList<>();
        Map<PiiEntity, String[]> names = Map.of(
                PiiEntity.EMAIL, new String[] {"email", "contact_email", "customerEmail", "e_mail"},
                PiiEntity.PHONE, new String[] {"phone", "phone_number", "mobile", "c_phone", "tel"},
                PiiEntity.CREDIT_CARD, new String[] {"card_number", "cc_num", "creditCard", "pan"},
                PiiEntity.IBAN, new String[] {"iban", "payout_iban", "bank_iban"},
                PiiEntity.US_SSN, new String[] {"ssn", "social_security_number", "employee_ssn"},
                PiiEntity.BR_CPF, new String[] {"cpf", "cliente_cpf"},
                PiiEntity.ES_DNI, new String[] {"dni", "nif", "nie"},
                PiiEntity.FI_HETU, new String[] {"hetu", "henkilotunnus"},
                PiiEntity.IPV4, new String[] {"ip", "client_ip", "ip_address", "remote_addr"},
                PiiEntity.IPV6, new String[] {"ip", "client_ip", "ipv6", "source_ip"});
        for (PiiEntity entity : PiiEntity.values()) {
            for (int c = 0; c < columnsPerEntity; c++) {
                List<String> values = new ArrayList<>();
                for (int r = 0; r < rowsPerColumn; r++) {
                    values.add(value(entity));
                }
                String name = c % 2 == 0 ? pick(names.get(entity)) : pick(NEUTRAL_NAMES);
                columns.add(new LabelledColumn(name, values, entity, entity.configName()));
            }
        }
        String[][] lookalikeNames = {
            {"order_id", "order_no", "po_number"}, {"created_at", "updated_at", "ts"}, {"version", "app_version", "build"},
            {"tracking_number", "shipment_ref"}, {"ref", "code", "postcode", "mac"}, {"account_number", "customer_no"}};
        String[] kinds = {"order number", "timestamp", "version string", "tracking number", "other", "account number"};
        for (int k = 0; k < kinds.length; k++) {
            for (int c = 0; c < columnsPerLookalikeKind; c++) {
                List<String> values = new ArrayList<>();
                for (int r = 0; r < rowsPerColumn; r++) {
                    values.add(lookalike(k));
                }
                String name = c % 2 == 0 ? pick(lookalikeNames[k]) : pick(NEUTRAL_NAMES);
                columns.add(new LabelledColumn(name, values, null, kinds[k]));
            }
        }
        return columns;
    }

    private String value(PiiEntity entity) {
        return switch (entity) {
            case EMAIL -> email();
            case PHONE -> phone();
            case CREDIT_CARD -> card();
            case IBAN -> iban();
            case US_SSN -> ssn();
            case BR_CPF -> cpf();
            case ES_DNI -> dni();
            case FI_HETU -> hetu();
            case IPV4 -> ipv4();
            case IPV6 -> ipv6();
        };
    }

    private String lookalike(int kind) {
        return switch (kind) {
            case 0 -> orderNumber();
            case 1 -> timestamp();
            case 2 -> version();
            case 3 -> trackingNumber();
            case 4 -> other();
            default -> accountNumber();
        };
    }

    List<Labelled> generate(int perEntity, int perLookalikeKind) {
        List<Labelled> values = new ArrayList<>();
        for (int i = 0; i < perEntity; i++) {
            values.add(new Labelled(email(), PiiEntity.EMAIL, "email"));
            values.add(new Labelled(phone(), PiiEntity.PHONE, "phone"));
            values.add(new Labelled(card(), PiiEntity.CREDIT_CARD, "card"));
            values.add(new Labelled(iban(), PiiEntity.IBAN, "iban"));
            values.add(new Labelled(ssn(), PiiEntity.US_SSN, "ssn"));
            values.add(new Labelled(cpf(), PiiEntity.BR_CPF, "cpf"));
            values.add(new Labelled(dni(), PiiEntity.ES_DNI, "dni"));
            values.add(new Labelled(hetu(), PiiEntity.FI_HETU, "hetu"));
            values.add(new Labelled(ipv4(), PiiEntity.IPV4, "ipv4"));
            values.add(new Labelled(ipv6(), PiiEntity.IPV6, "ipv6"));
        }
        for (int i = 0; i < perLookalikeKind; i++) {
            values.add(new Labelled(orderNumber(), null, "order number"));
            values.add(new Labelled(timestamp(), null, "timestamp"));
            values.add(new Labelled(version(), null, "version string"));
            values.add(new Labelled(trackingNumber(), null, "tracking number"));
            values.add(new Labelled(other(), null, "other"));
            values.add(new Labelled(accountNumber(), null, "account number"));
        }
        return values;
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    String email() {
        String local = switch (random.nextInt(5)) {
            case 0 -> pick(FIRST) + "." + pick(LAST);
            case 1 -> pick(FIRST) + digits(between(1, 4));
            case 2 -> pick(FIRST).charAt(0) + pick(LAST);
            case 3 -> pick(FIRST) + "+" + pick(new String[] {"news", "work", "shop"});
            default -> pick(FIRST) + "_" + pick(LAST) + digits(2);
        };
        String email = local + "@" + pick(DOMAINS);
        return random.nextInt(10) == 0 ? email.toUpperCase(Locale.ROOT) : email;
    }

    String phone() {
        String area = between(2, 9) + digits(2);
        String exchange = between(2, 9) + digits(2);
        String line = digits(4);
        return switch (random.nextInt(10)) {
            case 0 -> "(" + area + ") " + exchange + "-" + line;
            case 1 -> area + "-" + exchange + "-" + line;
            case 2 -> area + "." + exchange + "." + line;
            case 3 -> "+1 " + area + " " + exchange + " " + line;
            case 4 -> "+1-" + area + "-" + exchange + "-" + line;
            case 5 -> "+44 20 " + digits(4) + " " + digits(4);
            case 6 -> "+49 " + between(30, 89) + " " + digits(between(6, 8));
            case 7 -> "+33 " + between(1, 9) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
            case 8 -> "020 " + digits(4) + " " + digits(4);
            default -> "0" + between(6, 7) + " " + digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
        };
    }

    String card() {
        String prefix;
        int length;
        switch (random.nextInt(5)) {
            case 0 -> { prefix = "4"; length = 16; }
            case 1 -> { prefix = Integer.toString(between(51, 55)); length = 16; }
            case 2 -> { prefix = random.nextBoolean() ? "34" : "37"; length = 15; }
            case 3 -> { prefix = "6011"; length = 16; }
            default -> { prefix = Integer.toString(between(2221, 2720)); length = 16; }
        }
        String body = prefix + digits(length - prefix.length() - 1);
        String number = body + luhnDigit(body);
        return switch (random.nextInt(3)) {
            case 0 -> number;
            case 1 -> group(number, length == 15 ? new int[] {4, 6, 5} : new int[] {4, 4, 4, 4}, " ");
            default -> group(number, length == 15 ? new int[] {4, 6, 5} : new int[] {4, 4, 4, 4}, "-");
        };
    }

    private static String group(String number, int[] sizes, String separator) {
        StringBuilder grouped = new StringBuilder();
        int at = 0;
        for (int size : sizes) {
            if (at > 0) {
                grouped.append(separator);
            }
            grouped.append(number, at, at + size);
            at += size;
        }
        return grouped.toString();
    }

    static int luhnDigit(String body) {
        int sum = 0;
        boolean doubled = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    String iban() {
        int country = random.nextInt(IBAN_COUNTRIES.length);
        String bban = digits(IBAN_LENGTH[country] - 4);
        if (IBAN_COUNTRIES[country].equals("GB")) {
            bban = "NWBK" + digits(IBAN_LENGTH[country] - 8);
        }
        String code = IBAN_COUNTRIES[country];
        int check = 98 - mod97(bban + code + "00");
        String iban = code + String.format("%02d", check) + bban;
        if (random.nextBoolean()) {
            StringBuilder grouped = new StringBuilder();
            for (int i = 0; i < iban.length(); i += 4) {
                grouped.append(i == 0 ? "" : " ").append(iban, i, Math.min(iban.length(), i + 4));
            }
            return grouped.toString();
        }
        return iban;
    }

    private static int mod97(String text) {
        int remainder = 0;
        for (char c : text.toCharArray()) {
            remainder = Character.isDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return remainder;
    }

    String ssn() {
        int area;
        do {
            area = between(1, 899);
        } while (area == 666);
        return String.format("%03d-%02d-%04d", area, between(1, 99), between(1, 9999));
    }

    String cpf() {
        String base;
        do {
            base = digits(9);
        } while (base.chars().distinct().count() == 1);
        int first = cpfDigit(base);
        int second = cpfDigit(base + first);
        String cpf = base + first + second;
        return random.nextInt(10) < 7
                ? cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9)
                : cpf;
    }

    private static int cpfDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            sum += (digits.charAt(i) - '0') * (digits.length() + 1 - i);
        }
        int rest = sum * 10 % 11;
        return rest == 10 ? 0 : rest;
    }

    String dni() {
        String letters = "TRWAGMYFPDXBNJZSQVHLCKE";
        if (random.nextInt(5) == 0) {
            int prefix = random.nextInt(3);
            String number = digits(7);
            return "XYZ".charAt(prefix) + number + letters.charAt(Integer.parseInt(prefix + number) % 23);
        }
        String number = digits(8);
        return number + letters.charAt(Integer.parseInt(number) % 23);
    }

    String hetu() {
        String date = String.format("%02d%02d%02d", between(1, 28), between(1, 12), between(0, 99));
        String individual = String.format("%03d", between(2, 899));
        char sign = pick(new Character[] {'-', '-', '+', 'A'});
        char check = "0123456789ABCDEFHJKLMNPRSTUVWXY".charAt(Integer.parseInt(date + individual) % 31);
        return date + sign + individual + check;
    }

    String ipv4() {
        return between(1, 254) + "." + between(0, 255) + "." + between(0, 255) + "." + between(1, 254);
    }

    String ipv6() {
        String[] groups = new String[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Integer.toHexString(random.nextInt(0x10000));
        }
        String full = String.join(":", groups);
        String ip = switch (random.nextInt(4)) {
            case 0 -> full;
            case 1 -> groups[0] + ":" + groups[1] + "::" + groups[6] + ":" + groups[7];
            case 2 -> "fe80::" + groups[5] + ":" + groups[6] + ":" + groups[7];
            default -> "::ffff:" + ipv4();
        };
        return random.nextInt(5) == 0 ? ip.toUpperCase(Locale.ROOT) : ip;
    }

    String orderNumber() {
        return switch (random.nextInt(6)) {
            case 0 -> "ORD-" + between(2019, 2026) + "-" + digits(6);
            case 1 -> "SO-" + digits(6);
            case 2 -> "#" + digits(between(5, 7));
            case 3 -> "PO" + digits(7);
            case 4 -> digits(1).replace('0', '7') + digits(between(5, 9));
            default -> "INV-" + digits(4) + "-" + digits(4);
        };
    }

    String timestamp() {
        String date = between(2000, 2030) + "-" + String.format("%02d-%02d", between(1, 12), between(1, 28));
        String time = String.format("%02d:%02d:%02d", between(0, 23), between(0, 59), between(0, 59));
        return switch (random.nextInt(7)) {
            case 0 -> date + " " + time;
            case 1 -> date + "T" + time + "Z";
            case 2 -> date + "T" + time + "." + digits(3) + "+02:00";
            case 3 -> Long.toString(1_500_000_000L + random.nextInt(300_000_000));
            case 4 -> Long.toString(1_500_000_000_000L + (long) (random.nextDouble() * 300_000_000_000L));
            case 5 -> time;
            default -> date;
        };
    }

    String version() {
        return switch (random.nextInt(7)) {
            case 6 -> between(1, 9) + "." + between(0, 9) + "." + between(0, 9) + "." + between(0, 99);
            case 0 -> between(0, 12) + "." + between(0, 30) + "." + between(0, 99);
            case 1 -> "v" + between(0, 5) + "." + between(0, 20) + "." + between(0, 9);
            case 2 -> between(1, 4) + "." + between(0, 9) + "." + between(0, 9) + "-rc." + between(1, 5);
            case 3 -> between(1, 9) + "." + between(0, 9);
            case 4 -> "10.0." + between(10240, 22631) + "." + between(1, 4000);
            default -> between(1, 3) + "." + between(0, 9) + "." + between(0, 9) + "+build." + digits(3);
        };
    }

    /** Internal account and customer numbers: 16 or 11 plain digits, which sometimes pass a card's or a CPF's check by chance. */
    String accountNumber() {
        return random.nextBoolean() ? between(1, 9) + digits(15) : between(1, 9) + digits(10);
    }

    String trackingNumber() {
        return switch (random.nextInt(4)) {
            case 0 -> "1Z" + digits(3) + "AA" + digits(10);
            case 1 -> digits(12);
            case 2 -> "94" + digits(20);
            default -> "JD" + digits(16);
        };
    }

    String other() {
        return switch (random.nextInt(9)) {
            case 0 -> java.util.UUID.nameUUIDFromBytes(digits(8).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            case 1 -> String.format("%02d/%02d/%04d", between(1, 28), between(1, 12), between(1990, 2030));
            case 2 -> digits(between(1, 5)) + "." + digits(2);
            case 3 -> "$" + between(1, 99) + "," + digits(3) + "." + digits(2);
            case 4 -> digits(5) + (random.nextBoolean() ? "-" + digits(4) : "");
            case 5 -> String.format("%02x:%02x:%02x:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256),
                    random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256));
            case 6 -> "978-" + between(0, 9) + "-" + digits(2) + "-" + digits(6) + "-" + between(0, 9);
            case 7 -> "SKU-" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + "-" + digits(4);
            default -> Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        };
    }
}
