package io.switchboard.wire.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the statements the frontend answers itself ({@link LocalStatement}) against the
 * connection's settings, transaction block and prepared statements. Owned by the connection's thread.
 */
final class LocalStatementRunner {
    private final SessionSettings settings;
    private final TransactionBlock transaction;
    private final ExtendedQueryProtocol extended;

    LocalStatementRunner(SessionSettings settings, TransactionBlock transaction, ExtendedQueryProtocol extended) {
        this.settings = settings;
        this.transaction = transaction;
        this.extended = extended;
    }

    RunningStatement run(LocalStatement local) {
        List<PostgresError> notices = new ArrayList<>();
        return switch (local) {
            case LocalStatement.Set set -> {
                if (set.values() == null) {
                    settings.reset(set.name());
                } else {
                    settings.set(set.name(), set.values());
                }
                yield done("SET", notices);
            }
            case LocalStatement.SetTransaction ignored -> done("SET", notices);
            case LocalStatement.Reset reset -> {
                if (reset.name() == null) {
                    settings.resetAll();
                } else {
                    settings.reset(reset.name());
                }
                yield done("RESET", notices);
            }
            case LocalStatement.Show show -> {
                List<Object[]> rows = new ArrayList<>();
                if (show.name() == null) {
                    rows.addAll(settings.all());
                } else {
                    rows.add(new Object[] {settings.show(show.name()).orElse("")});
                }
                yield RunningStatement.local(show.columns(), rows, "SHOW", notices);
            }
            case LocalStatement.Begin begin -> {
                if (!transaction.idle()) {
                    notices.add(PostgresError.warning("25001", "there is already a transaction in progress"));
                } else {
                    transaction.begin();
                    notices.add(PostgresError.warning("01000", "Switchboard runs each statement on its own: BEGIN starts no"
                            + " transaction block, statements take effect as they run, and ROLLBACK cannot undo them"));
                }
                yield done("BEGIN", notices);
            }
            case LocalStatement.Commit commit -> {
                // Committing a failed block rolls it back, and PostgreSQL says so in the tag.
                String tag = transaction.failed() ? "ROLLBACK" : "COMMIT";
                if (transaction.idle()) {
                    notices.add(PostgresError.warning("25P01", "there is no transaction in progress"));
                }
                endTransaction();
                yield done(tag, notices);
            }
            case LocalStatement.Rollback rollback -> {
                if (transaction.idle()) {
                    notices.add(PostgresError.warning("25P01", "there is no transaction in progress"));
                } else if (transaction.changedSinceBegin()) {
                    notices.add(PostgresError.warning("01000", "ROLLBACK undid nothing: Switchboard runs each statement on its"
                            + " own, so the changes made since BEGIN were already applied"));
                }
                endTransaction();
                yield done("ROLLBACK", notices);
            }
            case LocalStatement.Savepoint savepoint -> {
                if (transaction.idle()) {
                    throw new SwitchboardException(ErrorCode.NOT_SUPPORTED,
                            savepoint.kind() + " can only be used in transaction blocks", "25P01", null);
                }
                if (savepoint.kind().equals("ROLLBACK")) {
                    transaction.rolledBackToSavepoint();
                }
                yield done(savepoint.kind(), notices);
            }
            case LocalStatement.Discard discard -> {
                if (discard.what().equals("ALL")) {
                    if (!transaction.idle()) {
                        throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, "DISCARD ALL cannot run inside a transaction block",
                                "25001", null);
                    }
                    settings.resetAll();
                    extended.deallocateAll();
                }
                yield done("DISCARD " + discard.what(), notices);
            }
            case LocalStatement.Deallocate deallocate -> {
                if (deallocate.name() == null) {
                    extended.deallocateAll();
                    yield done("DEALLOCATE ALL", notices);
                }
                if (!extended.deallocate(deallocate.name())) {
                    throw new SwitchboardException(ErrorCode.QUERY_NOT_FOUND,
                            "prepared statement \"" + deallocate.name() + "\" does not exist", "26000", null);
                }
                yield done("DEALLOCATE", notices);
            }
            case LocalStatement.Refused refused ->
                    throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, refused.message(), refused.sqlState(), null);
        };
    }

    /** The block ends and its portals with it (those of a pgjdbc cursor, say), except the one running COMMIT itself. */
    private void endTransaction() {
        transaction.end();
        extended.closeAllPortalsExceptRunning();
    }

    private static RunningStatement done(String tag, List<PostgresError> notices) {
        return RunningStatement.local(List.<Column>of(), List.of(), tag, notices);
    }
}
