package io.switchboard.engines.postgres;

import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection to a PostgreSQL server, speaking protocol 3.0 directly: startup and
 * authentication (trust, password, MD5, SCRAM-SHA-256), optional TLS, then one statement at a
 * time, each in a single write.
 *
 * <p>Why not pgjdbc: streaming a result with pgjdbc needs a server-side cursor, hence a
 * transaction, hence a {@code COMMIT} round trip after every query — on the benchmark's
 * select-only load that was a second round trip per query, for the proxy and for PostgreSQL.
 * Here a statement is Parse, Bind, Describe, Execute (all rows) and Sync in one write (or one
 * simple Query, see {@link #sendStatement}); the rows
 * come back as PostgreSQL produces them and TCP's flow control is the backpressure: a reader that
 * stops reading stops the server after a socket buffer's worth.
 *
 * <p>Not thread-safe: one thread at a time reads and writes (the statement's). Other threads
 * only {@link #abort()} it or send a cancel request on a connection of their own
 * ({@link PgCancelRequest}).
 */
final class PgBackendConnection implements AutoCloseable {
    static final int PROTOCOL_3_0 = 196_608;
    private static final int SSL_REQUEST_CODE = 80_877_103;
    /**
     * The largest message (so the largest row) read into memory. A bigger row fails its query
     * with a clear error instead of exhausting the heap every other query shares.
     */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    /** Most prepared statements kept per connection (pgjdbc keeps 256 per connection too). */
    static final int PREPARED_STATEMENTS = 256;
    /** Names of Switchboard's prepared statements; a prefix no application is likely to use. */
    static final String PREPARED_NAME_PREFIX = "switchboard_";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PgMessageWriter writer = new PgMessageWriter();
    private int processId;
    private int secretKey;
    private boolean broken;
    private boolean sessionChanged;
    private long idleSinceNanos = System.nanoTime();

    /**
     * Statements this connection has prepared, by text and declared parameter types, least
     * recently used first. Bounded: each one holds its plan in the backend's memory.
     */
    private final Map<PreparedKey, String> prepared = new LinkedHashMap<>(16, 0.75f, true);
    private int preparedNames;
    /** The prepared statement the statement in flight runs; null when it went as plain text. */
    private PreparedKey inFlight;
    /** The statement the statement in flight parsed, until PostgreSQL confirms it with ParseComplete. */
    private PreparedKey unconfirmed;
    /** Prepared statements to close with the next write. */
    private final List<String> toClose = new ArrayList<>();

    // Read buffer: bytes [position, limit) are received and not yet consumed.
    private byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    // Where the body of the message last returned by next() lies in the buffer.
    private int bodyStart;
    private int bodyLength;

    private PgBackendConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects, negotiates TLS as configured and authenticates; the connection is then idle. */
    static PgBackendConnection open(JdbcEngineConfig config, Map<String, String> startupParameters) throws IOException {
        Socket socket = new Socket();
        try {
            int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.connectTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(config.endpoint().host(), config.endpoint().port()), timeoutMillis);
            // The whole startup is bounded by the connect timeout; statements then wait as long as they run.
            socket.setSoTimeout(timeoutMillis);
            Socket negotiated = PgTls.negotiate(socket, config);
            PgBackendConnection connection = new PgBackendConnection(negotiated);
            connection.startup(config, startupParameters);
            negotiated.setSoTimeout(0);
            return connection;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** The 8-byte SSLRequest, sent before anything else when TLS is wanted. */
    static byte[] sslRequest() {
        return new byte[] {0, 0, 0, 8, (byte) (SSL_REQUEST_CODE >>> 24), (byte) (SSL_REQUEST_CODE >>> 16),
                (byte) (SSL_REQUEST_CODE >>> 8), (byte) SSL_REQUEST_CODE};
    }

    int processId() {
        return processId;
    }

    int secretKey() {
        return secretKey;
    }

    /** True once an I/O error or a protocol surprise made the connection unusable. */
    boolean broken() {
        return broken;
    }

    void markBroken() {
        broken = true;
    }

    /**
     * True once a statement changed a setting of this session: a {@code SET}, or a setting
     * PostgreSQL reports (ParameterStatus: {@code client_encoding}, {@code DateStyle},
     * {@code standard_conforming_strings}, {@code TimeZone}, the session's role...) changed by
     * {@code set_config()}. Such a connection is not given to the next statement: the setting
     * would carry over to another client, and the decoder and the guardrails rely on the settings
     * the connection started with.
     */
    boolean sessionChanged() {
        return sessionChanged;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    void markIdle() {
        idleSinceNanos = System.nanoTime();
    }

    /**
     * Whether an idle connection can take a statement: PostgreSQL sends a FATAL error before it
     * closes a session (shutdown, {@code pg_terminate_backend}, idle timeouts), so any byte
     * waiting on an idle connection means it is gone.
     */
    boolean idleAndAlive() {
        if (broken || position != limit || socket.isClosed()) {
            return false;
        }
        try {
            return in.available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends a statement without parameters: a simple Query when the text is one statement to any
     * PostgreSQL ({@link PgSimpleQuery}), else Parse, Bind (text results), Describe of the portal,
     * Execute of all rows and Sync. Both answer with the same messages but for ParseComplete and
     * BindComplete; rows come as text either way.
     */
    void sendStatement(String sql) throws IOException {
        writer.reset();
        inFlight = null;
        // Prepared statements waiting to be closed go with an extended-protocol statement, whose Sync ends them too.
        if (toClose.isEmpty() && PgSimpleQuery.eligible(sql)) {
            writer.query(sql);
        } else {
            closePending();
            writer.parse(sql).bindUnnamedTextResults().describePortal().executeAll().sync();
        }
        write();
    }

    /**
     * Sends a statement whose parameters travel apart: Bind of the connection's prepared statement
     * for that text and those declared types, with a Parse first when the connection has none yet,
     * then Describe, Execute of all rows and Sync. PostgreSQL then parses the text once per
     * connection and may reuse its plan, as it does for a client's own prepared statements.
     */
    void sendParameterized(ParameterizedSql statement) throws IOException {
        writer.reset();
        closePending();
        PreparedKey key = new PreparedKey(statement.sql(), statement.typeOids());
        String name = prepared.get(key);
        inFlight = key;
        unconfirmed = null;
        if (name == null) {
            if (prepared.size() >= PREPARED_STATEMENTS) {
                Iterator<String> eldest = prepared.values().iterator();
                writer.closeStatement(eldest.next());
                eldest.remove();
            }
            name = PREPARED_NAME_PREFIX + ++preparedNames;
            writer.parse(name, statement.sql(), statement.typeOids());
            prepared.put(key, name);
            unconfirmed = key;
        }
        writer.bindTextResults(name, statement.formats(), statement.values()).describePortal().executeAll().sync();
        write();
    }

    /** ParseComplete arrived: the statement parsed by the statement in flight exists. */
    void parseConfirmed() {
        unconfirmed = null;
    }

    /**
     * The statement in flight failed. A Parse it sent that PostgreSQL did not confirm created
     * nothing; when the error says a prepared statement is outdated, this one is forgotten too
     * (and closed on the server, should it still exist), so that the next use parses it afresh.
     */
    void statementFailed(PgProtocolException error) {
        if (unconfirmed != null) {
            prepared.remove(unconfirmed);
            unconfirmed = null;
        }
        if (inFlight != null && error.preparedStatementOutdated()) {
            String name = prepared.remove(inFlight);
            if (name != null) {
                toClose.add(name);
            }
        }
    }

    private void closePending() {
        for (String name : toClose) {
            writer.closeStatement(name);
        }
        toClose.clear();
    }

    /** Sends Parse, Describe of the statement and Sync: the statement's parameters and columns, nothing run. */
    void sendDescribe(String sql) throws IOException {
        writer.reset();
        inFlight = null;
        writer.parse(sql).describeStatement().sync();
        write();
    }

    /** Sends a simple-protocol query (several statements allowed); only for the adapter's own statements. */
    void sendSimpleQuery(String sql) throws IOException {
        writer.reset();
        writer.query(sql);
        write();
    }

    private void write() throws IOException {
        try {
            out.write(writer.array(), 0, writer.size());
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /**
     * Reads the next message, blocking until it is complete. Its type is returned; its body is
     * in {@link #body()} from {@link #bodyStart()} for {@link #bodyLength()} bytes, valid until
     * the next call.
     */
    byte next() throws IOException {
        try {
            ensure(5);
            byte type = buffer[position];
            int length = readInt(buffer, position + 1);
            if (length < 4) {
                broken = true;
                throw new IOException("PostgreSQL sent a message of type '" + (char) type + "' with an invalid length " + length);
            }
            if (length > MAX_MESSAGE_BYTES) {
                broken = true;
                throw new PgProtocolException("54000", "a " + (type == 'D' ? "row" : "message") + " of " + length
                        + " bytes is larger than Switchboard reads from PostgreSQL (" + (MAX_MESSAGE_BYTES >> 20)
                        + " MiB); select less per row, for example substring() of the large values");
            }
            ensure(1 + length);
            bodyStart = position + 5;
            bodyLength = length - 4;
            position += 1 + length;
            if (type == 'S' || type == 'C' && isSetTag()) {
                sessionChanged = true;
            }
            return type;
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** The type of the next message if it is already fully received, else 0; never blocks. */
    byte peekBuffered() {
        if (limit - position < 5) {
            return 0;
        }
        int length = readInt(buffer, position + 1);
        return limit - position >= 1 + length ? buffer[position] : 0;
    }

    byte[] body() {
        return buffer;
    }

    int bodyStart() {
        return bodyStart;
    }

    int bodyLength() {
        return bodyLength;
    }

    /** Whether the CommandComplete just read is a SET's ("SET", zero-terminated). */
    private boolean isSetTag() {
        return bodyLength == 4 && buffer[bodyStart] == 'S' && buffer[bodyStart + 1] == 'E' && buffer[bodyStart + 2] == 'T'
                && buffer[bodyStart + 3] == 0;
    }

    /** How long a read may wait before it fails with SocketTimeoutException; 0 waits forever. */
    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Closes the socket at once, from any thread: a reader blocked on it fails. */
    void abort() {
        broken = true;
        closeQuietly(socket);
    }

    /** Says goodbye (Terminate) when the connection is healthy, then closes it. */
    @Override
    public void close() {
        if (!broken && !socket.isClosed()) {
            try {
                out.write(new byte[] {'X', 0, 0, 0, 4});
                out.flush();
            } catch (IOException e) {
                // closing anyway
            }
        }
        abort();
    }

    // ---- startup ------------------------------------------------------------------------------

    private void startup(JdbcEngineConfig config, Map<String, String> startupParameters) throws IOException {
        writer.reset();
        writer.startup(startupParameters);
        write();
        String user = startupParameters.getOrDefault("user", "");
        PgScramClient scram = null;
        while (true) {
            byte type = next();
            switch (type) {
                case 'R' -> {
                    int code = readInt(buffer, bodyStart);
                    switch (code) {
                        case 0 -> { } // AuthenticationOk
                        case 3 -> sendPassword(password(config).getBytes(StandardCharsets.UTF_8));
                        case 5 -> sendPassword(md5Password(user, password(config), buffer, bodyStart + 4));
                        case 10 -> {
                            String mechanisms = new String(buffer, bodyStart + 4, bodyLength - 4, StandardCharsets.UTF_8);
                            if (!mechanisms.contains(PgScramClient.MECHANISM + "\0")) {
                                throw new PgProtocolException("28000", "PostgreSQL offers no SASL mechanism Switchboard speaks ("
                                        + mechanisms.replace('\0', ' ').trim() + ")");
                            }
                            scram = new PgScramClient(password(config));
                            writer.reset();
                            writer.saslInitialResponse(PgScramClient.MECHANISM, scram.clientFirstMessage());
                            write();
                        }
                        case 11 -> {
                            requireScram(scram);
                            writer.reset();
                            writer.saslResponse(scram.clientFinalMessage(
                                    new String(buffer, bodyStart + 4, bodyLength - 4, StandardCharsets.UTF_8)));
                            write();
                        }
                        case 12 -> {
                            requireScram(scram);
                            scram.verifyServerFinal(new String(buffer, bodyStart + 4, bodyLength - 4, StandardCharsets.UTF_8));
                        }
                        default -> throw new PgProtocolException("28000", "PostgreSQL asks for an authentication method "
                                + "Switchboard does not speak (code " + code + "); use scram-sha-256, md5, password or trust");
                    }
                }
                case 'K' -> {
                    processId = readInt(buffer, bodyStart);
                    secretKey = readInt(buffer, bodyStart + 4);
                }
                case 'S', 'N', 'v' -> { } // settings the server reports, notices, a protocol negotiation (3.0 is the base)
                case 'E' -> throw PgProtocolException.fromErrorResponse(buffer, bodyStart, bodyLength);
                case 'Z' -> {
                    sessionChanged = false; // the settings reported during startup are the ones it starts with
                    return;
                }
                default -> throw new PgProtocolException("08P01", "PostgreSQL sent an unexpected message '" + (char) type
                        + "' during startup");
            }
        }
    }

    private static void requireScram(PgScramClient scram) throws PgProtocolException {
        if (scram == null) {
            throw new PgProtocolException("08P01", "PostgreSQL continued a SASL exchange that was never started");
        }
    }

    private void sendPassword(byte[] password) throws IOException {
        writer.reset();
        writer.password(password);
        write();
    }

    private static String password(JdbcEngineConfig config) throws PgProtocolException {
        return config.password().orElseThrow(() -> new PgProtocolException("28P01",
                "PostgreSQL asks for a password and the cluster has none configured (key 'password')"));
    }

    /** {@code "md5" + md5hex(md5hex(password + user) + salt)}, as PostgreSQL's MD5 method expects. */
    private static byte[] md5Password(String user, String password, byte[] salt, int saltStart) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] inner = hex(md5.digest((password + user).getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            md5.update(inner);
            md5.update(salt, saltStart, 4);
            return ("md5" + hex(md5.digest())).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return text.toString();
    }

    // ---- buffer -------------------------------------------------------------------------------

    /** Makes at least {@code count} unread bytes available, compacting or growing the buffer. */
    private void ensure(int count) throws IOException {
        if (limit - position >= count) {
            return;
        }
        if (count > buffer.length) {
            byte[] bigger = new byte[Math.max(count, buffer.length * 2)];
            System.arraycopy(buffer, position, bigger, 0, limit - position);
            limit -= position;
            position = 0;
            buffer = bigger;
        } else if (buffer.length - position < count) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit - position < count) {
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                throw new EOFException("PostgreSQL closed the connection");
            }
            limit += read;
        }
    }

    static int readInt(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8) | (bytes[at + 3] & 0xff);
    }

    static int readShort(byte[] bytes, int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    static int indexOfZero(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return end;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** A prepared statement's identity: its text and the parameter types it was parsed with. */
    private record PreparedKey(String sql, int[] typeOids) {
        @Override
        public boolean equals(Object other) {
            return other instanceof PreparedKey key && key.sql.equals(sql) && Arrays.equals(key.typeOids, typeOids);
        }

        @Override
        public int hashCode() {
            return sql.hashCode() * 31 + Arrays.hashCode(typeOids);
        }
    }
}
