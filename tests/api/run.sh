#!/bin/sh
# Contract tests: start yichuangd on a fresh database and two Prism proxies
# over api/openapi.yaml, then walk every implemented endpoint (walk.mjs).
# Prints "ok - …" / "not ok - …" per check and ends with "N passed, N failed".
# usage: tests/api/run.sh [path/to/yichuangd]   (default build/yichuangd)
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 2
server_bin=${1:-build/yichuangd}
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1 FORCE_COLOR=0

# fail_early REASON: nothing could be walked; say so in the summary format.
fail_early() {
	echo "not ok - $1"
	echo "0 passed, 1 failed"
	exit 1
}

[ -x "$server_bin" ] || fail_early "$server_bin missing: run make first"
command -v node >/dev/null 2>&1 || fail_early "node missing: run tools/deps.sh"
if [ ! -x node_modules/.bin/prism ] || [ ! -x node_modules/.bin/redocly ]; then
	npm ci --no-audit --no-fund --loglevel=error >&2 || fail_early "npm ci failed"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/yc-api.XXXXXX") || exit 2
server_pid="" strict_pid="" lenient_pid="" walker_pid=""

# Stop what this script started (by pid), then remove its files.
cleanup() {
	for p in $walker_pid $strict_pid $lenient_pid $server_pid; do
		kill "$p" 2>/dev/null
	done
	for p in $walker_pid $strict_pid $lenient_pid $server_pid; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_for FILE REGEX SECONDS PID: print the first match of REGEX in FILE,
# giving up after SECONDS or when PID dies.
wait_for() {
	i=0
	while [ "$i" -lt $(($3 * 10)) ]; do
		m=$(grep -m 1 -o "$2" "$1" 2>/dev/null)
		[ -n "$m" ] && { printf '%s\n' "$m"; return 0; }
		kill -0 "$4" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Dump a log to stderr with a prefix, for the reader of a failed run.
show() { [ -s "$1" ] && sed "s/^/# $2: /" "$1" | tail -n 40 >&2; }

"$server_bin" --listen 127.0.0.1:0 --db "$tmp/hall.db" --demo --demo-rate 0 --heartbeat 1 \
	>"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
line=$(wait_for "$tmp/server.out" 'listening on http://127\.0\.0\.1:[0-9][0-9]*' 15 "$server_pid") || {
	show "$tmp/server.out" server; show "$tmp/server.err" server
	fail_early "yichuangd did not print 'listening on http://127.0.0.1:PORT'"
}
first=$(head -n 1 "$tmp/server.out")
case $first in
*"$line"*) ;;
*) fail_early "yichuangd's first stdout line is not the listening line: $first" ;;
esac
server=http://${line#listening on http://}

# The demo applicants (kind, identifier, name, note) the shared-data walk uses.
"$server_bin" --demo-people >"$tmp/people.tsv" 2>"$tmp/people.err" || {
	show "$tmp/people.err" server
	fail_early "yichuangd --demo-people failed"
}

# The contract as one JSON document, for the walker's coverage check.
node_modules/.bin/redocly bundle api/openapi.yaml --output "$tmp/openapi.json" >"$tmp/bundle.log" 2>&1 || {
	show "$tmp/bundle.log" redocly
	fail_early "redocly bundle failed"
}

# Two proxies on the contract: "strict" turns any violation into an error
# answer (--errors); "lenient" forwards requests that break the contract on
# purpose and reports violations only in the sl-violations header.
node_modules/.bin/prism proxy api/openapi.yaml "$server" --errors -h 127.0.0.1 -p 0 >"$tmp/strict.log" 2>&1 &
strict_pid=$!
node_modules/.bin/prism proxy api/openapi.yaml "$server" -h 127.0.0.1 -p 0 >"$tmp/lenient.log" 2>&1 &
lenient_pid=$!
re='listening on http://127\.0\.0\.1:[0-9][0-9]*'
s_line=$(wait_for "$tmp/strict.log" "$re" 60 "$strict_pid") || { show "$tmp/strict.log" prism; fail_early "prism (strict) did not start"; }
l_line=$(wait_for "$tmp/lenient.log" "$re" 60 "$lenient_pid") || { show "$tmp/lenient.log" prism; fail_early "prism (lenient) did not start"; }

# The walker prints the diagnostics of a failed run before its summary line,
# so that line stays the last one.
node tests/api/walk.mjs --server "$server" \
	--strict "http://${s_line#listening on http://}" \
	--lenient "http://${l_line#listening on http://}" \
	--spec "$tmp/openapi.json" --server-pid "$server_pid" --people "$tmp/people.tsv" \
	--log "server=$tmp/server.err" --log "prism=$tmp/strict.log" --log "prism-lenient=$tmp/lenient.log" &
walker_pid=$!
# (in the background so that a signal interrupts the wait at once)
wait "$walker_pid"
rc=$?
walker_pid=""
exit "$rc"
