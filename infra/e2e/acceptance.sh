#!/usr/bin/env bash
# End-to-end acceptance run: starts the real app processes (simulated upstream, cache-server,
# Flink job, gateway) on their own ports and state directory, beside whatever `up` runs, and
# checks what a user would: hits, isolation, errors, live stats and outages.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
# shellcheck source=infra/env.sh
source "$ROOT/infra/env.sh"

export LLMCACHE_STATE="$LLMCACHE_HOME/e2e"
# Below the kernel's ephemeral range (32768-60999): a client socket of any pool could otherwise
# hold one of these ports just as a server binds it.
export LLMCACHE_CACHE_PORT=17070 LLMCACHE_GATEWAY_PORT=18080 LLMCACHE_SIM_PORT=18090
export LLMCACHE_CACHE_ADDRESS="127.0.0.1:$LLMCACHE_CACHE_PORT"
export LLMCACHE_FLINK_CHECKPOINT_DIR="$LLMCACHE_STATE/flink/checkpoints"
export LLMCACHE_UPSTREAM_BASE_URL="http://127.0.0.1:$LLMCACHE_SIM_PORT/v1" LLMCACHE_UPSTREAM_API_KEY=""
unset LLMCACHE_ADMIN_TOKEN
URL="http://127.0.0.1:$LLMCACHE_GATEWAY_PORT"
RESULTS="$LLMCACHE_HOME/e2e-results"
TMP=$(mktemp -d)

passed=0 failed=0
pass() { passed=$((passed + 1)); printf '  \033[32mPASS\033[0m %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf '  \033[31mFAIL\033[0m %s\n' "$1"; [ -n "${2:-}" ] && printf '       %s\n' "$2"; }
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name" "${why:-}"; fi; why=""; }

cleanup() {
  ./llm-cache stop-apps >/dev/null 2>&1
  infra/services.sh start redis >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT

# chat KEY CONTENT [MODEL] [SYSTEM] [curl args...]: one request; $got, headers in $TMP/h, body in $TMP/b.
requests_sent=0
chat() {
  local key=$1 content=$2 model=${3:-gpt-4o-mini} system=${4:-} body
  shift 4 2>/dev/null || shift $#
  if [ -n "$system" ]; then
    body=$(jq -nc --arg m "$model" --arg s "$system" --arg c "$content" \
      '{model:$m,messages:[{role:"system",content:$s},{role:"user",content:$c}]}')
  else
    body=$(jq -nc --arg m "$model" --arg c "$content" '{model:$m,messages:[{role:"user",content:$c}]}')
  fi
  raw "$key" "$body" "$@"
}
# raw KEY BODY [curl args...]: sets $got to the HTTP status; an empty KEY sends no Authorization.
raw() {
  local key=$1 body=$2 auth=()
  shift 2
  [ "$key" = "$KEY_A" ] && requests_sent=$((requests_sent + 1))
  [ -n "$key" ] && auth=(-H "Authorization: Bearer $key")
  got=$(curl -sS -o "$TMP/b" -D "$TMP/h" -w '%{http_code}' -X POST "$URL/v1/chat/completions" \
    "${auth[@]}" -H 'Content-Type: application/json' "$@" --data-binary "$body")
}
header() { grep -i "^$1:" "$TMP/h" | head -1 | cut -d: -f2- | tr -d ' \r'; }
content() { jq -r '.choices[0].message.content' "$TMP/b"; }
expect() { # expect STATUS CACHE [MATCH]
  local status=$1 cache=$2 match=${3:-}
  [ "$got" = "$status" ] || { why="status $got, body $(head -c 300 "$TMP/b")"; return 1; }
  [ "$(header x-llmcache)" = "$cache" ] || { why="x-llmcache=$(header x-llmcache)"; return 1; }
  [ -z "$match" ] || [ "$(header x-llmcache-match)" = "$match" ] || { why="x-llmcache-match=$(header x-llmcache-match)"; return 1; }
  [ -n "$(header x-request-id)" ] || { why="no x-request-id"; return 1; }
}
openai_error() { # openai_error STATUS
  [ "$got" = "$1" ] || { why="status $got"; return 1; }
  jq -e '(.error.message|type=="string" and length>0) and (.error.type|type=="string")' "$TMP/b" >/dev/null ||
    { why="body $(head -c 300 "$TMP/b")"; return 1; }
}
admin() { curl -fsS -H "Authorization: Bearer $(cat "$LLMCACHE_STATE/admin-token")" -H 'Content-Type: application/json' "$@"; }
stat_requests() { curl -fsS -H "Authorization: Bearer $KEY_A" "$URL/api/stats" | jq -r .requests; }
# wait_requests N SECONDS: polls /api/stats until it shows N requests; prints the seconds taken.
now_ms() { echo $(($(date +%s%N) / 1000000)); }
wait_requests() {
  local want=$1 limit_ms=$(($2 * 1000)) start have elapsed
  start=$(now_ms)
  while :; do
    have=$(stat_requests 2>/dev/null || echo "?")
    elapsed=$(($(now_ms) - start))
    if [ "$have" = "$want" ]; then printf '%d.%d' $((elapsed / 1000)) $((elapsed % 1000 / 100)); return 0; fi
    if [ "$elapsed" -gt "$limit_ms" ]; then why="stats show $have requests, expected $want"; return 1; fi
    sleep 0.25
  done
}

# restart_analytics: stops the Flink job and waits until its successor is RUNNING again.
restart_analytics() {
  local runs deadline
  runs=$(grep -c 'Usage rollup job running' "$LLMCACHE_STATE/logs/analytics.log")
  ./llm-cache stop-app analytics
  ./llm-cache start-app analytics
  deadline=$((SECONDS + 120))
  until [ "$(grep -c 'Usage rollup job running' "$LLMCACHE_STATE/logs/analytics.log")" -gt "$runs" ] ||
    [ $SECONDS -gt $deadline ]; do sleep 0.5; done
}
# spool_status: the usage spool's state in /health (up, warn).
spool_status() { curl -sS "$URL/health" | jq -r '.dependencies.usage_spool.status'; }
wait_spool() { # wait_spool STATUS SECONDS
  local deadline=$((SECONDS + $2))
  until [ "$(spool_status)" = "$1" ]; do
    [ $SECONDS -lt $deadline ] || { why="usage_spool is $(spool_status), expected $1"; return 1; }
    sleep 0.5
  done
}

rm -rf "$LLMCACHE_STATE" "$RESULTS"
mkdir -p "$LLMCACHE_STATE"
echo "Starting the e2e stack (gateway $URL; logs in $LLMCACHE_STATE/logs)"
if ! ./llm-cache start-apps; then
  fail "stack starts and becomes healthy"
  echo "e2e: $passed passed, $failed failed" | tee "$RESULTS"
  exit 1
fi
pass "stack starts and becomes healthy"
KEY_A=$(sed -n 's/^LLMCACHE_API_KEY=//p' "$LLMCACHE_STATE/credentials.env")

echo "Cache behaviour"
Q="What is the capital of France?"
chat "$KEY_A" "$Q"; check "first question is a MISS from the upstream" expect 200 MISS
first=$(content)
check "the answer comes from the simulated upstream" [ "${first:0:5}" = "[sim " ]
chat "$KEY_A" "$Q"; check "same question again is an exact HIT" expect 200 HIT exact
check "the exact hit returns the same answer" [ "$(content)" = "$first" ]
check "the hit names its entry" [ -n "$(header x-llmcache-entry)" ]
chat "$KEY_A" "What's the capital of France?"; check "a paraphrase is a semantic HIT" expect 200 HIT semantic
check "the semantic hit carries its similarity" [ -n "$(header x-llmcache-similarity)" ]
check "the semantic hit returns the cached answer" [ "$(content)" = "$first" ]
chat "$KEY_A" "$Q" gpt-4o-mini "You answer in French."; check "another system prompt is a MISS" expect 200 MISS
chat "$KEY_A" "$Q" gpt-4o; check "another model is a MISS" expect 200 MISS
chat "$KEY_A" "What is the capital of Germany?"; check "a different question is a MISS" expect 200 MISS
TENANT_B=$(admin -X POST -d '{"name":"e2e-b","plan":"free"}' "$URL/api/tenants" | jq -r .id)
KEY_B=$(admin -X POST -d '{"name":"b"}' "$URL/api/tenants/$TENANT_B/keys" | jq -r .key)
chat "$KEY_B" "$Q"; check "the same question with another tenant's key is a MISS" expect 200 MISS

echo "Bad input"
chat "" "$Q"; check "a missing key is 401 in OpenAI's error shape" openai_error 401
chat "lc_nope_notakey" "$Q"; check "an invalid key is 401 in OpenAI's error shape" openai_error 401
raw "$KEY_A" '{"model":"gpt-4o-mini","messages":[{"role":"user"'; check "malformed JSON is 400 in OpenAI's error shape" openai_error 400
raw "$KEY_A" '{"model":"gpt-4o-mini"}'; check "a request without messages is 400 in OpenAI's error shape" openai_error 400

echo "Usage stats through Kafka and Flink"
if secs=$(wait_requests "$requests_sent" 60); then
  pass "/api/stats counts exactly the $requests_sent requests sent so far (caught up in ${secs}s)"
else fail "/api/stats counts exactly the requests sent so far" "$why"; fi
N=25
start_n=$requests_sent
for i in $(seq 1 $N); do chat "$KEY_A" "Stats probe question number $i?"; done
if secs=$(wait_requests "$requests_sent" 60); then
  pass "$N more requests show up in /api/stats exactly once (+$((requests_sent - start_n)) in ${secs}s; goal ≤ 10 s)"
  echo "stats_catch_up_seconds=$secs" >>"$LLMCACHE_STATE/figures"
else fail "$N more requests show up in /api/stats exactly once" "$why"; fi
restart_analytics
sleep 5  # one checkpoint interval: a restored job re-emits its totals; they must not grow
check "after restarting the Flink job the count is unchanged" [ "$(stat_requests)" = "$requests_sent" ]
check "the restarted job resumed from its checkpoint" grep -q 'Restoring from checkpoint' "$LLMCACHE_STATE/logs/analytics.log"
chat "$KEY_A" "One more after the restart?"
if secs=$(wait_requests "$requests_sent" 60); then pass "the restarted job keeps counting (${secs}s)"; else fail "the restarted job keeps counting" "$why"; fi
cli_requests=$(LLMCACHE_CREDENTIALS="$LLMCACHE_STATE/credentials.env" ./llm-cache stats --json | jq -r .requests)
check "'./llm-cache stats' shows the same count" [ "$cli_requests" = "$requests_sent" ]
b_requests=$(curl -fsS -H "Authorization: Bearer $KEY_B" "$URL/api/stats" | jq -r .requests)
check "tenant B's stats count only its own request" [ "$b_requests" = 1 ]
all_requests=$(admin "$URL/api/stats" | jq -r .requests)
check "the admin token sees all tenants (≥ A + B)" [ "$all_requests" -ge $((requests_sent + 1)) ]

echo "Outages"
./llm-cache stop-app cache
chat "$KEY_A" "Is the cache server down?"; check "cache server stopped → 200 from the upstream with BYPASS" expect 200 BYPASS
health=$(curl -s -o /dev/null -w '%{http_code}' "$URL/health")
check "/health reports the outage (503)" [ "$health" = 503 ]
./llm-cache start-app cache
deadline=$((SECONDS + 120)); until curl -fsS "$URL/health" >/dev/null 2>&1 || [ $SECONDS -gt $deadline ]; do sleep 0.5; done
chat "$KEY_A" "$Q"; check "cache server back → exact HIT again" expect 200 HIT exact
infra/services.sh stop redis >/dev/null
chat "$KEY_A" "Is Redis down?"; check "Redis stopped → 200 from the upstream with BYPASS" expect 200 BYPASS
infra/services.sh start redis >/dev/null
deadline=$((SECONDS + 60)); until curl -fsS "$URL/health" >/dev/null 2>&1 || [ $SECONDS -gt $deadline ]; do sleep 0.5; done
chat "$KEY_A" "$Q"; check "Redis back → exact HIT again" expect 200 HIT exact

echo "Kafka outage: nothing lost, nothing counted twice"
served=0
for i in $(seq 1 10); do chat "$KEY_A" "Before the Kafka outage $i?"; [ "$got" = 200 ] && served=$((served + 1)); done
infra/services.sh stop kafka >/dev/null
for i in $(seq 1 10); do chat "$KEY_A" "During the Kafka outage $i?"; [ "$got" = 200 ] && served=$((served + 1)); done
check "with Kafka stopped the gateway keeps answering" [ "$served" = 20 ]
check "the gateway spools the events and /health warns about them" wait_spool warn 30
health=$(curl -s -o /dev/null -w '%{http_code}' "$URL/health")
check "/health reports Kafka down (503)" [ "$health" = 503 ]
infra/services.sh start kafka >/dev/null
for i in $(seq 1 10); do chat "$KEY_A" "After the Kafka outage $i?"; [ "$got" = 200 ] && served=$((served + 1)); done
check "the spool drains once Kafka is back" wait_spool up 90
restart_analytics
check "the Flink job restarted from its checkpoint again" [ "$(grep -c 'Restoring from checkpoint' "$LLMCACHE_STATE/logs/analytics.log")" -ge 2 ]
if secs=$(wait_requests "$requests_sent" 90); then pass "every request, outages included, is counted exactly once ($requests_sent)"; else fail "every request, outages included, is counted exactly once" "$why"; fi


echo "More endpoints"
usage_total() { curl -fsS -H "Authorization: Bearer $KEY_A" "$URL/api/usage?granularity=day" | jq '[.series[].requests] | add // 0'; }
deadline=$((SECONDS + 60)); until [ "$(usage_total)" = "$requests_sent" ] || [ $SECONDS -gt $deadline ]; do sleep 0.5; done
check "/api/usage per day adds up to the same $requests_sent requests" [ "$(usage_total)" = "$requests_sent" ]
embed() {
  got=$(curl -sS -o "$TMP/b" -D "$TMP/h" -w '%{http_code}' -X POST "$URL/v1/embeddings" \
    -H "Authorization: Bearer $KEY_B" -H 'Content-Type: application/json' \
    --data-binary '{"model":"text-embedding-3-small","input":["cached vectors","are cheap"]}')
}
embed; check "embeddings: first call is a MISS" expect 200 MISS
first_vector=$(jq -c '.data[1].embedding[:4]' "$TMP/b")
embed; check "embeddings: the same call is an exact HIT" expect 200 HIT exact
check "embeddings: the hit returns the same vectors" [ "$(jq -c '.data[1].embedding[:4]' "$TMP/b")" = "$first_vector" ]
models_listed() {
  curl -fsS -H "Authorization: Bearer $KEY_B" "$URL/v1/models" | jq -e '.object == "list" and (.data | length) > 0' >/dev/null
}
check "/v1/models lists the upstream's models" models_listed

# A restarted job that crash-loops still re-emits its totals between attempts, so counts alone
# cannot show it: any stack trace through our own operators can.
no_own_exceptions() {
  local log="$LLMCACHE_STATE/logs/analytics.log"
  if grep -q 'at io\.llmcache\.' "$log"; then
    why=$(grep -m1 -B3 'at io\.llmcache\.' "$log" | head -4)
    return 1
  fi
}
check "the Flink job's own code threw nothing, across every restart" no_own_exceptions

echo "e2e: $passed passed, $failed failed" | tee "$RESULTS"
[ "$failed" = 0 ]
