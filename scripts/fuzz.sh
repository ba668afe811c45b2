#!/usr/bin/env bash
# Coverage-guided fuzzing of every untrusted input (tests/fuzz/, docs/fuzzing.md).
#   scripts/fuzz.sh                     every target 10 s
#   scripts/fuzz.sh --seconds 1800      every target 30 min (the long run)
#   scripts/fuzz.sh --target rfb_client --seconds 60
#   scripts/fuzz.sh --unoptimised       build/fuzz-smoke at -O0: builds in about half the
#                                       time, runs slower (what CI's few seconds a target use)
#   scripts/fuzz.sh --input-timeout 120 an input running longer (wall clock) is a finding;
#                                       10 s by default, more when run at low priority
# Builds the fuzz preset (clang, libFuzzer, ASan/UBSan) into build/fuzz. Each target starts from
# its committed corpus tests/data/fuzz/NAME and grows build/fuzz/corpus/NAME; a finding is
# saved under build/fuzz/findings/NAME and fails the run (exit 1). Once fixed, copy the finding
# into tests/data/fuzz/NAME/ as finding-WHAT.bin: the normal test suite replays it from then on.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=10
only=""
preset=fuzz
input_timeout=10
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --target) only="$2"; shift 2 ;;
    --unoptimised) preset=fuzz-smoke; shift ;;
    --input-timeout) input_timeout="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | cut -c3-; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
build=build/$preset

dictionary_of() {
  case "$1" in
    websocket_client|sim_websocket_server|vcenter_replies) echo tests/fuzz/dictionaries/http.dict ;;
    key_notation|console_target|run_folder_verify|authd_replies) echo tests/fuzz/dictionaries/text.dict ;;
    *) echo tests/fuzz/dictionaries/rfb.dict ;;
  esac
}

# Limits: a single allocation over 512 MiB is a finding (the agent's own caps are far lower),
# as is an input that runs --input-timeout seconds.
failed=0
printf '%-22s %12s %10s %8s %8s  %s\n' target executions exec/s cover corpus result
for seeds in tests/data/fuzz/*/; do
  name=$(basename "$seeds")
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  program=$build/bin/fuzz-${name//_/-}
  corpus=$build/corpus/$name
  findings=$build/findings/$name
  log=$build/logs/$name.log
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  status=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$program" -max_total_time="$seconds" -timeout="$input_timeout" -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -print_final_stats=1 -dict="$(dictionary_of "$name")" -artifact_prefix="$findings/" \
    "$corpus" "$seeds" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cover=$(grep -ao 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  units=$(find "$corpus" -type f | wc -l)
  result=ok
  if ((status != 0)); then
    result="FINDING (exit $status): $(grep -aE 'SUMMARY|ERROR: libFuzzer' "$log" | head -1) — see $log"
    failed=1
  fi
  printf '%-22s %12s %10s %8s %8s  %s\n' "$name" "${runs:-?}" "${rate:-?}" "${cover:-?}" "$units" "$result"
done
exit $failed
