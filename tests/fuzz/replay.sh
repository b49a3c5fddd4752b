#!/bin/sh
# The replay step of make check: each fuzz target built with replay.c runs
# its seed corpus and a fixed set of mutations of it; one test per target.
# Ends with "N passed, N failed".
# usage: tests/fuzz/replay.sh BUILD_DIR   (FUZZ_REPLAY_N: mutations per file)
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 2
b=${1:-build}
n=${FUZZ_REPLAY_N:-500}
passed=0 failed=0
found=0
for src in tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	bin=$b/tests/fuzz/$name
	found=1
	log=$b/tests/fuzz/$name.log
	if [ ! -x "$bin" ]; then
		failed=$((failed + 1)); echo "not ok - fuzz replay $name: not built"; continue
	fi
	if [ ! -d "tests/fuzz/corpus/$name" ]; then
		failed=$((failed + 1)); echo "not ok - fuzz replay $name: no corpus tests/fuzz/corpus/$name"; continue
	fi
	start=$(date +%s)
	if timeout 120 "$bin" -n "$n" -o "$b/tests/fuzz/crash-$name" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
		passed=$((passed + 1)); echo "ok - fuzz replay $name ($(tail -n 1 "$log" | sed 's/^[^:]*: //'), $(( $(date +%s) - start )) s)"
	else
		failed=$((failed + 1)); echo "not ok - fuzz replay $name (log: $log; input: $b/tests/fuzz/crash-$name)"
		grep -E 'invariant failed|runtime error|Sanitizer|SUMMARY' "$log" | head -n 6 | sed 's/^/#   /'
	fi
done
[ "$found" -eq 1 ] || { failed=$((failed + 1)); echo "not ok - no fuzz targets in tests/fuzz"; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
