package io.switchboard.feedback;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.StatementSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the feedback database's schema to the version this build expects: ordered scripts under
 * {@code db/feedback/} on the class path, each applied once, in its own transaction together with
 * its row in {@code schema_migrations}. A database newer than this build is refused rather than
 * written with an older idea of its tables.
 */
final class SchemaMigrator {
    /** Scripts in order. Class-path folders cannot be listed inside a jar, so they are named here. */
    static final List<String> SCRIPTS = List.of("V1__query_records.sql", "V2__approval_holds.sql", "V3__drop_art_indexes.sql");

    static final String RESOURCE_FOLDER = "db/feedback/";

    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

    /** One script: its version, a description made from its name, and its statements. */
    record Migration(int version, String description, String script) {
        Migration {
            requireNonNull(description, "description is null");
            requireNonNull(script, "script is null");
        }
    }

    private SchemaMigrator() {}

    /** Applies the scripts this database has not seen yet and returns their versions. */
    static List<Integer> migrate(Connection connection, Dialect dialect) throws SQLException {
        List<Migration> migrations = load();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, "
                    + "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)");
        }
        int current = currentVersion(connection);
        int newest = migrations.get(migrations.size() - 1).version();
        if (current > newest) {
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "the feedback database has schema version " + current + " but this Switchboard knows only up to "
                            + newest + "; run a newer Switchboard or point persistence.path at another file");
        }
        List<Integer> applied = new ArrayList<>();
        for (Migration migration : migrations) {
            if (migration.version() <= current) {
                continue;
            }
            apply(connection, dialect, migration);
            applied.add(migration.version());
            log.info("Applied feedback schema migration V{} ({})", migration.version(), migration.description());
        }
        return applied;
    }

    /** Every script, checked to be numbered 1, 2, 3, ... with no gap. */
    static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String name : SCRIPTS) {
            Matcher matcher = SCRIPT_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException("migration script name " + name + " does not match V<n>__<description>.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != migrations.size() + 1) {
                throw new IllegalStateException("migration " + name + " should have version " + (migrations.size() + 1));
            }
            String description = matcher.group(2).replace('_', ' ').toLowerCase(Locale.ROOT);
            migrations.add(new Migration(version, description, readResource(RESOURCE_FOLDER + name)));
        }
        return migrations;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_migrations")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void apply(Connection connection, Dialect dialect, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN TRANSACTION");
            try {
                for (String sql : StatementSplitter.split(migration.script(), dialect)) {
                    statement.execute(sql);
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_migrations (version, description) VALUES (?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setString(2, migration.description());
                    insert.executeUpdate();
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw new SwitchboardException(ErrorCode.INTERNAL,
                        "feedback schema migration V" + migration.version() + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static String readResource(String path) {
        try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + path, e);
        }
    }
}
