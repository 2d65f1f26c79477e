package io.switchboard.wire.postgres;

/**
 * The transaction status a PostgreSQL client sees in ReadyForQuery. Switchboard runs every
 * statement on its own, so a "transaction block" is only acknowledged: BEGIN opens it, an error
 * fails it (statements are refused until it ends, as in PostgreSQL), COMMIT or ROLLBACK ends it.
 * What it remembers is whether anything was changed inside it, so a ROLLBACK can say that it
 * undid nothing. Owned by the connection's thread.
 */
final class TransactionBlock {
    private char status = BackendMessages.STATUS_IDLE;
    private boolean changed;

    /** {@code I}, {@code T} or {@code E}. */
    char status() {
        return status;
    }

    boolean idle() {
        return status == BackendMessages.STATUS_IDLE;
    }

    boolean failed() {
        return status == BackendMessages.STATUS_FAILED_TRANSACTION;
    }

    boolean changedSinceBegin() {
        return changed;
    }

    void begin() {
        status = BackendMessages.STATUS_IN_TRANSACTION;
        changed = false;
    }

    /** A statement that may have changed data ran inside the block. */
    void statementChangedData() {
        if (!idle()) {
            changed = true;
        }
    }

    /** A statement failed: an open block becomes a failed one. */
    void statementFailed() {
        if (status == BackendMessages.STATUS_IN_TRANSACTION) {
            status = BackendMessages.STATUS_FAILED_TRANSACTION;
        }
    }

    /** ROLLBACK TO SAVEPOINT recovers a failed block. */
    void rolledBackToSavepoint() {
        status = BackendMessages.STATUS_IN_TRANSACTION;
    }

    void end() {
        status = BackendMessages.STATUS_IDLE;
        changed = false;
    }
}
