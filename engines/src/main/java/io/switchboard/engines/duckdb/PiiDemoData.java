package io.switchboard.engines.duckdb;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Random;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code main.customers_pii}: a small table of made-up customers with the kinds of
 * personal data PII masking recognizes (emails, phone numbers, card numbers that pass Luhn,
 * IBANs that pass their checksum, US social security numbers, IP addresses), so that the embedded
 * default shows masking at work. Generated from a fixed seed: every database gets the same rows.
 * Every value is invented; the card numbers use test prefixes and the addresses example domains.
 */
final class PiiDemoData {
    static final String TABLE = "customers_pii";
    static final int ROWS = 200;
    private static final long SEED = 4_202_611L;

    private static final Logger log = LoggerFactory.getLogger(PiiDemoData.class);
    private static final String[] FIRST = {"Alice", "Bruno", "Chiara", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Ines",
        "Jonas", "Kaya", "Liam", "Maria", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara"};
    private static final String[] LAST = {"Smith", "Garcia", "Rossi", "Muller", "Dubois", "Tanaka", "Silva", "Novak", "Jensen",
        "Okafor", "Virtanen", "Kowalski", "Nguyen", "Haddad", "Larsen"};
    private static final String[] CITIES = {"Lisbon", "Berlin", "Austin", "Osaka", "Lyon", "Toronto", "Helsinki", "Porto",
        "Denver", "Krakow"};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};

    private PiiDemoData() {}

    /** Creates the table unless it exists; refuses on a read-only database that lacks it. */
    static TpchDemoData.Outcome ensure(DuckDBConnection connection, boolean readOnly, String clusterName) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement("SELECT count(*) FROM information_schema.tables "
                + "WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = ?")) {
            exists.setString(1, TABLE);
            try (ResultSet result = exists.executeQuery()) {
                result.next();
                if (result.getLong(1) > 0) {
                    return TpchDemoData.Outcome.ALREADY_PRESENT;
                }
            }
        }
        if (readOnly) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "Cluster '" + clusterName
                    + "' asks for the pii demo data, but its database is opened read-only and has no " + TABLE + " table");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE main." + TABLE + " (customer_id BIGINT NOT NULL, full_name VARCHAR NOT NULL, "
                        + "email VARCHAR, phone VARCHAR, credit_card VARCHAR, iban VARCHAR, ssn VARCHAR, ip_address VARCHAR, "
                        + "city VARCHAR NOT NULL, signup_date DATE NOT NULL, lifetime_value DECIMAL(10,2) NOT NULL)");
            }
            insertRows(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        log.info("Cluster '{}': created the demo table {} ({} rows of invented personal data)", clusterName, TABLE, ROWS);
        return TpchDemoData.Outcome.GENERATED;
    }

    private static void insertRows(DuckDBConnection connection) throws SQLException {
        Random random = new Random(SEED);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO main." + TABLE
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= ROWS; id++) {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                insert.setLong(1, id);
                insert.setString(2, first + " " + last);
                insert.setString(3, (first + "." + last).toLowerCase(java.util.Locale.ROOT) + id + "@" + DOMAINS[random.nextInt(DOMAINS.length)]);
                insert.setString(4, phone(random));
                insert.setString(5, card(random));
                insert.setString(6, iban(random));
                insert.setString(7, String.format("%03d-%02d-%04d", 100 + random.nextInt(565), 1 + random.nextInt(98),
                        1 + random.nextInt(9998)));
                insert.setString(8, "198.51." + random.nextInt(256) + "." + (1 + random.nextInt(254)));
                insert.setString(9, CITIES[random.nextInt(CITIES.length)]);
                insert.setDate(10, Date.valueOf(LocalDate.of(2020, 1, 1).plusDays(random.nextInt(1800))));
                insert.setBigDecimal(11, BigDecimal.valueOf(random.nextInt(500_000), 2));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String digits(Random random, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    private static String phone(Random random) {
        String area = (2 + random.nextInt(8)) + digits(random, 2);
        String exchange = (2 + random.nextInt(8)) + digits(random, 2);
        return random.nextBoolean()
                ? "(" + area + ") " + exchange + "-" + digits(random, 4)
                : "+1 " + area + " " + exchange + " " + digits(random, 4);
    }

    /** A Visa or Mastercard number that passes Luhn, grouped by four. */
    private static String card(Random random) {
        String body = random.nextBoolean() ? "4" : "5" + (1 + random.nextInt(5));
        body = body + digits(random, 15 - body.length());
        int sum = 0;
        boolean doubled = true;
        for (int i = body.length() - 1; i >= 0; i--) {
            int d = body.charAt(i) - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        String number = body + (10 - sum % 10) % 10;
        return number.substring(0, 4) + " " + number.substring(4, 8) + " " + number.substring(8, 12) + " " + number.substring(12);
    }

    /** A German IBAN (DE, 22 characters) with valid check digits. */
    private static String iban(Random random) {
        String bban = digits(random, 18);
        int remainder = 0;
        for (char c : (bban + "DE00").toCharArray()) {
            remainder = Character.isDigit(c) ? (remainder * 10 + (c - '0')) % 97 : (remainder * 100 + (c - 'A' + 10)) % 97;
        }
        return "DE" + String.format("%02d", 98 - remainder) + bban;
    }
}
