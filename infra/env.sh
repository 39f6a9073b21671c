# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source it
# Shared settings for infra/services.sh and the ./llm-cache launcher. Source it, don't run it.
# Exports the contract's LLMCACHE_* defaults only where the caller has not set them, so an
# exported LLMCACHE_POSTGRES_URL (etc.) switches that service to an external one.

LLMCACHE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

: "${LLMCACHE_HOME:=$LLMCACHE_REPO/.llmcache}"
case "$LLMCACHE_HOME" in /*) ;; *) LLMCACHE_HOME="$PWD/$LLMCACHE_HOME" ;; esac

# Local service ports (fixed by the contract).
LLMCACHE_PG_PORT=25432
LLMCACHE_REDIS_PORT=26379
LLMCACHE_KAFKA_PORT=29092
LLMCACHE_KAFKA_CONTROLLER_PORT=29093
LLMCACHE_USAGE_TOPIC=llmcache.usage.v1

# The defaults that mean "use the local service started by infra/".
LLMCACHE_LOCAL_POSTGRES_URL="jdbc:postgresql://127.0.0.1:${LLMCACHE_PG_PORT}/llmcache"
LLMCACHE_LOCAL_REDIS_URL="redis://127.0.0.1:${LLMCACHE_REDIS_PORT}"
LLMCACHE_LOCAL_KAFKA_BOOTSTRAP="127.0.0.1:${LLMCACHE_KAFKA_PORT}"

: "${LLMCACHE_POSTGRES_URL:=$LLMCACHE_LOCAL_POSTGRES_URL}"
: "${LLMCACHE_POSTGRES_USER:=llmcache}"
: "${LLMCACHE_POSTGRES_PASSWORD:=llmcache}"
: "${LLMCACHE_REDIS_URL:=$LLMCACHE_LOCAL_REDIS_URL}"
: "${LLMCACHE_KAFKA_BOOTSTRAP:=$LLMCACHE_LOCAL_KAFKA_BOOTSTRAP}"
: "${LLMCACHE_CACHE_PORT:=27070}"
: "${LLMCACHE_CACHE_ADDRESS:=127.0.0.1:27070}"
: "${LLMCACHE_GATEWAY_PORT:=28080}"
: "${LLMCACHE_SIM_PORT:=28090}"
: "${LLMCACHE_UPSTREAM_BASE_URL:=http://127.0.0.1:${LLMCACHE_SIM_PORT}/v1}"
# An empty key is a valid setting (the simulated upstream needs none), so only unset counts.
: "${LLMCACHE_UPSTREAM_API_KEY=}"
: "${LLMCACHE_FLINK_CHECKPOINT_DIR:=$LLMCACHE_HOME/flink/checkpoints}"

export LLMCACHE_HOME LLMCACHE_POSTGRES_URL LLMCACHE_POSTGRES_USER LLMCACHE_POSTGRES_PASSWORD \
  LLMCACHE_REDIS_URL LLMCACHE_KAFKA_BOOTSTRAP LLMCACHE_CACHE_PORT LLMCACHE_CACHE_ADDRESS \
  LLMCACHE_GATEWAY_PORT LLMCACHE_SIM_PORT LLMCACHE_UPSTREAM_BASE_URL LLMCACHE_UPSTREAM_API_KEY \
  LLMCACHE_FLINK_CHECKPOINT_DIR
