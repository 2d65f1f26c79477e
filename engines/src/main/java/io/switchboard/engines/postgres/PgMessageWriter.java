package io.switchboard.engines.postgres;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** Builds frontend messages into one reusable array, so that a statement leaves in one write. */
final class PgMessageWriter {
    private static final int[] NO_TYPES = {};
    private static final short[] NO_FORMATS = {};
    private static final byte[][] NO_VALUES = {};

    private byte[] bytes = new byte[1024];
    private int size;
    private int messageStart;

    void reset() {
        size = 0;
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    PgMessageWriter startup(Map<String, String> parameters) {
        parameters.forEach((name, value) -> {
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("PostgreSQL startup parameter '" + name.replace('\0', ' ')
                        + "' contains a zero byte");
            }
        });
        messageStart = size;
        putInt(0);
        putInt(PgBackendConnection.PROTOCOL_3_0);
        parameters.forEach((name, value) -> {
            putString(name);
            putString(value);
        });
        putByte(0);
        patchLength();
        return this;
    }

    PgMessageWriter password(byte[] password) {
        begin('p');
        putBytes(password, 0, password.length);
        putByte(0);
        end();
        return this;
    }

    PgMessageWriter saslInitialResponse(String mechanism, String response) {
        byte[] data = response.getBytes(StandardCharsets.UTF_8);
        begin('p');
        putString(mechanism);
        putInt(data.length);
        putBytes(data, 0, data.length);
        end();
        return this;
    }

    PgMessageWriter saslResponse(String response) {
        byte[] data = response.getBytes(StandardCharsets.UTF_8);
        begin('p');
        putBytes(data, 0, data.length);
        end();
        return this;
    }

    /** Parse of the unnamed statement, no parameter types given. */
    PgMessageWriter parse(String sql) {
        return parse("", sql, NO_TYPES);
    }

    /** Parse of a statement ("" is the unnamed one), with the parameter types the client declared (0 leaves one to the server). */
    PgMessageWriter parse(String statementName, String sql, int[] parameterTypes) {
        begin('P');
        putString(statementName);
        putString(sql);
        putShort(parameterTypes.length);
        for (int type : parameterTypes) {
            putInt(type);
        }
        end();
        return this;
    }

    /** Bind of the unnamed portal to a statement ("" is the unnamed one) with these values; every column comes back in text. */
    PgMessageWriter bindTextResults(String statementName, short[] formats, byte[][] values) {
        begin('B');
        putByte(0);
        putString(statementName);
        putShort(formats.length);
        for (short format : formats) {
            putShort(format);
        }
        putShort(values.length);
        for (byte[] value : values) {
            if (value == null) {
                putInt(-1);
            } else {
                putInt(value.length);
                putBytes(value, 0, value.length);
            }
        }
        putShort(0);
        end();
        return this;
    }

    /** Close of a named statement: PostgreSQL frees it (closing one that does not exist is no error). */
    PgMessageWriter closeStatement(String statementName) {
        begin('C');
        putByte('S');
        putString(statementName);
        end();
        return this;
    }

    /** Bind of the unnamed portal to the unnamed statement: no parameters, every column in text. */
    PgMessageWriter bindUnnamedTextResults() {
        return bindTextResults("", NO_FORMATS, NO_VALUES);
    }

    PgMessageWriter describePortal() {
        begin('D');
        putByte('P');
        putByte(0);
        end();
        return this;
    }

    PgMessageWriter describeStatement() {
        begin('D');
        putByte('S');
        putByte(0);
        end();
        return this;
    }

    /** Execute of the unnamed portal with no row limit. */
    PgMessageWriter executeAll() {
        begin('E');
        putByte(0);
        putInt(0);
        end();
        return this;
    }

    PgMessageWriter sync() {
        begin('S');
        end();
        return this;
    }

    PgMessageWriter query(String sql) {
        begin('Q');
        putString(sql);
        end();
        return this;
    }

    private void begin(char type) {
        putByte(type);
        messageStart = size;
        putInt(0);
    }

    private void end() {
        patchLength();
    }

    private void patchLength() {
        int length = size - messageStart;
        bytes[messageStart] = (byte) (length >>> 24);
        bytes[messageStart + 1] = (byte) (length >>> 16);
        bytes[messageStart + 2] = (byte) (length >>> 8);
        bytes[messageStart + 3] = (byte) length;
    }

    /** A zero-terminated string; callers make sure it holds no zero byte (the engine checks SQL, startup checks its parameters). */
    private void putString(String value) {
        byte[] data = value.getBytes(StandardCharsets.UTF_8);
        putBytes(data, 0, data.length);
        putByte(0);
    }

    private void putInt(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void putShort(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    private void putByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    private void putBytes(byte[] data, int from, int length) {
        ensure(length);
        System.arraycopy(data, from, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
