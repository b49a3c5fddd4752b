#!/bin/sh
# The body of `make check`: builds everything, runs the unit tests, the API
# lint and walk, the TUI scenarios and a short kill -9 loop; then the unit
# tests and the TUI scenarios again under AddressSanitizer + UBSan, and the
# fuzz targets replayed on their corpora under them. Ends with the line
# "N passed, N failed" and exits non-zero when anything failed.
# usage: tests/check.sh [--no-asan]
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/.." || exit 2
asan=1
[ "${1:-}" = "--no-asan" ] && asan=0
jobs=$(nproc 2>/dev/null || echo 2)
logdir=build/check
mkdir -p "$logdir"
passed=0 failed=0
MAKE=${MAKE:-make}

add() { passed=$((passed + $1)); failed=$((failed + $2)); }
say() { printf '%s\n' "$*"; }

# step NAME LOG CMD…: a step that passes or fails as a whole.
step() {
	name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then add 1 0; say "ok - $name"
	else add 0 1; say "not ok - $name (log: $log)"; tail -n 15 "$log" | sed 's/^/#   /'; fi
}

# summary_of LOG: add the last "N passed, N failed" line of a suite's log;
# a suite that printed none (crashed, hung) counts as one failure.
summary_of() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1)
	if [ -z "$line" ]; then add 0 1; say "not ok - $2 printed no summary (log: $1)"; return; fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	add "$p" "$f"
	[ "$3" -ne 0 ] && [ "$f" -eq 0 ] && { add 0 1; say "not ok - $2 exited $3 with no failure counted"; }
}

# unit_tests BUILD_DIR LABEL: every cmocka binary; count its PASSED/FAILED lines.
unit_tests() {
	for t in "$1"/tests/unit/*/test_*; do
		[ -x "$t" ] || continue
		name=$(basename "$(dirname "$t")")/$(basename "$t")
		log=$logdir/$2-$(echo "$name" | tr / -).log
		CMOCKA_MESSAGE_OUTPUT=stdout timeout 120 "$t" >"$log" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\..*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -n 1)
		p=${p:-0} f=${f:-0}
		# a crash, a sanitizer report or a hang with no failure counted is one failure
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		add "$p" "$f"
		if [ "$f" -eq 0 ]; then say "ok - $2 $name: $p passed"
		else say "not ok - $2 $name: $p passed, $f failed (exit $rc, log: $log)"
			grep -E '^\[  FAILED  \] [^0-9]|ERROR|runtime error|Sanitizer' "$log" | head -n 8 | sed 's/^/#   /'
		fi
	done
}

say "== build"
step "make tests" "$logdir/build.log" $MAKE -j"$jobs" tests

say "== unit tests"
unit_tests build unit

say "== API"
step "make lint-api" "$logdir/lint-api.log" $MAKE lint-api
step "make lint-catalog" "$logdir/lint-catalog.log" $MAKE lint-catalog
if [ -e tests/api/run.sh ]; then
	log=$logdir/api.log
	if [ -x tests/api/run.sh ]; then timeout 600 tests/api/run.sh >"$log" 2>&1
	else timeout 600 sh tests/api/run.sh >"$log" 2>&1; fi
	rc=$?
	grep -E '^not ok' "$log" | head -n 20
	say "api: $(tail -n 1 "$log")"
	summary_of "$log" "tests/api/run.sh" "$rc"
fi

say "== TUI scenarios"
log=$logdir/tui.log
timeout 900 sh tests/tui/run.sh build >"$log" 2>&1
rc=$?
sed 's/^\([0-9]* passed, [0-9]* failed\)$/tui: \1/' "$log"
summary_of "$log" "tests/tui/run.sh" "$rc"

say "== kill -9 loop (KILL_COUNT=${KILL_COUNT:-4}; make check-kill runs 100)"
log=$logdir/killloop.log
timeout 600 sh tests/tui/killloop.sh build "${KILL_COUNT:-4}" >"$log" 2>&1
rc=$?
sed 's/^\([0-9]* passed, [0-9]* failed\)$/kill -9 loop: \1/' "$log"
summary_of "$log" "tests/tui/killloop.sh" "$rc"

if [ "$asan" -eq 1 ]; then
	say "== AddressSanitizer + UBSan"
	# Leak checking stays on: ncurses, libcurl and glib keep what they
	# allocate reachable from globals, which LeakSanitizer does not report,
	# so a leak report is the program's own.
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
	export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	if $MAKE -j"$jobs" check-asan >"$logdir/build-asan.log" 2>&1; then
		add 1 0; say "ok - make check-asan"
		unit_tests build-asan asan
		log=$logdir/tui-asan.log
		timeout 900 sh tests/tui/run.sh build-asan >"$log" 2>&1
		rc=$?
		sed 's/^\([0-9]* passed, [0-9]* failed\)$/tui under sanitizers: \1/' "$log"
		summary_of "$log" "tests/tui/run.sh build-asan" "$rc"
		# The fuzz targets (tests/fuzz), replayed on their corpora and
		# fixed mutations of them: one test per target.
		log=$logdir/fuzz-replay.log
		timeout 600 $MAKE -j"$jobs" check-fuzz >"$log" 2>&1
		rc=$?
		grep -E '^(ok|not ok|#)' "$log"
		summary_of "$log" "make check-fuzz" "$rc"
	else
		add 0 1; say "not ok - make check-asan (log: $logdir/build-asan.log)"
		tail -n 15 "$logdir/build-asan.log" | sed 's/^/#   /'
	fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
