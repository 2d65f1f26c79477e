#!/usr/bin/env bash
# The two doors side by side (issue #3): execute_query of SELECT 1 over MCP streamable HTTP and
# SELECT 1 through the PostgreSQL frontend (pgjdbc), p50/p95 at 1 and 16 concurrent sessions,
# against one Switchboard process running the embedded default with the MCP frontend enabled.
#
#   bench/mcp-vs-postgres.sh                               # full run (about 2 minutes)
#   ROUNDS=2 ROUND_SECONDS=2 bench/mcp-vs-postgres.sh       # quick look
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./switchboard build -q >/dev/null
JAVA="$(./switchboard java-home)/bin/java"
WORK="$(mktemp -d)"
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$JAVA" -Xmx"${HEAP:-256m}" -jar server/target/switchboard-server.jar start --data-dir "$WORK/data" \
    --set frontends.postgresWire.port=0 --set frontends.mcp.enabled=true --set frontends.mcp.port=0 \
    --set adminApi.port=0 >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
PG_PORT=""; MCP_PORT=""
for _ in $(seq 1 600); do
    PG_PORT="$(grep -oP 'postgresWire\s+\S+:\K\d+' "$WORK/server.out" || true)"
    MCP_PORT="$(grep -oP '\bmcp\s+\S+:\K\d+' "$WORK/server.out" || true)"
    [[ -n "$PG_PORT" && -n "$MCP_PORT" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$PG_PORT" && -n "$MCP_PORT" ]] || { echo "server did not report both listeners:" >&2; cat "$WORK/server.out" >&2; exit 1; }
CP="bench/target/switchboard-bench.jar:bench/target/lib/*"
SESSIONS="${SESSIONS:-1,16}"
echo "# Switchboard $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, server heap ${HEAP:-256m}"
"$JAVA" -cp "$CP" io.switchboard.bench.PostgresLoad \
    --target postgres="jdbc:postgresql://127.0.0.1:$PG_PORT/tpch" --query select1="SELECT 1" \
    --connections "$SESSIONS" --rounds "${ROUNDS:-5}" --round-seconds "${ROUND_SECONDS:-4}" --warmup-seconds 3
"$JAVA" -cp "$CP" io.switchboard.bench.McpLoad \
    --url "http://127.0.0.1:$MCP_PORT/mcp" --sql "SELECT 1" --expect '[[1]]' \
    --sessions "$SESSIONS" --rounds "${ROUNDS:-5}" --round-seconds "${ROUND_SECONDS:-4}" --warmup-seconds 3 | tail -n +2
