package io.switchboard.wire.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.ApprovalGate;
import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.StatementSplitter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query phase of a connection, on its virtual thread: the simple and extended query
 * protocols, transaction status, and the statements the frontend answers itself. Statements for
 * engines go to {@link io.switchboard.core.pipeline.QueryPipeline#execute} with their parameters
 * already written in.
 */
final class PostgresSession {
    private static final Logger log = LoggerFactory.getLogger(PostgresSession.class);
    private static final ParameterBinder.Placeholders NO_PLACEHOLDERS = new ParameterBinder.Placeholders(List.of(), 0);

    private final PostgresConnection connection;
    private final PostgresWireContext context;
    private final ClientOutput output;
    private final StartupExchange.Outcome identity;
    private final SessionSettings settings;
    private final ExtendedQueryProtocol extended;
    private final TransactionBlock transaction = new TransactionBlock();
    private final LocalStatementRunner localStatements;
    private boolean skipUntilSync;
    private Session currentSession;
    private long currentSessionChanges;

    PostgresSession(PostgresConnection connection, StartupExchange.Outcome identity) {
        this.connection = connection;
        this.context = connection.context();
        this.output = connection.output();
        this.identity = identity;
        this.settings = identity.settings();
        this.extended = new ExtendedQueryProtocol(this);
        this.localStatements = new LocalStatementRunner(settings, transaction, extended);
    }

    void run() {
        try {
            while (true) {
                FrontendMessage message = connection.receive();
                switch (message) {
                    case FrontendMessage.ChannelClosed closed -> {
                        return;
                    }
                    case FrontendMessage.Terminate terminate -> {
                        return;
                    }
                    case FrontendMessage.ProtocolViolation violation -> {
                        context.metrics().rejected(violation.rejectionReason());
                        connection.fatal(PostgresError.fatal(violation.sqlState(), violation.message()));
                        return;
                    }
                    default -> {
                        if (!handle(message) || !awaitClientReading()) {
                            return;
                        }
                    }
                }
            }
        } finally {
            extended.closeAll();
        }
    }

    /** Handles one message; false when the connection must end. */
    private boolean handle(FrontendMessage message) {
        if (skipUntilSync && !(message instanceof FrontendMessage.Sync)) {
            return true; // after an error in the extended protocol everything up to Sync is discarded
        }
        try {
            switch (message) {
                case FrontendMessage.Query query -> simpleQuery(query.sql());
                case FrontendMessage.Parse parse -> extended.parse(parse);
                case FrontendMessage.Bind bind -> extended.bind(bind);
                case FrontendMessage.Describe describe -> extended.describe(describe);
                case FrontendMessage.Execute execute -> extended.execute(execute);
                case FrontendMessage.Close close -> extended.close(close);
                case FrontendMessage.Sync sync -> sync();
                case FrontendMessage.Flush flush -> output.flush();
                case FrontendMessage.CopyMessage copy -> { } // left over from a COPY that was refused
                case FrontendMessage.FunctionCall call -> {
                    fail(PostgresError.error("0A000", "the function call sub-protocol is not supported by Switchboard"), false);
                    readyForQuery();
                }
                default -> {
                    context.metrics().rejected("unexpected_message");
                    connection.fatal(PostgresError.fatal("08P01", "unexpected message type '" + message.type() + "' after startup"));
                    return false;
                }
            }
        } catch (RuntimeException e) {
            fail(errorOf(e), true);
        }
        if (output.pendingBytes() >= ClientOutput.EAGER_FLUSH_BYTES) {
            output.flush();
        }
        return true;
    }

    /**
     * Before the next message: if answers are piling up because the client does not read them,
     * wait for it. Meanwhile its messages pile up in the inbound queue, which stops reading the
     * socket — so a client that pipelines without reading is held back by TCP, not by the heap.
     * False when the client went away.
     */
    private boolean awaitClientReading() {
        if (connection.channel().isWritable()) {
            return true;
        }
        try {
            output.flushAndWaitUntilWritable(() -> false);
            return true;
        } catch (SwitchboardException e) {
            return false; // the channel closed while waiting
        }
    }

    // ---- simple query ----

    private void simpleQuery(String sql) {
        try {
            extended.dropUnnamedStatement();
            // Split as the session's dialect reads text: MySQL's backslash escapes, backquotes, ...
            List<String> statements = StatementSplitter.split(sql, dialect());
            if (statements.isEmpty()) {
                output.write(BackendMessages::emptyQueryResponse);
            }
            for (String text : statements) {
                if (!simpleStatement(text)) {
                    break; // PostgreSQL stops at the first error
                }
            }
        } catch (RuntimeException e) {
            fail(errorOf(e), false);
        } finally {
            // A simple Query always ends with ReadyForQuery, whatever happened in it.
            readyForQuery();
        }
    }

    private boolean simpleStatement(String text) {
        ParsedStatement statement = new ParsedStatement("", text, new int[0], NO_PLACEHOLDERS, LocalStatement.recognize(text).orElse(null));
        PostgresError refusal = refusal(statement);
        if (refusal != null) {
            fail(refusal, false);
            return false;
        }
        Portal portal = new Portal("", statement, text, null, new short[0]);
        try {
            runStatement(() -> {
                startPortal(portal);
                if (!portal.columns().isEmpty()) {
                    portal.encoder(portal.columns(), settings).rowDescription(output.buffer());
                }
                portal.sendRows(output, settings, 0, this::canceled);
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            fail(errorOf(e), false);
            return false;
        } finally {
            portal.close();
        }
    }

    // ---- shared by both protocols ----

    /** Starts a portal's statement if it has not started, and sends the notices it produced. */
    void startPortal(Portal portal) {
        if (portal.start(() -> start(portal.statement(), portal.boundSql(), portal.parameterized()))) {
            for (PostgresError notice : portal.run().notices()) {
                output.write(out -> BackendMessages.errorResponse(out, notice));
            }
        }
    }

    private RunningStatement start(ParsedStatement statement, String boundSql, ParameterizedSql parameterized) {
        LocalStatement local = effectiveLocal(statement);
        if (local != null) {
            return localStatements.run(local);
        }
        QueryRequest request = request(boundSql, parameterized);
        QueryExecution execution;
        // A person must know what to approve while the client waits: tell it the approval id at once.
        try (ApprovalGate.Watch watch = context.pipeline().approvals().watchHold(request.queryId(), hold -> {
            output.write(out -> BackendMessages.errorResponse(out, PostgresError.notice("Query " + hold.queryId()
                    + " is waiting for approval " + hold.approvalId() + " (" + hold.reason() + "); it runs once a person approves it, "
                    + "and fails if nobody does by " + hold.deadline())));
            output.flush();
        })) {
            execution = context.pipeline().execute(request);
        }
        try {
            connection.attach(execution);
            if (!execution.context().analysis().kind().returnsRowsByNature()) {
                transaction.statementChangedData();
            }
            return RunningStatement.engine(execution, settings.showTranslation());
        } catch (RuntimeException e) {
            execution.close();
            throw e;
        }
    }

    /** The pipeline request for one statement, in the session's dialect ({@code switchboard.dialect}, the user's, or postgres). */
    QueryRequest request(String sql) {
        return request(sql, null);
    }

    private QueryRequest request(String sql, ParameterizedSql parameterized) {
        Session session = session();
        return new QueryRequest(QueryId.next(), sql, context.dialects().resolve(session), session, AgentContext.NONE,
                Instant.now(), Map.of(), parameterized);
    }

    /** The dialect the session's SQL is written in now. */
    Dialect dialect() {
        return context.dialects().resolve(session());
    }

    /** The session property carrying the {@code server_version} this frontend reports. */
    static final String SERVER_VERSION_PROPERTY = "server_version";

    /**
     * Who is asking, with the settings as they are now. Built again only after a setting changed:
     * a statement used to copy the settings into a new session twice (1.5 % of Switchboard's
     * CPU under pgbench -S).
     */
    private Session session() {
        long changes = settings.changeCount();
        if (currentSession == null || changes != currentSessionChanges) {
            currentSession = buildSession();
            currentSessionChanges = changes;
        }
        return currentSession;
    }

    private Session buildSession() {
        Map<String, String> properties = new LinkedHashMap<>(identity.startupParameters());
        properties.putAll(settings.clientValues());
        // What version() should say when a catalog query is answered by another engine.
        properties.put(SERVER_VERSION_PROPERTY, context.options().serverVersion());
        return Session.builder(identity.user(), FrontendProtocol.POSTGRES_WIRE)
                .authenticated(identity.authenticated())
                .groups(identity.groups())
                .clientAddress(connection.clientAddress())
                .database(identity.database())
                .properties(properties)
                .build();
    }

    /**
     * Runs a piece of statement work inside a cancel window: a CancelRequest or the statement
     * timeout reaches it, and its failure then reads as PostgreSQL's 57014.
     */
    <T> T runStatement(Supplier<T> work) {
        connection.statementStarted(settings.statementTimeout());
        try {
            return work.get();
        } catch (RuntimeException e) {
            String reason = connection.cancelReason();
            if (reason != null) {
                throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "canceling statement due to " + reason, "57014", e);
            }
            throw e;
        } finally {
            connection.statementFinished();
        }
    }

    boolean canceled() {
        return connection.cancelReason() != null;
    }

    /** The frontend's own answer for this statement, or null when it goes to an engine. */
    LocalStatement effectiveLocal(ParsedStatement statement) {
        LocalStatement local = statement.local();
        // SHOW of a name no one set is passed on: the engine may know it (DuckDB's SHOW TABLES).
        if (local instanceof LocalStatement.Show show && show.name() != null && settings.show(show.name()).isEmpty()) {
            return null;
        }
        return local;
    }

    /** Why this statement must not run now, or null: a refused statement, or a failed transaction block. */
    PostgresError refusal(ParsedStatement statement) {
        LocalStatement local = statement.local();
        if (local instanceof LocalStatement.Refused refused) {
            return new PostgresError(PostgresError.Severity.ERROR, refused.sqlState(), refused.message(), null, refused.hint());
        }
        if (transaction.failed() && !statement.isEmpty()
                && (local == null || !local.allowedInFailedTransaction())) {
            return PostgresError.error("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
        return null;
    }

    PostgresError errorOf(RuntimeException e) {
        if (e instanceof SwitchboardException error) {
            return SqlStates.toError(error);
        }
        log.error("Unexpected failure on connection {}", connection.clientAddress(), e);
        return SqlStates.toError(SwitchboardException.wrap(e, ErrorCode.INTERNAL));
    }

    /** Reports a failed statement: an ErrorResponse, a failed transaction block, and in the extended protocol a skip to Sync. */
    void fail(PostgresError error, boolean extendedProtocol) {
        output.write(out -> BackendMessages.errorResponse(out, error));
        transaction.statementFailed();
        if (extendedProtocol) {
            skipUntilSync = true;
        }
    }

    private void sync() {
        skipUntilSync = false;
        if (transaction.idle()) {
            // Outside a transaction block a Sync ends the implicit transaction, and its portals with it.
            extended.closeAllPortals();
        }
        readyForQuery();
    }

    private void readyForQuery() {
        for (Map.Entry<String, String> status : settings.drainReports().entrySet()) {
            output.write(out -> BackendMessages.parameterStatus(out, status.getKey(), status.getValue()));
        }
        output.write(out -> BackendMessages.readyForQuery(out, transaction.status()));
        output.flush();
    }

    ClientOutput output() {
        return output;
    }

    SessionSettings settings() {
        return settings;
    }

    PostgresWireContext context() {
        return context;
    }
}
