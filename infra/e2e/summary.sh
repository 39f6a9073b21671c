#!/usr/bin/env bash
# Adds up what `./llm-cache test` ran: Maven's surefire/failsafe reports and the end-to-end
# run, and ends with one "N passed, N failed" line. Usage: summary.sh MAVEN_RC E2E_RC
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
source infra/env.sh
maven_rc=$1 e2e_rc=$2

read -r tests failures errors skipped < <(
  cat /dev/null ./*/target/surefire-reports/TEST-*.xml ./*/target/failsafe-reports/TEST-*.xml 2>/dev/null |
    grep -o '<testsuite [^>]*>' |
    awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "=\""); v = kv[2]; sub(/".*/, "", v);
           if (kv[1] == "tests") t += v; if (kv[1] == "failures") f += v;
           if (kv[1] == "errors") e += v; if (kv[1] == "skipped") s += v } }
         END { printf "%d %d %d %d\n", t, f, e, s }')
e2e_passed=0 e2e_failed=0
if [ -f "$LLMCACHE_HOME/e2e-results" ]; then
  read -r e2e_passed e2e_failed < <(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$LLMCACHE_HOME/e2e-results")
fi
maven_failed=$((failures + errors))
# A Maven failure that no report shows (a compile error, a crashed fork) still counts as one.
[ "$maven_rc" != 0 ] && [ "$maven_failed" = 0 ] && maven_failed=1
[ "$e2e_rc" != 0 ] && [ "$e2e_failed" = 0 ] && e2e_failed=1

echo
echo "Maven (unit + integration): $((tests - failures - errors - skipped)) passed, $maven_failed failed, $skipped skipped"
echo "End-to-end acceptance:      $e2e_passed passed, $e2e_failed failed"
[ -f "$LLMCACHE_HOME/e2e/figures" ] && sed 's/^/  figure: /' "$LLMCACHE_HOME/e2e/figures"
echo
echo "Tests: $((tests - failures - errors - skipped + e2e_passed)) passed, $((maven_failed + e2e_failed)) failed, $skipped skipped"
[ "$maven_rc" = 0 ] && [ "$e2e_rc" = 0 ]
