#!/bin/sh
# make fuzz: build every tests/fuzz target with clang's libFuzzer, AddressSanitizer
# and UBSan in build-fuzz, run each for FUZZ_SECONDS on a copy of its seed
# corpus, and report what each found. New inputs stay in build-fuzz/corpus;
# a crash is saved as build-fuzz/crashes/NAME-crash-* (replay it with
# build-fuzz/tests/fuzz/NAME FILE, or the replay build: build/tests/fuzz/NAME FILE).
# usage: tests/fuzz/run.sh [SECONDS] [NAME...]
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-60}
[ $# -gt 0 ] && shift
MAKE=${MAKE:-make}
CLANG=${CLANG:-clang}
b=build-fuzz

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "make fuzz: $CLANG not found; libFuzzer comes with clang (Debian: apt-get install clang)." >&2
	echo "make fuzz: the replay build of the same targets needs only gcc: make check-fuzz" >&2
	exit 2
fi
mkdir -p "$b"
probe=$b/probe.c
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' >"$probe"
if ! "$CLANG" -fsanitize=fuzzer,address,undefined -o "$b/probe" "$probe" >"$b/probe.log" 2>&1; then
	echo "make fuzz: $CLANG cannot link -fsanitize=fuzzer,address,undefined (libFuzzer missing?):" >&2
	sed 's/^/  /' "$b/probe.log" >&2
	echo "make fuzz: Debian ships libFuzzer in the clang package (apt-get install clang)." >&2
	exit 2
fi

jobs=$(nproc 2>/dev/null || echo 2)
echo "make fuzz: building the targets with $CLANG in $b"
if ! $MAKE -j"$jobs" B="$b" CC="$CLANG" WERROR= OPT='-O1 -g -fno-omit-frame-pointer' \
	SAN='-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined' \
	FUZZ_MAIN= FUZZ_LINK=-fsanitize=fuzzer fuzz-bins >"$b/build.log" 2>&1; then
	tail -n 30 "$b/build.log" >&2
	echo "make fuzz: the build failed (log: $b/build.log)" >&2
	exit 1
fi

names=$*
[ -n "$names" ] || names=$(for s in tests/fuzz/fuzz_*.c; do basename "$s" .c; done)
mkdir -p "$b/corpus" "$b/crashes" "$b/logs"
passed=0 failed=0
for name in $names; do
	seeds=tests/fuzz/corpus/$name
	work=$b/corpus/$name
	mkdir -p "$work"
	[ -d "$seeds" ] && cp "$seeds"/* "$work"/ 2>/dev/null
	log=$b/logs/$name.log
	rm -f "$b/crashes/$name"-*
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
		"$b/tests/fuzz/$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$b/crashes/$name-" "$work" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1)
	files=$(ls "$work" | wc -l)
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok - fuzz $name: ${runs:-?} runs, ${cov:-cov: ?}, corpus $files files"
	else
		failed=$((failed + 1))
		echo "not ok - fuzz $name: exit $rc after ${runs:-?} runs (log: $log)"
		grep -E 'invariant failed|runtime error|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY' "$log" | head -n 6 | sed 's/^/#   /'
		ls "$b/crashes/$name"-* 2>/dev/null | sed 's/^/#   input: /'
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
