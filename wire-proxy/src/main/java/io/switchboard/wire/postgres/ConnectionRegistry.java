package io.switchboard.wire.postgres;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The frontend's open connections by their BackendKeyData process id, so that a CancelRequest
 * arriving on another connection finds the query it names.
 */
final class ConnectionRegistry {
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, PostgresConnection> byProcessId = new ConcurrentHashMap<>();

    /** Gives the connection a random process id no other open connection has. */
    int register(PostgresConnection connection) {
        while (true) {
            int processId = 1 + random.nextInt(Integer.MAX_VALUE - 1);
            if (byProcessId.putIfAbsent(processId, connection) == null) {
                return processId;
            }
        }
    }

    void remove(int processId, PostgresConnection connection) {
        byProcessId.remove(processId, connection);
    }

    /** Cancels the running query of the connection with this id when the secret matches; silent otherwise, as PostgreSQL. */
    boolean cancel(int processId, byte[] secret) {
        PostgresConnection target = byProcessId.get(processId);
        return target != null && target.cancelIfSecretMatches(secret);
    }

    List<PostgresConnection> all() {
        return List.copyOf(byProcessId.values());
    }

    byte[] newSecret() {
        byte[] secret = new byte[4];
        random.nextBytes(secret);
        return secret;
    }
}
