package io.switchboard.wire.postgres;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A hand-driven PostgreSQL client over a plain socket, for testing what real clients never send. */
final class RawClient implements AutoCloseable {
    /** One message from the server. */
    record Message(char type, byte[] body) {
        /** The fields of an ErrorResponse or NoticeResponse by their code. */
        Map<Character, String> fields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int i = 0;
            while (i < body.length && body[i] != 0) {
                char code = (char) body[i++];
                int end = i;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
                i = end + 1;
            }
            return fields;
        }

        String sqlState() {
            return fields().get('C');
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Sends a StartupMessage for protocol 3.0 and reads up to the first ReadyForQuery (trust servers). */
    RawClient startTrusted(String user) throws IOException {
        sendStartup(196608, "user", user, "database", "analytics");
        while (true) {
            Message message = read();
            if (message.type() == 'Z') {
                return this;
            }
            if (message.type() == 'E') {
                throw new IOException("startup failed: " + message.fields());
            }
        }
    }

    void sendStartup(int version, String... parameters) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(body);
        data.writeInt(version);
        for (String parameter : parameters) {
            data.write(parameter.getBytes(StandardCharsets.UTF_8));
            data.write(0);
        }
        data.write(0);
        out.writeInt(body.size() + 4);
        out.write(body.toByteArray());
        out.flush();
    }

    /** A typed message with the given body; the length is computed. */
    void send(char type, byte[] body) throws IOException {
        out.writeByte(type);
        out.writeInt(body.length + 4);
        out.write(body);
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void query(String sql) throws IOException {
        send('Q', cString(sql));
    }

    static byte[] cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        return result;
    }

    Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    int readByte() throws IOException {
        return in.read();
    }

    /** Reads until a message of this type, returning it (errors and notices on the way are skipped). */
    Message readUntil(char type) throws IOException {
        while (true) {
            Message message = read();
            if (message.type() == type) {
                return message;
            }
        }
    }

    /** True once the server has closed the connection (reads up to the end). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain what the server sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
