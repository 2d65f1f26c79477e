#!/usr/bin/env bash
# The PostgreSQL-frontend baseline (issue: the spine): latency and QPS of SELECT 1 and a TPC-H
# point lookup at 1, 8 and 64 connections, and rows/s of a 10-million-row stream, through a
# Switchboard process running the embedded default (DuckDB, TPC-H SF 0.01) with a 256 MB heap.
#
#   bench/postgres-baseline.sh            # full run (about 6 minutes)
#   ROUNDS=2 ROUND_SECONDS=2 bench/postgres-baseline.sh   # quick look
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./switchboard build -q >/dev/null
JAVA="$(./switchboard java-home)/bin/java"
WORK="$(mktemp -d)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$JAVA" -Xmx"${HEAP:-256m}" -jar server/target/switchboard-server.jar start --data-dir "$WORK/data" \
    --set frontends.postgresWire.port=0 --set adminApi.port=0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
for _ in $(seq 1 600); do
    PORT="$(grep -oP 'postgresWire\s+\S+:\K\d+' "$WORK/server.out" || true)"
    [[ -n "$PORT" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$PORT" ]] || { echo "server did not start" >&2; exit 1; }
URL="jdbc:postgresql://127.0.0.1:$PORT/tpch"
CP="bench/target/switchboard-bench.jar:bench/target/lib/*"
echo "# Switchboard $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, server heap ${HEAP:-256m}"
"$JAVA" -cp "$CP" io.switchboard.bench.PostgresLoad \
    --target switchboard="$URL" \
    --query select1="SELECT 1" \
    --query point="SELECT c_name, c_acctbal FROM customer WHERE c_custkey = ?" \
    --max-key 1500 --connections "${CONNECTIONS:-1,8,64}" \
    --rounds "${ROUNDS:-5}" --round-seconds "${ROUND_SECONDS:-4}" --warmup-seconds 3
"$JAVA" -cp "$CP" io.switchboard.bench.StreamRate \
    --target switchboard="$URL" \
    --sql "SELECT i, i * 2 AS doubled, 'row ' || i AS label FROM range(10000000) t(i)" \
    --fetch-size 10000 --repetitions "${REPETITIONS:-3}"
