#!/usr/bin/env bash
# Local PostgreSQL 15 + pgvector, Redis and a Kafka KRaft broker for llm-cache, without Docker.
# Usage: infra/services.sh install|start|stop|status|purge [postgres|redis|kafka|all]...
# Data lives under $LLMCACHE_HOME (default <repo>/.llmcache): pg/, redis/, kafka/; logs in logs/.
# A service whose LLMCACHE_* URL points elsewhere than the local default is left alone.
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=infra/env.sh
source "$INFRA_DIR/env.sh"

PG_BIN=/usr/lib/postgresql/15/bin
PG_SOCKET_DIR=/var/run/postgresql
PGVECTOR_VERSION=0.8.0
PGVECTOR_CONTROL=/usr/share/postgresql/15/extension/vector.control
KAFKA_VERSION=3.9.1
# Jars are an install artefact, kept apart from kafka/ (data) so purge does not re-download them.
KAFKA_LIB="$LLMCACHE_HOME/opt/kafka-$KAFKA_VERSION/lib"
LOG_DIR="$LLMCACHE_HOME/logs"
RUN_DIR="$LLMCACHE_HOME/run"
PG_DIR_RECORD="$LLMCACHE_HOME/pg.datadir"
REDIS_DIR="$LLMCACHE_HOME/redis"
REDIS_PIDFILE="$RUN_DIR/redis.pid"
KAFKA_DIR="$LLMCACHE_HOME/kafka"
KAFKA_PIDFILE="$RUN_DIR/kafka.pid"

PG_TIMEOUT=60
REDIS_TIMEOUT=30
KAFKA_TIMEOUT=120
STOP_TIMEOUT=60

say() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

CLEANUP=()
cleanup() { local p; for p in ${CLEANUP[@]+"${CLEANUP[@]}"}; do rm -rf -- "$p"; done; }
trap cleanup EXIT

usage() {
  echo "usage: $0 install|start|stop|status|purge [postgres|redis|kafka|all]..." >&2
  exit 2
}

# Prints a log's tail on stderr, for failures.
show_log() {
  local file=$1
  if [[ -f $file ]]; then
    printf '[infra] --- last lines of %s ---\n' "$file" >&2
    tail -n 40 "$file" >&2
    printf '[infra] ---\n' >&2
  fi
}

# Hides credentials in a URL before printing it.
mask() { sed -E -e 's#//[^@/]*@#//***@#' -e 's#(password=)[^&]*#\1***#gI' <<<"$1"; }

is_root() { [[ $EUID -eq 0 ]]; }

# ---------------------------------------------------------------- external services

# A URL naming this machine's default port for the service means "the local one".
is_external() {
  local host='(127\.0\.0\.1|localhost)' re
  case $1 in
    postgres) re="^jdbc:postgresql://$host:$LLMCACHE_PG_PORT(/|[?]|\$)" && [[ ! $LLMCACHE_POSTGRES_URL =~ $re ]] ;;
    redis) re="^redis://$host:$LLMCACHE_REDIS_PORT(/[0-9]*)?\$" && [[ ! $LLMCACHE_REDIS_URL =~ $re ]] ;;
    kafka) re="^$host:$LLMCACHE_KAFKA_PORT\$" && [[ ! $LLMCACHE_KAFKA_BOOTSTRAP =~ $re ]] ;;
  esac
}

external_target() {
  case $1 in
    postgres) echo "LLMCACHE_POSTGRES_URL=$(mask "$LLMCACHE_POSTGRES_URL")" ;;
    redis) echo "LLMCACHE_REDIS_URL=$(mask "$LLMCACHE_REDIS_URL")" ;;
    kafka) echo "LLMCACHE_KAFKA_BOOTSTRAP=$LLMCACHE_KAFKA_BOOTSTRAP" ;;
  esac
}

# ---------------------------------------------------------------- helpers

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

# True when pid is alive and its command line matches (guards against recycled pids).
pid_is() { pid_alive "$1" && grep -qaE "$2" "/proc/$1/cmdline" 2>/dev/null; }

read_pid() { [[ -s $1 ]] && head -n 1 "$1" | tr -dc '0-9'; }

# Waits until the process is gone; returns 1 on timeout.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

APT_UPDATED=0
apt_install() {
  ((${#@})) || return 0
  is_root || die "installing $* needs root (apt-get)"
  local policy=/usr/sbin/policy-rc.d
  # Keep the packages' own system instances (postgresql@15-main, redis on 6379) from starting.
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    CLEANUP+=("$policy")
  fi
  if ((APT_UPDATED == 0)); then
    say "apt-get update"
    apt-get -q -o DPkg::Lock::Timeout=300 update >/dev/null
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300 \
    --no-install-recommends install "$@" >/dev/null
}

pkg_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_dirs() { mkdir -p "$LOG_DIR" "$RUN_DIR"; }

# Serialises install/start/stop/purge between concurrent callers (e.g. two test runs).
take_lock() {
  ensure_dirs
  exec 9>"$RUN_DIR/services.lock"
  flock -w 900 9 || die "another infra/services.sh is still running"
}

# ---------------------------------------------------------------- install

missing_packages() {
  local svc=$1
  case $svc in
    postgres)
      [[ -x $PG_BIN/postgres ]] || echo postgresql-15
      [[ -x $PG_BIN/psql ]] || echo postgresql-client-15
      if [[ ! -f $PGVECTOR_CONTROL ]]; then
        pkg_installed postgresql-server-dev-15 || echo postgresql-server-dev-15
        { command -v make && command -v gcc; } >/dev/null || echo build-essential
      fi
      ;;
    redis)
      command -v redis-server >/dev/null || echo redis-server
      command -v redis-cli >/dev/null || echo redis-tools
      ;;
    kafka)
      if ! kafka_jars_current; then
        command -v java >/dev/null || echo openjdk-17-jdk-headless
        command -v mvn >/dev/null || echo maven
      fi
      ;;
  esac
}

# pgvector 0.8.0 from Debian trixie's source package, built against bookworm's PostgreSQL 15.
build_pgvector() {
  local tmp log="$LOG_DIR/pgvector-build.log"
  tmp="$(mktemp -d)"
  CLEANUP+=("$tmp")
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/parts" "$tmp/src"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
    >"$tmp/sources.list"
  # A private apt configuration: the system's sources and package lists stay untouched.
  local apt_opts=(-o "Dir::Etc::sourcelist=$tmp/sources.list" -o "Dir::Etc::sourceparts=$tmp/parts"
    -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o "APT::Get::List-Cleanup=0")
  say "building pgvector $PGVECTOR_VERSION from Debian trixie's source package (log: $log)"
  : >"$log"
  apt-get -q "${apt_opts[@]}" update >>"$log" 2>&1 || { show_log "$log"; die "apt-get update for trixie deb-src failed"; }
  local version
  version="$(apt-cache "${apt_opts[@]}" showsrc pgvector 2>>"$log" | awk '/^Version:/ {print $2}' |
    grep "^${PGVECTOR_VERSION}-" | sort -V | tail -n 1 || true)"
  [[ -n $version ]] || { show_log "$log"; die "Debian trixie has no pgvector ${PGVECTOR_VERSION} source package"; }
  (cd "$tmp/src" && apt-get -q "${apt_opts[@]}" source --download-only "pgvector=$version") >>"$log" 2>&1 ||
    { show_log "$log"; die "apt-get source pgvector=$version failed"; }
  tar -xzf "$tmp/src/pgvector_${PGVECTOR_VERSION}.orig.tar.gz" -C "$tmp/src"
  local dir
  dir="$(find "$tmp/src" -mindepth 1 -maxdepth 1 -type d -name 'pgvector*' | head -n 1)"
  [[ -f $dir/Makefile ]] || die "unexpected pgvector source layout in $tmp/src"
  # OPTFLAGS="" drops -march=native so the library runs on any x86-64.
  { make -C "$dir" -j2 PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS="" &&
    make -C "$dir" PG_CONFIG="$PG_BIN/pg_config" OPTFLAGS="" install; } >>"$log" 2>&1 ||
    { show_log "$log"; die "building pgvector failed"; }
  grep -q "default_version = '${PGVECTOR_VERSION}'" "$PGVECTOR_CONTROL" ||
    die "installed vector.control is not version $PGVECTOR_VERSION"
  say "pgvector $version installed"
}

kafka_pom_hash() { sha256sum "$INFRA_DIR/kafka/pom.xml" | cut -d' ' -f1; }

# The marker holds the pom's hash, so editing infra/kafka/pom.xml makes install re-copy the jars.
kafka_jars_current() { [[ -f $KAFKA_LIB/.complete && "$(<"$KAFKA_LIB/.complete")" == "$(kafka_pom_hash)" ]]; }

install_kafka_jars() {
  local log="$LOG_DIR/kafka-install.log"
  say "copying the Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIB (log: $log)"
  # Copy next to the old set and swap, so a failed copy leaves a working set behind.
  local next="$KAFKA_LIB.next"
  rm -rf "$next"
  mkdir -p "$next"
  mvn -B -q -f "$INFRA_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$next" >"$log" 2>&1 || { show_log "$log"; die "copying the Kafka jars failed"; }
  [[ -f $next/kafka_2.13-$KAFKA_VERSION.jar && -f $next/kafka-tools-$KAFKA_VERSION.jar ]] ||
    die "Kafka jars missing in $next after the copy"
  kafka_pom_hash >"$next/.complete"
  rm -rf "$KAFKA_LIB"
  mv "$next" "$KAFKA_LIB"
  if kafka_pid >/dev/null; then say "kafka: new jars take effect at the next restart"; fi
}

cmd_install() {
  ensure_dirs
  local svc pkgs=()
  for svc in "$@"; do
    if is_external "$svc"; then
      say "$svc: external ($(external_target "$svc")), nothing to install"
      continue
    fi
    mapfile -t -O "${#pkgs[@]}" pkgs < <(missing_packages "$svc")
  done
  apt_install ${pkgs[@]+"${pkgs[@]}"}
  for svc in "$@"; do
    is_external "$svc" && continue
    case $svc in
      postgres)
        [[ -f $PGVECTOR_CONTROL ]] || build_pgvector
        say "postgres: PostgreSQL 15 + pgvector $(sed -nE "s/^default_version = '(.*)'/\1/p" "$PGVECTOR_CONTROL") installed"
        ;;
      redis) say "redis: $(redis-server --version | cut -d' ' -f1-3) installed" ;;
      kafka)
        kafka_jars_current || install_kafka_jars
        say "kafka: $KAFKA_VERSION jars in $KAFKA_LIB"
        ;;
    esac
  done
}

# ---------------------------------------------------------------- PostgreSQL

# Runs a command as the postgres system user: the server refuses to run as root.
as_pg() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_socket_dir() { if is_root; then echo "$PG_SOCKET_DIR"; else echo /tmp; fi; }

# The data dir, decided once and recorded: $LLMCACHE_HOME/pg when the postgres user can reach
# it, else a directory under postgres's home (e.g. when the repo sits under /root).
pg_data_dir() {
  mkdir -p "$LLMCACHE_HOME"
  if [[ -s $PG_DIR_RECORD ]]; then
    cat "$PG_DIR_RECORD"
  elif ! is_root || as_pg test -x "$LLMCACHE_HOME"; then
    echo "$LLMCACHE_HOME/pg"
  else
    echo "/var/lib/postgresql/llmcache-$(printf '%s' "$LLMCACHE_HOME" | sha256sum | cut -c1-12)/pg"
  fi
}

pg_pid() {
  local data=$1 pid
  pid="$(read_pid "$data/postmaster.pid" 2>/dev/null)" || return 1
  pid_is "$pid" postgres && echo "$pid"
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$LLMCACHE_PG_PORT" -t 2; }

pg_psql_llmcache() {
  PGPASSWORD="$LLMCACHE_POSTGRES_PASSWORD" PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$LLMCACHE_PG_PORT" -U "$LLMCACHE_POSTGRES_USER" -d llmcache "$@"
}

pg_init() {
  local data=$1 log=$2
  say "postgres: initdb $data"
  mkdir -p "$data"
  if is_root; then chown postgres:postgres "$data"; fi
  chmod 700 "$data"
  as_pg "$PG_BIN/initdb" -D "$data" -E UTF8 --locale=C.UTF-8 -U postgres \
    --auth-local=peer --auth-host=scram-sha-256 >>"$log" 2>&1 || { show_log "$log"; die "initdb failed"; }
  echo "include 'llmcache.conf'" >>"$data/postgresql.conf"
  echo "$data" >"$PG_DIR_RECORD"
}

pg_write_conf() {
  local data=$1
  cat >"$data/llmcache.conf" <<EOF
# Written by infra/services.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $LLMCACHE_PG_PORT
unix_socket_directories = '$(pg_socket_dir)'
max_connections = 200
max_prepared_transactions = 16
shared_buffers = 128MB
password_encryption = scram-sha-256
EOF
  if is_root; then chown postgres:postgres "$data/llmcache.conf"; fi
}

pg_bootstrap() {
  local sock password=${LLMCACHE_POSTGRES_PASSWORD//\'/\'\'}
  sock="$(pg_socket_dir)"
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$LLMCACHE_PG_PORT" -U postgres -d postgres <<SQL
SET client_min_messages = warning;
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$LLMCACHE_POSTGRES_USER') THEN
    CREATE ROLE "$LLMCACHE_POSTGRES_USER" LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SELECT 'CREATE DATABASE llmcache OWNER "$LLMCACHE_POSTGRES_USER" ENCODING ''UTF8'' TEMPLATE template0'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'llmcache') \gexec
\c llmcache
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS vector;
SQL
}

pg_start() {
  local data log="$LOG_DIR/postgres.log" pid
  data="$(pg_data_dir)"
  if pid="$(pg_pid "$data")" && pg_ready; then
    say "postgres: already running (pid $pid, port $LLMCACHE_PG_PORT)"
    return 0
  fi
  [[ -x $PG_BIN/postgres && -f $PGVECTOR_CONTROL ]] || die "postgres: not installed, run: $0 install postgres"
  if pg_ready; then die "postgres: port $LLMCACHE_PG_PORT is served by another PostgreSQL (not $data)"; fi
  if is_root; then
    install -d -o postgres -g postgres -m 2775 "$PG_SOCKET_DIR"
  fi
  [[ -s $data/PG_VERSION ]] || pg_init "$data" "$log"
  pg_write_conf "$data"
  say "postgres: starting on 127.0.0.1:$LLMCACHE_PG_PORT (data $data, log $log)"
  # The log is opened here (by root) and inherited, so postgres needs no access to logs/.
  as_pg "$PG_BIN/pg_ctl" -D "$data" -w -t "$PG_TIMEOUT" start >>"$log" 2>&1 9>&- ||
    { show_log "$log"; die "postgres did not start within ${PG_TIMEOUT}s"; }
  local deadline=$((SECONDS + PG_TIMEOUT))
  until pg_ready; do
    ((SECONDS < deadline)) || { show_log "$log"; die "postgres: pg_isready failed"; }
    sleep 0.3
  done
  pg_bootstrap >>"$log" 2>&1 || { show_log "$log"; die "postgres: creating role/database/extension failed"; }
  local ext
  ext="$(pg_psql_llmcache -c "SELECT extversion FROM pg_extension WHERE extname = 'vector'")" ||
    { show_log "$log"; die "postgres: cannot log in as $LLMCACHE_POSTGRES_USER over TCP"; }
  [[ $ext == "$PGVECTOR_VERSION" ]] || die "postgres: vector extension is '$ext', expected $PGVECTOR_VERSION"
  say "postgres: ready (pid $(pg_pid "$data"), port $LLMCACHE_PG_PORT, database llmcache, vector $ext)"
}

pg_stop() {
  local data pid
  data="$(pg_data_dir)"
  if ! pid="$(pg_pid "$data")"; then
    say "postgres: already stopped"
    return 0
  fi
  say "postgres: stopping (pid $pid)"
  as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t "$STOP_TIMEOUT" stop >>"$LOG_DIR/postgres.log" 2>&1 9>&- ||
    die "postgres did not stop within ${STOP_TIMEOUT}s (pid $pid)"
  say "postgres: stopped"
}

pg_status() {
  local data pid
  data="$(pg_data_dir)"
  if pid="$(pg_pid "$data")" && pg_ready; then
    printf '%-9s running  port=%s pid=%s data=%s\n' postgres "$LLMCACHE_PG_PORT" "$pid" "$data"
  else
    printf '%-9s stopped  port=%s pid=- data=%s\n' postgres "$LLMCACHE_PG_PORT" "$data"
    return 1
  fi
}

pg_purge() {
  local data
  data="$(pg_data_dir)"
  pg_stop
  rm -rf -- "$data" "$PG_DIR_RECORD"
  # Remove the per-checkout parent made by the fallback location, never postgres's home.
  case $data in /var/lib/postgresql/llmcache-*/pg) rmdir -- "$(dirname "$data")" 2>/dev/null || true ;; esac
  say "postgres: data purged ($data)"
}

# ---------------------------------------------------------------- Redis

redis_cli() { redis-cli -h 127.0.0.1 -p "$LLMCACHE_REDIS_PORT" "$@"; }

redis_pid() {
  local pid
  pid="$(read_pid "$REDIS_PIDFILE" 2>/dev/null)" || return 1
  pid_is "$pid" redis-server && echo "$pid"
}

redis_ready() { [[ "$(redis_cli ping 2>/dev/null)" == PONG ]]; }

redis_start() {
  local log="$LOG_DIR/redis.log" pid
  if pid="$(redis_pid)" && redis_ready; then
    say "redis: already running (pid $pid, port $LLMCACHE_REDIS_PORT)"
    return 0
  fi
  command -v redis-server >/dev/null || die "redis: not installed, run: $0 install redis"
  if [[ -z ${pid:-} ]] && port_open "$LLMCACHE_REDIS_PORT"; then
    die "redis: port $LLMCACHE_REDIS_PORT is used by another process"
  fi
  if [[ -z ${pid:-} ]]; then
    mkdir -p "$REDIS_DIR"
    cat >"$REDIS_DIR/redis.conf" <<EOF
# Written by infra/services.sh on every start; edit the script, not this file.
bind 127.0.0.1
protected-mode yes
port $LLMCACHE_REDIS_PORT
daemonize yes
pidfile "$REDIS_PIDFILE"
logfile "$log"
dir "$REDIS_DIR"
appendonly yes
appendfsync everysec
save ""
EOF
    say "redis: starting on 127.0.0.1:$LLMCACHE_REDIS_PORT (data $REDIS_DIR, log $log)"
    redis-server "$REDIS_DIR/redis.conf" 9>&- || { show_log "$log"; die "redis-server failed to start"; }
  fi
  local deadline=$((SECONDS + REDIS_TIMEOUT))
  until redis_ready; do
    ((SECONDS < deadline)) || { show_log "$log"; die "redis: no PONG within ${REDIS_TIMEOUT}s"; }
    sleep 0.2
  done
  say "redis: ready (pid $(redis_pid), port $LLMCACHE_REDIS_PORT, appendonly)"
}

redis_stop() {
  local pid
  if ! pid="$(redis_pid)"; then
    say "redis: already stopped"
    return 0
  fi
  say "redis: stopping (pid $pid)"
  # SHUTDOWN flushes the append-only file; SIGTERM does the same if the server does not answer.
  redis_cli shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" "$STOP_TIMEOUT" || die "redis did not stop within ${STOP_TIMEOUT}s (pid $pid)"
  rm -f "$REDIS_PIDFILE"
  say "redis: stopped"
}

redis_status() {
  local pid
  if pid="$(redis_pid)" && redis_ready; then
    printf '%-9s running  port=%s pid=%s data=%s\n' redis "$LLMCACHE_REDIS_PORT" "$pid" "$REDIS_DIR"
  else
    printf '%-9s stopped  port=%s pid=- data=%s\n' redis "$LLMCACHE_REDIS_PORT" "$REDIS_DIR"
    return 1
  fi
}

redis_purge() {
  redis_stop
  rm -rf -- "$REDIS_DIR"
  say "redis: data purged ($REDIS_DIR)"
}

# ---------------------------------------------------------------- Kafka

kafka_pid() {
  local pid
  pid="$(read_pid "$KAFKA_PIDFILE" 2>/dev/null)" || return 1
  pid_is "$pid" 'kafka\.Kafka' && echo "$pid"
}

# A Kafka command-line tool in a small, quick-starting JVM (an array so `timeout` can run it).
KAFKA_TOOL=(java -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
  "-Dlog4j.configuration=file:$KAFKA_DIR/tools-log4j.properties" -cp "$KAFKA_LIB/*")

kafka_write_conf() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by infra/services.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$LLMCACHE_KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$LLMCACHE_KAFKA_PORT,CONTROLLER://127.0.0.1:$LLMCACHE_KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$LLMCACHE_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
num.network.threads=2
num.io.threads=4
EOF
  cat >"$KAFKA_DIR/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.org.apache.kafka.clients=WARN
log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN
EOF
  cat >"$KAFKA_DIR/tools-log4j.properties" <<'EOF'
log4j.rootLogger=WARN, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n
EOF
  cat >"$KAFKA_DIR/tools.properties" <<'EOF'
request.timeout.ms=5000
default.api.timeout.ms=15000
EOF
}

# Formats the log dir once; the cluster id is kept in kafka/cluster.id.
kafka_format() {
  local log=$1 id
  [[ -f $KAFKA_DIR/data/meta.properties ]] && return 0
  if [[ -s $KAFKA_DIR/cluster.id ]]; then
    id="$(cat "$KAFKA_DIR/cluster.id")"
  else
    id="$("${KAFKA_TOOL[@]}" kafka.tools.StorageTool random-uuid 2>>"$log")" || { show_log "$log"; die "kafka: random-uuid failed"; }
    echo "$id" >"$KAFKA_DIR/cluster.id"
  fi
  say "kafka: formatting $KAFKA_DIR/data (cluster id $id)"
  "${KAFKA_TOOL[@]}" kafka.tools.StorageTool format -t "$id" -c "$KAFKA_DIR/server.properties" >>"$log" 2>&1 ||
    { show_log "$log"; die "kafka: storage format failed"; }
}

KAFKA_LAUNCHED=0

# Starts the broker without waiting for it, so PostgreSQL and Redis start meanwhile.
kafka_launch() {
  local log="$LOG_DIR/kafka.log" pid
  if pid="$(kafka_pid)"; then
    return 0
  fi
  [[ -f $KAFKA_LIB/.complete ]] || die "kafka: jars not installed, run: $0 install kafka"
  if port_open "$LLMCACHE_KAFKA_PORT" || port_open "$LLMCACHE_KAFKA_CONTROLLER_PORT"; then
    die "kafka: port $LLMCACHE_KAFKA_PORT or $LLMCACHE_KAFKA_CONTROLLER_PORT is used by another process"
  fi
  kafka_write_conf
  kafka_format "$log"
  say "kafka: starting on 127.0.0.1:$LLMCACHE_KAFKA_PORT (controller $LLMCACHE_KAFKA_CONTROLLER_PORT, data $KAFKA_DIR/data, log $log)"
  rm -f "$KAFKA_PIDFILE"
  # Own session: the broker outlives the caller and its process group; it records its own pid.
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner bash
  setsid nohup bash -c 'echo $$ >"$1"; shift; exec "$@"' kafka "$KAFKA_PIDFILE" \
    java -Xms256m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -cp "$KAFKA_LIB/*" \
    kafka.Kafka "$KAFKA_DIR/server.properties" </dev/null >>"$log" 2>&1 9>&- &
  KAFKA_LAUNCHED=1
}

kafka_wait() {
  local log="$LOG_DIR/kafka.log" pid deadline=$((SECONDS + KAFKA_TIMEOUT))
  if ((KAFKA_LAUNCHED == 0)); then
    pid="$(kafka_pid)" || die "kafka: not running"
    if port_open "$LLMCACHE_KAFKA_PORT"; then
      say "kafka: already running (pid $pid, port $LLMCACHE_KAFKA_PORT)"
      return 0
    fi
  fi
  until pid="$(kafka_pid)" && port_open "$LLMCACHE_KAFKA_PORT"; do
    if ((SECONDS >= deadline)); then
      show_log "$log"
      die "kafka: port $LLMCACHE_KAFKA_PORT not open within ${KAFKA_TIMEOUT}s"
    fi
    if [[ -s $KAFKA_PIDFILE ]] && ! kafka_pid >/dev/null; then
      show_log "$log"
      die "kafka: the broker exited during start-up"
    fi
    sleep 0.3
  done
  # The listener opens before the broker is fully up: a successful topic listing is the proof.
  local topics
  until topics="$(timeout 30 "${KAFKA_TOOL[@]}" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$LLMCACHE_LOCAL_KAFKA_BOOTSTRAP" --command-config "$KAFKA_DIR/tools.properties" \
    --list 2>>"$log")"; do
    if ((SECONDS >= deadline)); then
      show_log "$log"
      die "kafka: listing topics failed for ${KAFKA_TIMEOUT}s"
    fi
    kafka_pid >/dev/null || { show_log "$log"; die "kafka: the broker exited during start-up"; }
    sleep 1
  done
  if ! grep -qx "$LLMCACHE_USAGE_TOPIC" <<<"$topics"; then
    say "kafka: creating topic $LLMCACHE_USAGE_TOPIC (3 partitions, replication 1)"
    timeout 60 "${KAFKA_TOOL[@]}" org.apache.kafka.tools.TopicCommand \
      --bootstrap-server "$LLMCACHE_LOCAL_KAFKA_BOOTSTRAP" --command-config "$KAFKA_DIR/tools.properties" \
      --create --if-not-exists --topic "$LLMCACHE_USAGE_TOPIC" --partitions 3 --replication-factor 1 \
      >>"$log" 2>&1 || { show_log "$log"; die "kafka: creating topic $LLMCACHE_USAGE_TOPIC failed"; }
  fi
  say "kafka: ready (pid $pid, port $LLMCACHE_KAFKA_PORT, topic $LLMCACHE_USAGE_TOPIC)"
}

kafka_stop() {
  local pid
  if ! pid="$(kafka_pid)"; then
    say "kafka: already stopped"
    rm -f "$KAFKA_PIDFILE"
    return 0
  fi
  say "kafka: stopping (pid $pid)"
  kill -TERM "$pid"
  if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
    say "kafka: still running after ${STOP_TIMEOUT}s, killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "kafka: pid $pid survived SIGKILL"
  fi
  rm -f "$KAFKA_PIDFILE"
  say "kafka: stopped"
}

kafka_status() {
  local pid
  if pid="$(kafka_pid)" && port_open "$LLMCACHE_KAFKA_PORT"; then
    printf '%-9s running  port=%s pid=%s data=%s\n' kafka "$LLMCACHE_KAFKA_PORT" "$pid" "$KAFKA_DIR/data"
  else
    printf '%-9s stopped  port=%s pid=- data=%s\n' kafka "$LLMCACHE_KAFKA_PORT" "$KAFKA_DIR/data"
    return 1
  fi
}

kafka_purge() {
  kafka_stop
  rm -rf -- "$KAFKA_DIR"
  say "kafka: data purged ($KAFKA_DIR)"
}

# ---------------------------------------------------------------- commands

LOCAL_SERVICES=()

select_local() {
  local svc
  for svc in "$@"; do
    if is_external "$svc"; then
      say "$svc: external ($(external_target "$svc")), not managed here"
    else
      LOCAL_SERVICES+=("$svc")
    fi
  done
}

has_service() {
  local svc
  for svc in ${LOCAL_SERVICES[@]+"${LOCAL_SERVICES[@]}"}; do [[ $svc == "$1" ]] && return 0; done
  return 1
}

cmd_start() {
  take_lock
  select_local "$@"
  if has_service kafka; then kafka_launch; fi
  if has_service postgres; then pg_start; fi
  if has_service redis; then redis_start; fi
  if has_service kafka; then kafka_wait; fi
}

cmd_stop() {
  take_lock
  select_local "$@"
  local svc
  for svc in ${LOCAL_SERVICES[@]+"${LOCAL_SERVICES[@]}"}; do
    case $svc in postgres) pg_stop ;; redis) redis_stop ;; kafka) kafka_stop ;; esac
  done
}

cmd_status() {
  local svc rc=0
  for svc in "$@"; do
    if is_external "$svc"; then
      printf '%-9s external %s\n' "$svc" "$(external_target "$svc")"
      continue
    fi
    case $svc in
      postgres) pg_status || rc=3 ;;
      redis) redis_status || rc=3 ;;
      kafka) kafka_status || rc=3 ;;
    esac
  done
  return "$rc"
}

cmd_purge() {
  take_lock
  select_local "$@"
  local svc
  for svc in ${LOCAL_SERVICES[@]+"${LOCAL_SERVICES[@]}"}; do
    case $svc in postgres) pg_purge ;; redis) redis_purge ;; kafka) kafka_purge ;; esac
  done
}

main() {
  (($# >= 1)) || usage
  local cmd=$1
  shift
  local services=() arg
  for arg in "${@:-all}"; do
    case $arg in
      all) services+=(postgres redis kafka) ;;
      postgres | redis | kafka) services+=("$arg") ;;
      *) usage ;;
    esac
  done
  case $cmd in
    install)
      take_lock
      cmd_install "${services[@]}"
      ;;
    start) cmd_start "${services[@]}" ;;
    stop) cmd_stop "${services[@]}" ;;
    status) cmd_status "${services[@]}" ;;
    purge) cmd_purge "${services[@]}" ;;
    *) usage ;;
  esac
}

main "$@"
