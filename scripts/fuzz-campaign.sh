#!/bin/bash
# Fuzzes every @FuzzTest target for SECONDS each, one after another (docs/fuzzing.md), and prints
# "module Class#method runs=N wall=Ns rc=R" per target. Build first: mvn -B -q install -DskipTests && mvn -B -q test-compile
# usage: scripts/fuzz-campaign.sh [SECONDS [Class#method ...]]   (default 75 s, every target; logs in
# target/fuzz-campaign/). Naming targets runs only those, e.g. scripts/fuzz-campaign.sh 600 LogFuzzTest#reader
set -u
seconds=${1:-75}
shift || true
only=" $* "
cd "$(dirname "$0")/.."
out=target/fuzz-campaign
mkdir -p "$out"
grep -rl "@FuzzTest" --include=*FuzzTest.java client/src/test driver/src/test engine/src/test | sort | while read -r file; do
  module=${file%%/*}
  class=$(basename "$file" .java)
  grep -A3 "@FuzzTest" "$file" | grep -oE "void [a-zA-Z0-9_]+\(" | sed -E 's/void ([a-zA-Z0-9_]+)\(/\1/' | while read -r method; do
    if [ "$only" != "  " ] && [[ "$only" != *" $class#$method "* ]]; then
      continue
    fi
    log="$out/$class-$method.log"
    start=$(date +%s)
    JAZZER_FUZZ=1 timeout $((seconds + 120)) mvn -B -o surefire:test -pl "$module" -Dtest="$class#$method" \
      -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.internal.arg.2=-max_total_time="$seconds" > "$log" 2>&1
    rc=$?
    runs=$(grep -oE "Done [0-9]+ runs" "$log" | tail -1 | grep -oE "[0-9]+")
    echo "$module $class#$method runs=${runs:-?} wall=$(( $(date +%s) - start ))s rc=$rc"
  done
done
