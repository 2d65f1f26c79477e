package io.switchboard.wire.postgres;

import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.core.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The extended query protocol: Parse, Bind, Describe, Execute and Close over named and unnamed
 * prepared statements and portals. Errors are thrown to {@link PostgresSession}, which answers
 * them and skips to the next Sync. Owned by the connection's thread.
 */
final class ExtendedQueryProtocol {
    private final PostgresSession session;
    private final ClientOutput output;
    private final Map<String, ParsedStatement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    /** The portal being executed now, which closing all portals (COMMIT, DISCARD ALL) must spare. */
    private Portal executing;

    ExtendedQueryProtocol(PostgresSession session) {
        this.session = session;
        this.output = session.output();
    }

    void parse(FrontendMessage.Parse parse) {
        String name = parse.statementName();
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "prepared statement \"" + name + "\" already exists", "42P05", null);
        }
        List<String> parts = StatementSplitter.split(parse.sql(), session.dialect());
        if (parts.size() > 1) {
            throw new SwitchboardException(ErrorCode.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement",
                    "42601", null);
        }
        String sql = parts.isEmpty() ? "" : parts.get(0);
        ParsedStatement statement = new ParsedStatement(name, sql, parse.parameterTypes(), ParameterBinder.find(sql),
                LocalStatement.recognize(sql).orElse(null));
        if (refused(statement, true)) {
            return;
        }
        statements.put(name, statement);
        output.write(BackendMessages::parseComplete);
    }

    void bind(FrontendMessage.Bind bind) {
        ParsedStatement statement = statement(bind.statementName());
        if (refused(statement, true)) {
            return;
        }
        int count = bind.parameterValues().length;
        short[] formats = bind.parameterFormats();
        if (formats.length > 1 && formats.length != count) {
            throw protocolError("bind message has " + formats.length + " parameter formats but " + count + " parameters");
        }
        if (count != statement.parameterCount()) {
            throw protocolError("bind message supplies " + count + " parameters, but prepared statement \"" + statement.name()
                    + "\" requires " + statement.parameterCount());
        }
        for (short format : formats) {
            checkFormat(format);
        }
        for (short format : bind.resultFormats()) {
            checkFormat(format);
        }
        String name = bind.portalName();
        if (!name.isEmpty() && portals.containsKey(name)) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "portal \"" + name + "\" already exists", "42P03", null);
        }
        String boundSql = statement.sql();
        ParameterizedSql parameterized = null;
        if (count > 0 && session.effectiveLocal(statement) == null) {
            boundSql = bindParameters(statement, formats, bind.parameterValues());
            parameterized = parameterized(statement, formats, bind.parameterValues());
        }
        Portal previous = portals.put(name, new Portal(name, statement, boundSql, parameterized, bind.resultFormats()));
        if (previous != null) {
            previous.close();
        }
        output.write(BackendMessages::bindComplete);
    }

    /** The statement with its values as the client sent them, for an engine that prepares statements itself. */
    private static ParameterizedSql parameterized(ParsedStatement statement, short[] formats, byte[][] values) {
        int[] types = new int[values.length];
        short[] valueFormats = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            types[i] = statement.declaredType(i);
            valueFormats[i] = formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i];
        }
        return new ParameterizedSql(statement.sql(), types, valueFormats, values);
    }

    private String bindParameters(ParsedStatement statement, short[] formats, byte[][] values) {
        PgType[] types = new PgType[values.length];
        boolean[] binary = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            binary[i] = (formats.length == 0 ? 0 : formats.length == 1 ? formats[0] : formats[i]) == 1;
            types[i] = statement.parameterType(i);
            if (types[i] == null && binary[i] && values[i] != null) {
                // A binary value of an undeclared type: read it as the engine's type for that parameter.
                describeOnEngine(statement);
                types[i] = statement.describedType(i);
            }
        }
        return ParameterBinder.bind(statement.sql(), statement.placeholders(), types, binary, values);
    }

    void describe(FrontendMessage.Describe describe) {
        switch (describe.kind()) {
            case 'S' -> describeStatement(statement(describe.name()));
            case 'P' -> describePortal(portal(describe.name()));
            default -> throw protocolError("invalid DESCRIBE message subtype " + (int) describe.kind());
        }
    }

    private void describeStatement(ParsedStatement statement) {
        LocalStatement local = session.effectiveLocal(statement);
        List<Column> columns;
        if (statement.isEmpty()) {
            columns = List.of();
        } else if (local != null) {
            columns = local.columns();
        } else {
            columns = describeOnEngine(statement).columns();
        }
        int[] oids = new int[statement.parameterCount()];
        for (int i = 0; i < oids.length; i++) {
            int declared = statement.declaredType(i);
            PgType described = statement.describedType(i);
            oids[i] = declared != 0 ? declared : described != null ? described.oid() : PgType.TEXT.oid();
        }
        output.write(out -> BackendMessages.parameterDescription(out, oids));
        if (columns.isEmpty()) {
            output.write(BackendMessages::noData);
        } else {
            // Before Bind the formats are unknown: a statement description always says text.
            DataRowEncoder encoder = DataRowEncoder.create(columns, new short[0], session.settings().zone(), 1);
            output.write(encoder::rowDescription);
        }
    }

    /** The engine's description of the statement, asked once and kept. */
    private StatementDescription describeOnEngine(ParsedStatement statement) {
        if (statement.description() == null) {
            PgType[] declared = new PgType[statement.parameterCount()];
            for (int i = 0; i < declared.length; i++) {
                declared[i] = statement.parameterType(i);
            }
            String sql = ParameterBinder.typedForDescribe(statement.sql(), statement.placeholders(), declared);
            StatementDescription description = session.runStatement(() -> session.context().pipeline().describe(session.request(sql)));
            statement.describedAs(description);
        }
        return statement.description();
    }

    private void describePortal(Portal portal) {
        if (portal.statement().isEmpty()) {
            output.write(BackendMessages::noData);
            return;
        }
        LocalStatement local = session.effectiveLocal(portal.statement());
        List<Column> columns;
        if (local != null && !portal.started()) {
            columns = local.columns();
        } else {
            if (!portal.started() && refused(portal.statement(), false)) {
                return;
            }
            run(portal, () -> session.startPortal(portal));
            columns = portal.columns();
        }
        if (columns.isEmpty()) {
            output.write(BackendMessages::noData);
        } else {
            portal.encoder(columns, session.settings()).rowDescription(output.buffer());
        }
    }

    void execute(FrontendMessage.Execute execute) {
        Portal portal = portal(execute.portalName());
        if (portal.statement().isEmpty()) {
            output.write(BackendMessages::emptyQueryResponse);
            return;
        }
        if (!portal.started() && refused(portal.statement(), false)) {
            return;
        }
        try {
            run(portal, () -> {
                session.startPortal(portal);
                portal.sendRows(output, session.settings(), execute.maxRows(), session::canceled);
            });
        } catch (RuntimeException e) {
            // A failed portal cannot continue; release its query now rather than at Sync.
            portal.close();
            throw e;
        }
    }

    /** Runs portal work inside a cancel window, marking the portal as the one executing. */
    private void run(Portal portal, Runnable work) {
        executing = portal;
        try {
            session.runStatement(() -> {
                work.run();
                return null;
            });
        } finally {
            executing = null;
        }
    }

    /**
     * Answers a statement that must not run now (refused, or a failed transaction block) and
     * returns true; PostgreSQL checks the transaction already at Parse and Bind, refusals at run time.
     */
    private boolean refused(ParsedStatement statement, boolean transactionOnly) {
        PostgresError refusal = session.refusal(statement);
        if (refusal == null || (transactionOnly && !refusal.sqlState().equals("25P02"))) {
            return false;
        }
        session.fail(refusal, true);
        return true;
    }

    void close(FrontendMessage.Close close) {
        switch (close.kind()) {
            case 'S' -> statements.remove(close.name());
            case 'P' -> {
                Portal portal = portals.remove(close.name());
                if (portal != null) {
                    portal.close();
                }
            }
            default -> throw protocolError("invalid CLOSE message subtype " + (int) close.kind());
        }
        output.write(BackendMessages::closeComplete);
    }

    /** A simple Query destroys the unnamed statement and portal, as in PostgreSQL. */
    void dropUnnamedStatement() {
        statements.remove("");
        Portal portal = portals.remove("");
        if (portal != null) {
            portal.close();
        }
    }

    boolean deallocate(String name) {
        return statements.remove(name) != null;
    }

    void deallocateAll() {
        statements.clear();
        closeAllPortalsExceptRunning();
    }

    void closeAllPortals() {
        for (Portal portal : portals.values()) {
            portal.close();
        }
        portals.clear();
    }

    void closeAllPortalsExceptRunning() {
        List<String> names = new ArrayList<>(portals.keySet());
        for (String name : names) {
            Portal portal = portals.get(name);
            if (portal != executing) {
                portals.remove(name).close();
            }
        }
    }

    void closeAll() {
        closeAllPortals();
        statements.clear();
    }

    private ParsedStatement statement(String name) {
        ParsedStatement statement = statements.get(name);
        if (statement == null) {
            throw new SwitchboardException(ErrorCode.QUERY_NOT_FOUND, name.isEmpty()
                    ? "unnamed prepared statement does not exist" : "prepared statement \"" + name + "\" does not exist", "26000", null);
        }
        return statement;
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new SwitchboardException(ErrorCode.QUERY_NOT_FOUND, name.isEmpty()
                    ? "unnamed portal does not exist" : "portal \"" + name + "\" does not exist", "34000", null);
        }
        return portal;
    }

    private static void checkFormat(short format) {
        if (format != 0 && format != 1) {
            throw protocolError("unsupported format code: " + format);
        }
    }

    private static SwitchboardException protocolError(String message) {
        return new SwitchboardException(ErrorCode.PROTOCOL_VIOLATION, message, "08P01", null);
    }
}
