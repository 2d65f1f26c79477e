#!/usr/bin/env bash
# Direct PostgreSQL against the same PostgreSQL through Switchboard (issue #5), in one run:
#   1. added latency of SELECT 1 and a point lookup (pgjdbc, extended protocol, one connection),
#      direct and proxied rounds interleaved; p50/p95/p99 of proxy minus direct;
#   2. throughput of pgbench -S (-M simple and -M extended) at 8 and 64 clients, direct and
#      proxied runs interleaved; proxy TPS as a fraction of direct TPS;
#   3. rows/s of a 10-million-row result (pgjdbc cursor fetch of 10000 rows), direct and
#      proxied repetitions interleaved, with Switchboard at -Xmx256m.
# It starts its own PostgreSQL 15 (a temporary cluster, loopback, trust authentication) and its
# own Switchboard (one `engine: postgres` cluster pointing at it, PostgreSQL frontend with trust
# authentication, feedback store and metrics on as by default), and stops both at the end.
#
#   bench/postgres-direct-vs-proxy.sh                                # full run (about 12 minutes)
#   ROUNDS=2 ROUND_SECONDS=2 PGBENCH_ROUNDS=1 PGBENCH_SECONDS=3 REPETITIONS=1 bench/postgres-direct-vs-proxy.sh
#
# Knobs: ROUNDS, ROUND_SECONDS (latency rounds per target), PGBENCH_ROUNDS, PGBENCH_SECONDS,
# PGBENCH_CLIENTS (8,64), REPETITIONS (stream), STREAM_ROWS (10000000), SCALE (pgbench scale, 10),
# HEAP (Switchboard's heap, 256m), POOL_SIZE (Switchboard's connections to PostgreSQL, 64),
# SKIP_BUILD=1 (use the jars already built), PIN=1 (pin client, PostgreSQL and Switchboard to
# cores, see below), SERVER_JAVA_OPTS (extra JVM options for Switchboard, e.g. a JFR recording),
# PGBOUNCER=1 (pgbouncer, from Debian's archive, as one more target: what forwarding alone costs),
# FLOOR=1 (ForwardingFloor, a JVM process that only copies bytes, as one more target: the least a
# Java proxy costs here),
# COMPARE_JAR (a second build's switchboard-server.jar, e.g. main's, measured as one more target
# in the same interleaved rounds) and COMPARE_NAME (its label, "compare").
#
# The machine has 2 cores, shared by the client, PostgreSQL and (in proxied runs) Switchboard.
# By default nothing is pinned and the scheduler spreads all three over both cores, which is what
# a deployment on a small box looks like. PIN=1 runs the clients (PostgresLoad, pgbench,
# StreamRate) on core 0 and PostgreSQL and Switchboard on core 1, so the client never competes
# with the server side; direct runs then have a whole core for PostgreSQL, proxied runs share it
# with Switchboard.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    ./switchboard build -q >/dev/null
fi
JAVA="$(./switchboard java-home)/bin/java"
CP="bench/target/switchboard-bench.jar:bench/target/lib/*"

ROUNDS="${ROUNDS:-10}"
ROUND_SECONDS="${ROUND_SECONDS:-3}"
PGBENCH_ROUNDS="${PGBENCH_ROUNDS:-3}"
PGBENCH_SECONDS="${PGBENCH_SECONDS:-10}"
PGBENCH_CLIENTS="${PGBENCH_CLIENTS:-8,64}"
REPETITIONS="${REPETITIONS:-3}"
STREAM_ROWS="${STREAM_ROWS:-10000000}"
SCALE="${SCALE:-10}"
HEAP="${HEAP:-256m}"
POOL_SIZE="${POOL_SIZE:-64}"
CLIENT_CPU=(); SERVER_CPU=()
if [[ "${PIN:-0}" == 1 ]]; then
    CLIENT_CPU=(taskset -c 0); SERVER_CPU=(taskset -c 1)
fi

WORK="$(mktemp -d)"
PG_ROOT="$(mktemp -d)"
SERVER_PIDS=()
as_postgres() {
    # PostgreSQL refuses to run as root; Debian's package provides the `postgres` user.
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
    for pid in "${SERVER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ -f "$PG_ROOT/data/postmaster.pid" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK" "$PG_ROOT"
}
trap cleanup EXIT

free_port() {
    local port
    for _ in $(seq 1 100); do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

# ---- PostgreSQL -------------------------------------------------------------------------------
PG_BIN="$(pg_config --bindir 2>/dev/null || true)"
[[ -x "$PG_BIN/pg_ctl" ]] || PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$PG_BIN/pg_ctl" ]] || { echo "PostgreSQL's server binaries (pg_ctl) were not found" >&2; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench was not found (Debian: postgresql-contrib or postgresql-15)" >&2; exit 1; }
PG_PORT="$(free_port)"
[[ $(id -u) -eq 0 ]] && chown postgres "$PG_ROOT"
as_postgres "$PG_BIN/initdb" -D "$PG_ROOT/data" -A trust -U postgres --no-sync >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
# Durability off (a benchmark, not a database of record) and room for 64 direct plus 64 pooled connections.
as_postgres "${SERVER_CPU[@]}" "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/postgres.log" -w -o \
    "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_ROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
export PGHOST=127.0.0.1 PGUSER=postgres
psql -q -p "$PG_PORT" -d postgres -c "CREATE DATABASE bench" >/dev/null
pgbench -q -i -s "$SCALE" -p "$PG_PORT" bench >"$WORK/pgbench-init.log" 2>&1 || { cat "$WORK/pgbench-init.log" >&2; exit 1; }

# ---- Switchboard ------------------------------------------------------------------------------
cat >"$WORK/switchboard.yaml" <<YAML
switchboard:
  bindAddress: 127.0.0.1
  dataDirectory: $WORK/data
  frontends:
    postgresWire:
      port: 0
      authMethod: trust
  adminApi:
    port: 0
  persistence:
    type: duckDb
    path: feedback.duckdb
auth:
  provider: none
clusters:
  postgres:
    engine: postgres
    endpoint: postgresql://postgres@127.0.0.1:$PG_PORT/bench
    tls: disable
    poolSize: $POOL_SIZE
clusterGroups:
  postgres:
    members: [postgres]
    maxRunningQueries: $POOL_SIZE
routers: []
routingFallback: postgres
YAML
# Every Switchboard to measure: this tree's, and with COMPARE_JAR a second build (say, main's) on
# the same PostgreSQL, measured in the same interleaved rounds, for before/after figures that saw
# the same machine.
PROXIES=(switchboard)
declare -A PROXY_JAR PROXY_PORT PROXY_PID
PROXY_JAR[switchboard]="server/target/switchboard-server.jar"
if [[ -n "${COMPARE_JAR:-}" ]]; then
    COMPARE_NAME="${COMPARE_NAME:-compare}"
    PROXIES+=("$COMPARE_NAME")
    PROXY_JAR[$COMPARE_NAME]="$COMPARE_JAR"
fi
start_switchboard() { # name
    local name="$1" port=""
    sed "s|dataDirectory: .*|dataDirectory: $WORK/data-$name|" "$WORK/switchboard.yaml" >"$WORK/switchboard-$name.yaml"
    # shellcheck disable=SC2086
    "${SERVER_CPU[@]}" "$JAVA" -Xmx"$HEAP" ${SERVER_JAVA_OPTS:-} --add-opens=java.base/java.nio=ALL-UNNAMED \
        --enable-native-access=ALL-UNNAMED -jar "${PROXY_JAR[$name]}" start --config "$WORK/switchboard-$name.yaml" \
        >"$WORK/server-$name.out" 2>"$WORK/server-$name.err" &
    PROXY_PID[$name]=$!
    SERVER_PIDS+=("$!")
    for _ in $(seq 1 600); do
        port="$(grep -oP 'postgresWire\s+\S+:\K\d+' "$WORK/server-$name.out" || true)"
        [[ -n "$port" ]] && break
        kill -0 "${PROXY_PID[$name]}" 2>/dev/null || { cat "$WORK/server-$name.out" "$WORK/server-$name.err" >&2; exit 1; }
        sleep 0.1
    done
    [[ -n "$port" ]] || { echo "Switchboard ($name) did not start" >&2; cat "$WORK/server-$name.out" >&2; exit 1; }
    PROXY_PORT[$name]="$port"
}
for name in "${PROXIES[@]}"; do
    start_switchboard "$name"
done
# PGBOUNCER=1: pgbouncer as one more target, a reference for what forwarding alone costs on this
# machine (a C pooler that reads no SQL). Session pooling, so that pgjdbc's named statements work
# with the pgbouncer Debian ships (1.18 keeps none in transaction pooling).
if [[ "${PGBOUNCER:-0}" == 1 ]]; then
    command -v pgbouncer >/dev/null || { echo "pgbouncer was not found (Debian: apt-get install pgbouncer)" >&2; exit 1; }
    BOUNCER_PORT="$(free_port)"
    cat >"$PG_ROOT/pgbouncer.ini" <<INI
[databases]
bench = host=127.0.0.1 port=$PG_PORT dbname=bench user=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $PG_ROOT/pgbouncer-users.txt
pool_mode = session
default_pool_size = $POOL_SIZE
max_client_conn = 300
logfile = $PG_ROOT/pgbouncer.log
pidfile = $PG_ROOT/pgbouncer.pid
INI
    echo '"postgres" ""' >"$PG_ROOT/pgbouncer-users.txt"
    [[ $(id -u) -eq 0 ]] && chown postgres "$PG_ROOT/pgbouncer.ini" "$PG_ROOT/pgbouncer-users.txt"
    as_postgres "${SERVER_CPU[@]}" pgbouncer -d "$PG_ROOT/pgbouncer.ini" || { cat "$PG_ROOT/pgbouncer.log" >&2; exit 1; }
    for _ in $(seq 1 50); do [[ -s "$PG_ROOT/pgbouncer.pid" ]] && break; sleep 0.1; done
    PROXIES+=(pgbouncer)
    PROXY_PORT[pgbouncer]="$BOUNCER_PORT"
    PROXY_PID[pgbouncer]="$(cat "$PG_ROOT/pgbouncer.pid")"
    SERVER_PIDS+=("${PROXY_PID[pgbouncer]}")
fi

# FLOOR=1: the bench module's ForwardingFloor as one more target, the reference for what a JVM
# process costs when it forwards bytes and does nothing else (no SQL read, no pool, no record).
if [[ "${FLOOR:-0}" == 1 ]]; then
    "${SERVER_CPU[@]}" "$JAVA" -Xmx"$HEAP" -cp "$CP" io.switchboard.bench.ForwardingFloor \
        --port 0 --server "127.0.0.1:$PG_PORT" >"$WORK/server-floor.out" 2>"$WORK/server-floor.err" &
    PROXY_PID[floor]=$!
    SERVER_PIDS+=("$!")
    for _ in $(seq 1 100); do
        PROXY_PORT[floor]="$(grep -oP '^listening on \K\d+' "$WORK/server-floor.out" || true)"
        [[ -n "${PROXY_PORT[floor]}" ]] && break
        sleep 0.1
    done
    [[ -n "${PROXY_PORT[floor]}" ]] || { echo "ForwardingFloor did not start" >&2; cat "$WORK/server-floor.err" >&2; exit 1; }
    PROXIES+=(floor)
fi

DIRECT_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/bench"
TARGETS=(--target direct="$DIRECT_URL")
for name in "${PROXIES[@]}"; do
    TARGETS+=(--target "$name=jdbc:postgresql://127.0.0.1:${PROXY_PORT[$name]}/bench")
done
echo "# Switchboard $(git rev-parse --short HEAD 2>/dev/null || echo '?')$([[ -n "${COMPARE_JAR:-}" ]] && echo " and $COMPARE_NAME ($COMPARE_JAR)"), $(nproc) cores shared by client, PostgreSQL and Switchboard$([[ "${PIN:-0}" == 1 ]] && echo ' (client on core 0, servers on core 1)'), Switchboard heap $HEAP, pool $POOL_SIZE, pgbench scale $SCALE"
echo "# PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT; Switchboard ports: $(for n in "${PROXIES[@]}"; do printf '%s=%s ' "$n" "${PROXY_PORT[$n]}"; done); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. added latency -------------------------------------------------------------------------
echo
echo "## Latency, one connection, pgjdbc extended protocol (microseconds; 'added' = proxy minus direct)"
"${CLIENT_CPU[@]}" "$JAVA" -cp "$CP" io.switchboard.bench.PostgresLoad \
    "${TARGETS[@]}" --baseline direct \
    --user postgres --password unused \
    --query select1="SELECT 1" \
    --query point="SELECT abalance FROM pgbench_accounts WHERE aid = ?" --max-key $((SCALE * 100000)) \
    --connections 1 --rounds "$ROUNDS" --round-seconds "$ROUND_SECONDS" --warmup-seconds 3 | tee "$WORK/latency.txt"

# ---- 2. pgbench -S ------------------------------------------------------------------------------
echo
echo "## pgbench -S (select-only), $PGBENCH_ROUNDS interleaved runs of ${PGBENCH_SECONDS}s per target, median TPS"
run_pgbench() { # target port mode clients seconds -> prints TPS (0 when the run failed)
    local out
    out="$("${CLIENT_CPU[@]}" pgbench -n -S -M "$3" -c "$4" -j 2 -T "$5" -p "$2" bench 2>&1)" || true
    if grep -q '^tps = ' <<<"$out"; then
        grep -oP '^tps = \K[0-9.]+' <<<"$out" | head -1
        grep -E 'failed transactions: [1-9]|aborted' <<<"$out" | sed "s/^/pgbench against $1: /" >&2 || true
    else
        echo "pgbench against $1 failed:" >&2
        tail -5 <<<"$out" >&2
        echo 0
    fi
}
# CPU time (user + system, microseconds) a Switchboard process has used so far.
server_cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.0f", ($14 + $15) * 1000000 / hz }' "/proc/$1/stat"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print v[int((NR + 1) / 2)] }'; }
printf '%-10s %7s %-12s %12s %12s %8s %14s\n' mode clients proxy direct_tps proxy_tps ratio proxy_cpu_us_tx | tee "$WORK/pgbench.txt"
for mode in simple extended; do
    for clients in ${PGBENCH_CLIENTS//,/ }; do
        run_pgbench direct "$PG_PORT" "$mode" "$clients" 3 >/dev/null
        : >"$WORK/direct.tps"
        for name in "${PROXIES[@]}"; do
            run_pgbench "$name" "${PROXY_PORT[$name]}" "$mode" "$clients" 3 >/dev/null
            : >"$WORK/$name.tps"; : >"$WORK/$name.cpu"
        done
        for _ in $(seq 1 "$PGBENCH_ROUNDS"); do
            run_pgbench direct "$PG_PORT" "$mode" "$clients" "$PGBENCH_SECONDS" >>"$WORK/direct.tps"
            for name in "${PROXIES[@]}"; do
                cpu_before="$(server_cpu_us "${PROXY_PID[$name]}")"
                tps="$(run_pgbench "$name" "${PROXY_PORT[$name]}" "$mode" "$clients" "$PGBENCH_SECONDS")"
                cpu_after="$(server_cpu_us "${PROXY_PID[$name]}")"
                echo "$tps" >>"$WORK/$name.tps"
                # The proxy's CPU per transaction: what one query costs it, whatever else runs on the machine.
                awk -v t="$tps" -v s="$PGBENCH_SECONDS" -v b="$cpu_before" -v a="$cpu_after" \
                    'BEGIN { if (t > 0) printf "%.0f\n", (a - b) / (t * s) }' >>"$WORK/$name.cpu"
            done
        done
        direct="$(median <"$WORK/direct.tps")"
        for name in "${PROXIES[@]}"; do
            proxy="$(median <"$WORK/$name.tps")"; cpu="$(median <"$WORK/$name.cpu")"
            awk -v m="$mode" -v c="$clients" -v n="$name" -v d="$direct" -v p="$proxy" -v u="$cpu" \
                'BEGIN { printf "%-10s %7d %-12s %12.0f %12.0f %8.2f %14.0f\n", m, c, n, d, p, (d > 0 ? p / d : 0), u }' \
                | tee -a "$WORK/pgbench.txt"
        done
    done
done

# ---- 3. streaming -----------------------------------------------------------------------------
echo
echo "## Streaming $STREAM_ROWS rows (pgjdbc cursor fetch of 10000 rows), Switchboard at -Xmx$HEAP"
"${CLIENT_CPU[@]}" "$JAVA" -cp "$CP" io.switchboard.bench.StreamRate \
    "${TARGETS[@]}" --baseline direct \
    --user postgres --password unused \
    --sql "SELECT i, i * 2 AS doubled, 'row ' || i AS label FROM generate_series(1, $STREAM_ROWS) AS t(i)" \
    --fetch-size 10000 --repetitions "$REPETITIONS" | tee "$WORK/stream.txt"

for name in "${PROXIES[@]}"; do
    kill -0 "${PROXY_PID[$name]}" 2>/dev/null || { echo "Switchboard ($name) died during the run:" >&2; tail -20 "$WORK/server-$name.err" >&2; exit 1; }
done

# ---- summary ----------------------------------------------------------------------------------
echo
echo "## Summary ($(nproc) cores shared by client, PostgreSQL and Switchboard$([[ "${PIN:-0}" == 1 ]] && echo '; pinned: client core 0, servers core 1'))"
printf '%-12s %-30s %-52s %s\n' proxy measure result target
awk '$1 ~ /^added:/ {
        printf "%-12s %-30s p50 %+.0f us, p95 %+.0f us, p99 %+.0f us%13s <= 150 us p50, <= 400 us p99\n", substr($1, 7), "added latency " $2, $5, $6, $7, ""
     }' "$WORK/latency.txt"
awk 'NR > 1 { printf "%-12s %-30s %.2fx direct (%.0f vs %.0f tps; %d us CPU/tx)   >= 0.70x\n", $3, "pgbench -S -M " $1 " -c " $2, $6, $5, $4, $7 }' "$WORK/pgbench.txt"
awk '$2 == "ratio" { r[$1] = $3 } $2 == "median" { m[$1] = $3 }
     END { for (n in r) printf "%-12s %-30s %.2fx direct (%.0f vs %.0f rows/s)%14s >= 0.80x\n", n, "streaming rows/s", r[n], m[n], m["direct"], "" }' "$WORK/stream.txt"
