package io.switchboard.wire.postgres;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** Writes the server's messages of protocol 3.0 into a buffer. Stateless. */
final class BackendMessages {
    static final char STATUS_IDLE = 'I';
    static final char STATUS_IN_TRANSACTION = 'T';
    static final char STATUS_FAILED_TRANSACTION = 'E';

    private BackendMessages() {}

    /** One column of a RowDescription. */
    record Field(String name, PgType type, int typeModifier, int format) {}

    static void authenticationOk(ByteBuf out) {
        authentication(out, 0);
    }

    static void authenticationCleartextPassword(ByteBuf out) {
        authentication(out, 3);
    }

    static void authenticationMd5Password(ByteBuf out, byte[] salt) {
        int start = begin(out, 'R');
        out.writeInt(5);
        out.writeBytes(salt);
        end(out, start);
    }

    static void authenticationSasl(ByteBuf out, List<String> mechanisms) {
        int start = begin(out, 'R');
        out.writeInt(10);
        for (String mechanism : mechanisms) {
            writeString(out, mechanism);
        }
        out.writeByte(0);
        end(out, start);
    }

    static void authenticationSaslContinue(ByteBuf out, byte[] data) {
        int start = begin(out, 'R');
        out.writeInt(11);
        out.writeBytes(data);
        end(out, start);
    }

    static void authenticationSaslFinal(ByteBuf out, byte[] data) {
        int start = begin(out, 'R');
        out.writeInt(12);
        out.writeBytes(data);
        end(out, start);
    }

    private static void authentication(ByteBuf out, int code) {
        int start = begin(out, 'R');
        out.writeInt(code);
        end(out, start);
    }

    static void parameterStatus(ByteBuf out, String name, String value) {
        int start = begin(out, 'S');
        writeString(out, name);
        writeString(out, value);
        end(out, start);
    }

    static void backendKeyData(ByteBuf out, int processId, int secret) {
        int start = begin(out, 'K');
        out.writeInt(processId);
        out.writeInt(secret);
        end(out, start);
    }

    static void negotiateProtocolVersion(ByteBuf out, int newestMinor, List<String> unsupportedOptions) {
        int start = begin(out, 'v');
        out.writeInt((3 << 16) | newestMinor);
        out.writeInt(unsupportedOptions.size());
        for (String option : unsupportedOptions) {
            writeString(out, option);
        }
        end(out, start);
    }

    static void readyForQuery(ByteBuf out, char transactionStatus) {
        int start = begin(out, 'Z');
        out.writeByte(transactionStatus);
        end(out, start);
    }

    static void rowDescription(ByteBuf out, List<Field> fields) {
        int start = begin(out, 'T');
        out.writeShort(fields.size());
        for (Field field : fields) {
            writeString(out, field.name());
            out.writeInt(0); // table OID: results are not tied to a PostgreSQL table
            out.writeShort(0); // column attribute number
            out.writeInt(field.type().oid());
            out.writeShort(field.type().length());
            out.writeInt(field.typeModifier());
            out.writeShort(field.format());
        }
        end(out, start);
    }

    static void parameterDescription(ByteBuf out, int[] typeOids) {
        int start = begin(out, 't');
        out.writeShort(typeOids.length);
        for (int oid : typeOids) {
            out.writeInt(oid);
        }
        end(out, start);
    }

    static void commandComplete(ByteBuf out, String tag) {
        int start = begin(out, 'C');
        writeString(out, tag);
        end(out, start);
    }

    static void parseComplete(ByteBuf out) {
        empty(out, '1');
    }

    static void bindComplete(ByteBuf out) {
        empty(out, '2');
    }

    static void closeComplete(ByteBuf out) {
        empty(out, '3');
    }

    static void noData(ByteBuf out) {
        empty(out, 'n');
    }

    static void portalSuspended(ByteBuf out) {
        empty(out, 's');
    }

    static void emptyQueryResponse(ByteBuf out) {
        empty(out, 'I');
    }

    static void errorResponse(ByteBuf out, PostgresError error) {
        fields(out, error.isNotice() ? 'N' : 'E', error);
    }

    private static void fields(ByteBuf out, char type, PostgresError error) {
        int start = begin(out, type);
        String severity = error.severity().name();
        out.writeByte('S');
        writeString(out, severity);
        out.writeByte('V');
        writeString(out, severity);
        out.writeByte('C');
        writeString(out, error.sqlState());
        out.writeByte('M');
        writeString(out, error.message());
        if (error.detail() != null) {
            out.writeByte('D');
            writeString(out, error.detail());
        }
        if (error.hint() != null) {
            out.writeByte('H');
            writeString(out, error.hint());
        }
        out.writeByte(0);
        end(out, start);
    }

    private static void empty(ByteBuf out, char type) {
        out.writeByte(type);
        out.writeInt(4);
    }

    /** Writes the type byte and a length placeholder; returns where the length goes. */
    static int begin(ByteBuf out, char type) {
        out.writeByte(type);
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        return lengthIndex;
    }

    static void end(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }

    /** A zero-terminated UTF-8 string. A NUL inside would end it early and break framing, so it is replaced. */
    static void writeString(ByteBuf out, String value) {
        String safe = value.indexOf('\0') >= 0 ? value.replace('\0', '\uFFFD') : value;
        Utf8.write(out, safe);
        out.writeByte(0);
    }
}
