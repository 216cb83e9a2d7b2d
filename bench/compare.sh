#!/usr/bin/env bash
# Runs the same MQTT loads against Estuary and Mosquitto, one after the other on this machine, and prints a table
# of medians and ratios Estuary/Mosquitto (docs/benchmarks.md explains every column).
#
#   bench/compare.sh [--rounds N] [--warmup S] [--adapter-warmup S] [--duration S] [--scenarios "fanin pairs ..."]
#                    [--skip-build] [--out DIR] [--port P]
#
# - builds Estuary (mvn package, no tests) unless --skip-build, installs Mosquitto with apt-get when missing;
# - each broker is started fresh for every scenario and round, pinned to core 0 (taskset -c 0); the load
#   generator runs pinned to core 1 (taskset -c 1); rounds alternate A B A B ...;
# - every load is bounded in count and time and stays on loopback (127.0.0.x);
# - the generator samples the broker's CPU time and RSS from /proc at the edges of the measured window;
# - raw results: DIR/raw.jsonl (one JSON line per run), DIR/table.md, broker logs in DIR/logs/;
# - the adapter scenarios coap-up, tcp-up, lorawan-up, lwm2m-up run against Estuary only; NAME@RATE offers RATE
#   uplinks/s (e.g. tcp-up@40000) instead of 20,000; lwm2m-up first registers 1,000 LwM2M devices (the JSON line
#   has registrations/s), then sends their notifications of the auto-observed /3303/0/5700 (NON; lwm2m-up-con:
#   CON, each ACKed by the gateway). They warm up for --adapter-warmup seconds (default 40): on one core the JIT
#   needs that long to compile an adapter's path (JSON, HTTP, Californium), and the target is steady state.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"

rounds=3
warmup=10
adapter_warmup=40
duration=15
port=18830
scenarios="fanin fanin-qos1 fanout pairs shared latency retained idle pairs-1k pairs-1m coap-up tcp-up lorawan-up
  lwm2m-up"
build=1
out=""
while (($#)); do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --adapter-warmup) adapter_warmup="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --scenarios) scenarios="$2"; shift 2 ;;
    --skip-build) build=0; shift ;;
    --out) out="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
out="${out:-$root/bench/target/compare-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out/logs"
out="$(cd "$out" && pwd)"  # the broker runs in $out: every path handed to it must be absolute
raw="$out/raw.jsonl"
: > "$raw"

# ---------------------------------------------------------------- tools
if ((build)); then
  echo "== building Estuary and the load generator (mvn -DskipTests package)"
  mvn -B -q -DskipTests package
fi
mosquitto_bin="$(command -v mosquitto || true)"
[[ -z "$mosquitto_bin" && -x /usr/sbin/mosquitto ]] && mosquitto_bin=/usr/sbin/mosquitto
if [[ -z "$mosquitto_bin" ]]; then
  echo "== installing mosquitto"
  sudo=""; [[ "$(id -u)" -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mosquitto
  mosquitto_bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
fi
command -v taskset >/dev/null || { echo "compare.sh: taskset (util-linux) is required" >&2; exit 2; }
estuary="$root/dist/target/estuary/bin/estuary"
jar="$root/bench/target/benchmarks.jar"
[[ -x "$estuary" && -f "$jar" ]] || { echo "compare.sh: build first (or drop --skip-build)" >&2; exit 2; }
if (($(nproc) < 2)); then
  echo "compare.sh: needs 2 cores (broker on core 0, generator on core 1)" >&2; exit 2
fi
# 19,000 idle connections: each side holds one descriptor per connection; this machine allows 20,000 per process
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# ---------------------------------------------------------------- brokers
# Identical settings where both have one: queue of 1000 messages per client, 32 QoS 1 messages in flight per
# client, TCP_NODELAY, no persistence, anonymous access, no connection limit.
cat > "$out/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
max_connections -1
max_inflight_messages 32
max_queued_messages 1000
set_tcp_nodelay true
persistence false
user root
log_type error
log_dest stderr
EOF
mkdir -p "$out/empty-plugins" "$out/adapter-plugins"
# the adapter scenarios (*-up, Estuary only: Mosquitto has no CoAP, private-TCP, LoRaWAN or LwM2M front end) run
# the gateway with the CoAP, private-TCP, LoRaWAN and LwM2M plugins, a ChirpStack HTTP integration endpoint, and
# the LwM2M server observing every registered device's temperature (/3303/0/5700)
for p in gateway-adapter-coap gateway-adapter-custom-tcp-spec gateway-adapter-lorawan gateway-adapter-lwm2m; do
  cp "$root"/dist/target/estuary/plugins/"$p"-*.zip "$out/adapter-plugins/" 2>/dev/null || true
done
cat > "$out/estuary-adapters.yaml" <<EOF
adapters:
  lorawan:
    http: {port: 8090}
    network_servers:
      - name: bench
        type: chirpstack
        http: {path: /chirpstack, secret: bench}
  lwm2m:
    auto_observe: ["/3303/0/5700"]
EOF

# Estuary JVM: a fixed-size young generation keeps the garbage of connects and messages from touching (and so
# counting in RSS) more young-generation pages than it needs; ParallelGC is the throughput collector (with one
# core it runs one GC thread); -Xmx2g leaves room for the 1M-subscription tree. One I/O thread because the
# broker has one core: more event loops would only time-slice that core and add cross-thread handoffs.
estuary_java_opts="${ESTUARY_BENCH_JAVA_OPTS:--Xms256m -Xmx2g -Xmn64m -XX:+UseParallelGC}"

broker_pid=""
start_broker() { # $1 = estuary|mosquitto, $2 = log file, $3 = scenario
  if [[ "$1" == estuary ]]; then
    local plugins="$out/empty-plugins" config=()
    if [[ "$3" == *-up* ]]; then
      plugins="$out/adapter-plugins"
      config=(-c "$out/estuary-adapters.yaml")
    fi
    (cd "$out" && exec env ESTUARY_LISTENERS__TCP__BIND="127.0.0.1:$port" ESTUARY_LISTENERS__WS__ENABLED=false \
      ESTUARY_MANAGEMENT__BIND=127.0.0.1:0 \
      ESTUARY_NODE__IO_THREADS=1 ESTUARY_NODE__PLUGINS_DIR="$plugins" \
      ESTUARY_NODE__DATA_DIR="$out/data" ESTUARY_LOG_LEVEL=WARN ESTUARY_MQTT__MAX_INFLIGHT=32 \
      ESTUARY_MQTT__MQUEUE__MAX_LEN=1000 ESTUARY_JAVA_OPTS="$estuary_java_opts" \
      taskset -c 0 "$estuary" start "${config[@]}") > "$2" 2>&1 &
  else
    taskset -c 0 "$mosquitto_bin" -c "$out/mosquitto.conf" > "$2" 2>&1 &
  fi
  broker_pid=$!
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    kill -0 "$broker_pid" 2>/dev/null || { echo "broker $1 died at startup; see $2" >&2; return 1; }
    sleep 0.1
  done
  echo "broker $1 did not open port $port in 30 s; see $2" >&2
  return 1
}

stop_broker() {
  [[ -n "$broker_pid" ]] || return 0
  kill -TERM "$broker_pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=""
}
trap stop_broker EXIT

# ---------------------------------------------------------------- scenarios
scenario_args() { # the generator's mode and options for a scenario name
  case "$1" in
    pairs-1k) echo "pairs --preload-subs 1000" ;;
    pairs-1m) echo "pairs --preload-subs 1000000" ;;
    idle) echo "idle --conns 19000 --conn-rate 2000 --hold 20 --source-addrs 4" ;;
    # the same after 10,000 warm-up connects instead of 2,000: the JIT has settled (see docs/benchmarks.md)
    idle-warm) echo "idle --conns 19000 --conn-rate 2000 --hold 10 --source-addrs 4 --warmup-conns 10000" ;;
    fanout) echo "fanout --window 5000" ;;
    # pairs and shared with 8 PUBLISHes in flight per publisher instead of 1: capacity rather than round trips
    pairs-pipelined) echo "pairs --inflight 8" ;;
    shared-pipelined) echo "shared --inflight 8" ;;
    # lwm2m-up with confirmable notifications: the gateway ACKs each one (the JSON's "answered")
    lwm2m-up-con) echo "lwm2m-up --lwm2m-con" ;;
    lwm2m-up-con@*) echo "lwm2m-up --lwm2m-con --uplink-rate ${1#*@}" ;;
    *-up@*) echo "${1%@*} --uplink-rate ${1#*@}" ;;  # e.g. tcp-up@40000: another offered rate
    *) echo "$1" ;;
  esac
}

run_one() { # $1 = broker, $2 = scenario, $3 = round
  local log="$out/logs/$2-$1-r$3.log" w="$warmup"
  [[ "$2" == *-up* ]] && w="$adapter_warmup"
  start_broker "$1" "$log.broker" "$2" || return 1
  # shellcheck disable=SC2046  # the scenario's options are a list
  if ! taskset -c 1 java -Xms256m -Xmx2g -XX:+UseParallelGC -cp "$jar" dev.estuary.bench.load.LoadGen \
      $(scenario_args "$2") --port "$port" --label "$1" --broker-pid "$broker_pid" \
      --warmup "$w" --duration "$duration" 2> "$log" | sed "s/^{/{\"scenario\":\"$2\",\"round\":$3,/" >> "$raw"; then
    echo "   run failed; see $log" >&2
  fi
  stop_broker
}

echo "== $(date -Is) $(nproc) cores, load average: $(cut -d' ' -f1-3 /proc/loadavg); results in $out"
for ((r = 1; r <= rounds; r++)); do
  for s in $scenarios; do
    for b in estuary mosquitto; do
      [[ "$s" == *-up* && "$b" == mosquitto ]] && continue
      echo "-- round $r/$rounds $s $b (load $(cut -d' ' -f1 /proc/loadavg))"
      run_one "$b" "$s" "$r"
    done
  done
done

java -cp "$jar" dev.estuary.bench.load.CompareTable "$raw" | tee "$out/table.md"
echo "raw results: $raw"
