# Shared plumbing of the scripts in scripts/bench/ (sourced, not run): a work directory
# removed at exit, the simulated agencies and gateways started on loopback and stopped at
# exit, faults at the agencies, load runs, and the result row every script ends with.
#
# A script sources it, then calls bench_init; everything it starts is stopped by the EXIT trap.
# Environment: UNDERLAG_BIN (default target/release/underlag, built when missing).

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=${UNDERLAG_BIN:-target/release/underlag}
BENCH_PIDS=()

bench_init() {
    [ -x "$BIN" ] || cargo build --release -p underlag
    WORK=$(mktemp -d)
    export UNDERLAG_DATA_DIR="$WORK"
    trap bench_cleanup EXIT
}

bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "${BENCH_DROP_DB:-}" ]; then dropdb -h 127.0.0.1 -U postgres --if-exists "$BENCH_DROP_DB" || true; fi
    rm -rf "$WORK"
}

# The machine and its load, for the record.
machine_line() {
    echo "machine: $(nproc) cores, $(uname -srm); $(date -u +%Y-%m-%dT%H:%MZ); load average$(uptime | sed 's/.*load average//')"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_sim [--fault SOURCE=FAULT ...]: the seven agencies on ephemeral ports; sets
# SIM_AGENCIES (the [agencies] block) and SIM_CONTROL (the fault control URL).
start_sim() {
    "$BIN" sim --base-port 0 "$@" >"$WORK/sim.out" 2>"$WORK/sim.err" &
    BENCH_PIDS+=($!)
    local _
    for _ in $(seq 200); do grep -q '^Population' "$WORK/sim.out" 2>/dev/null && break; sleep 0.1; done
    grep -q '^Population' "$WORK/sim.out" || { cat "$WORK/sim.err" >&2; return 1; }
    SIM_CONTROL=$(sed -n 's/^Fault control: \(http:[^ ]*\)\/faults.*/\1/p' "$WORK/sim.out")
    SIM_AGENCIES=$(sed -n '/^\[agencies\]/,/^$/p' "$WORK/sim.out")
}

# write_config FILE PORT DATABASE_URL [EXTRA_TOML]: a gateway configuration on loopback with
# query-time registration on (every load query is a new case), the sim's agencies, a shared
# signing key in the work directory.
write_config() {
    cat >"$1" <<TOML
[server]
listen = "127.0.0.1:$2"
max_connections = 4096
[database]
url = "$3"
[audit]
signing_key_file = "$WORK/audit-signing.key"
[binding]
auto_register_first_query = true
${4:-}
$SIM_AGENCIES
TOML
}

# connect_exempelkommun CONFIG: the demo organisation, entitled to the seven v10 sources.
connect_exempelkommun() {
    "$BIN" --config "$1" admin --create-database connection add 2120000142 --name Exempelkommun \
        --unit "Socialnämnden" --source FK,AF,CSN,SKV,SO,TNS,MIV >/dev/null 2>>"$WORK/admin.err"
}

# start_gateway CONFIG NAME: `underlag serve`; sets GATEWAY_PID and GATEWAY_URL once ready.
start_gateway() {
    local port
    port=$(sed -n 's/^listen = "127.0.0.1:\([0-9]*\)"/\1/p' "$1")
    "$BIN" --config "$1" serve 2>"$WORK/$2.err" &
    GATEWAY_PID=$!
    BENCH_PIDS+=("$GATEWAY_PID")
    GATEWAY_URL="http://127.0.0.1:$port"
    local _
    for _ in $(seq 300); do curl -sf "$GATEWAY_URL/health/ready" >/dev/null && return 0; sleep 0.1; done
    cat "$WORK/$2.err" >&2
    return 1
}

# gateway_stack [EXTRA_TOML]: sim, SQLite store, connection, one gateway (the usual setup).
gateway_stack() {
    start_sim
    CONFIG="$WORK/underlag.toml"
    write_config "$CONFIG" "$(free_port)" "sqlite://$WORK/audit.db" "${1:-}"
    connect_exempelkommun "$CONFIG"
    start_gateway "$CONFIG" gateway
}

# fault SOURCE JSON: e.g. fault tns '{"kind":"hang"}'; fault_all JSON for the seven; no_faults.
fault() {
    curl -sf -X PUT "$SIM_CONTROL/faults/$1" -H 'content-type: application/json' -d "$2" >/dev/null
}
fault_all() {
    local source
    for source in fk af csn skv so tns miv; do fault "$source" "$1"; done
}
no_faults() {
    curl -sf -X DELETE "$SIM_CONTROL/faults" >/dev/null
}

# load [OPTIONS...]: one `underlag load --json` run against GATEWAY_URL (unless the options
# name gateways of their own); prints its JSON report.
load() {
    local has_gateway=0 a
    for a in "$@"; do [ "$a" = --gateway ] && has_gateway=1; done
    if [ "$has_gateway" = 1 ]; then
        "$BIN" --config "$CONFIG" load --json "$@" 2>>"$WORK/load.err"
    else
        "$BIN" --config "$CONFIG" load --json --gateway "$GATEWAY_URL" "$@" 2>>"$WORK/load.err"
    fi
}

# calc PYTHON_EXPRESSION [NAME=JSON ...]: evaluates the expression with each JSON bound to
# its name (as a dict, or a number); prints the value.
calc() {
    python3 - "$@" <<'PY'
import json, sys
env = {}
for arg in sys.argv[2:]:
    name, _, text = arg.partition("=")
    env[name] = json.loads(text)
value = eval(sys.argv[1], {}, env)
print(f"{value:.2f}" if isinstance(value, float) else value)
PY
}

# row NUMBER NAME RESULT TARGET MET(1/0) [NOTE]: the line `scripts/bench/all` collects into
# the Markdown table, and the script's verdict.
row() {
    local verdict="met"
    [ "$5" = 1 ] || verdict="**missed**"
    echo "ROW | $1 | $2 | $3 | $4 | $verdict | ${6:-} |"
    echo "verdict: $2: $verdict ($3; target $4)"
}
