#!/bin/sh
# Runs every TUI scenario (tests/tui/scenarios/*.scn) through the pty driver
# against the client and server of one build directory; one "ok"/"not ok"
# line per scenario, failure dumps in tests/tui/out/, and a final line
# "N passed, N failed".
# usage: tests/tui/run.sh [BUILD_DIR] [SCENARIO.scn ...]
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${1:-build}
[ $# -gt 0 ] && shift
out=${TUI_OUT:-tests/tui/out/$(basename "$B")}
mkdir -p "$out"
rm -f "$out"/*.log "$out"/*.san.*

# The driver itself is an ordinary build; the programs under test come
# from $B (e.g. build-asan). Sanitizer builds are slower: scale the waits.
driver=${TUI_DRIVER:-build/tui-driver}
[ -x "$driver" ] || driver=$B/tui-driver
scale=${TUI_SCALE:-1}
case "$B" in *asan*|*san*) scale=${TUI_SCALE:-3} ;; esac
passed=0 failed=0

if [ ! -x "$driver" ]; then
	echo "not ok - tui driver ($driver is missing; run make tests)"
	echo "0 passed, 1 failed"
	exit 1
fi

ok() { passed=$((passed + 1)); echo "ok - $1"; }
notok() { failed=$((failed + 1)); echo "not ok - $1${2:+ ($2)}"; }

# A sanitizer report anywhere in this scenario's logs fails it.
san_reports() {
	for f in "$out/$1".san.*; do
		[ -s "$f" ] && { echo "=== sanitizer report $f"; cat "$f"; }
	done
}

# run NAME FILE: one scenario; 0 when it passed.
run_one() {
	log=$out/$1.log
	ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}log_path=$PWD/$out/$1.san" \
	UBSAN_OPTIONS="${UBSAN_OPTIONS:-}${UBSAN_OPTIONS:+:}log_path=$PWD/$out/$1.san" \
		"$driver" -b "$B" -s "$scale" -t $((180 * ${scale%.*})) "$2" >"$log" 2>&1
	rc=$?
	rep=$(san_reports "$1")
	[ -n "$rep" ] && { echo "$rep" >>"$log"; rc=1; }
	return $rc
}

# The driver's own checks first: it reads keys and screens right, and it
# does fail when a text never shows (TUI_NO_SELFTEST=1: not again).
if [ -z "${TUI_NO_SELFTEST:-}" ]; then
	if run_one driver-selftest tests/tui/selftest/driver.scn; then ok "driver self-test"
	else notok "driver self-test" "$out/driver-selftest.log"; fi
	if run_one driver-must-fail tests/tui/selftest/must_fail.scn; then
		notok "driver reports a missing text" "it passed a scenario that must fail"
	elif grep -q '^FAIL .*must_fail.scn:3:' "$out/driver-must-fail.log"; then ok "driver reports a missing text"
	else notok "driver reports a missing text" "$out/driver-must-fail.log"; fi
fi

if [ $# -eq 0 ]; then set -- tests/tui/scenarios/*.scn; fi
for scn in "$@"; do
	[ -e "$scn" ] || continue
	name=$(basename "$scn" .scn)
	if [ ! -x "$B/yichuang" ] || [ ! -x "$B/yichuangd" ]; then
		notok "$name" "$B/yichuang or $B/yichuangd is not built"
		continue
	fi
	start=$(date +%s)
	if run_one "$name" "$scn"; then
		ok "$name ($(($(date +%s) - start)) s)"
	else
		notok "$name" "log: $out/$name.log"
		sed -n '/^FAIL/{p;n;p;}' "$out/$name.log" | sed 's/^/#   /' | head -4
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
