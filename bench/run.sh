#!/bin/sh
# make bench: measures the client and the server against yardsticks re-measured
# in the same run, prints a Markdown table of medians and writes it to
# bench/REPORT.md. Loopback only; every part ends by itself.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
RUNS=${BENCH_RUNS:-20}
WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
STREAMS=${BENCH_STREAMS:-1000}
out=bench/out
mkdir -p "$out" "$B/bench/yardstick"
rm -f "$out"/*.log "$out"/*.db*
driver=$B/tui-driver
server_pid=""
trap 'stop_server' EXIT
trap 'exit 130' INT TERM HUP

note() { printf '%s\n' "$*" >&2; }

# median: the median of the numbers on stdin ("n/a" when none).
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# measure NAME LOGS…: the values of "MEASURE NAME x" lines in the logs.
measure() {
	name=$1
	shift
	cat "$@" 2>/dev/null | awk -v n="$name" '$1 == "MEASURE" && $2 == n { print $3 }'
}
# ratio A B [DIGITS]: A / B, or "—" when either is missing.
ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN {
		if (a == "n/a" || b == "n/a" || b + 0 == 0) print "—"; else printf "%.*f×\n", d, a / b }'
}
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { if (v == "n/a") print v; else printf "%.*f\n", d, v }'; }

# ---- the yardsticks that need libraries the bench programs do not link ----
CC=${CC:-cc}
for y in curses_form empty; do
	$CC -std=c11 -O2 -o "$B/bench/yardstick/$y" "bench/yardstick/$y.c" \
		$(pkg-config --cflags --libs ncursesw) || exit 1
done
$CC -std=c11 -D_GNU_SOURCE -O2 -pthread -o "$B/bench/yardstick/mhd_fixed" bench/yardstick/mhd_fixed.c \
	$(pkg-config --cflags --libs libmicrohttpd) || exit 1

# run_scn NAME N SCENARIO: the scenario N times through the pty driver.
run_scn() {
	i=1
	while [ "$i" -le "$2" ]; do
		"$driver" -b "$B" -t 60 "$3" >"$out/$1.$i.log" 2>&1 ||
			note "bench: $3 failed (run $i, see $out/$1.$i.log)"
		i=$((i + 1))
	done
}

# ---- start-up and memory: the client against a bare curses program ----
note "bench: start-up, $RUNS runs each"
sed "s|@PROG@|$B/bench/yardstick/curses_form|" bench/exit.scn.in >"$out/curses_form.scn"
sed "s|@PROG@|$B/bench/yardstick/empty|" bench/exit.scn.in >"$out/empty.scn"
run_scn curses "$RUNS" "$out/curses_form.scn"
run_scn empty "$RUNS" "$out/empty.scn"
run_scn client "$RUNS" bench/startup.scn
run_scn typing 3 bench/typing.scn

curses_ms=$(measure exit_ms "$out"/curses.*.log | median)
empty_ms=$(measure exit_ms "$out"/empty.*.log | median)
curses_kib=$(measure maxrss_kib "$out"/curses.*.log | median)
client_ms=$(measure start_frame_ms "$out"/client.*.log | median)
client_text_ms=$(measure start_text_ms "$out"/client.*.log | median)
client_kib=$(measure maxrss_kib "$out"/client.*.log | median)
online_ms=$(measure online_frame_ms "$out"/client.*.log | median)
home_bytes=$(measure bytes_home_down "$out"/client.*.log | median)
scroll_bytes=$(measure bytes_home_scroll "$out"/client.*.log | median)
list_bytes=$(measure bytes_list_down "$out"/client.*.log | median)
ascii_bytes=$(measure bytes_ascii "$out"/typing.*.log | median)
cjk_bytes=$(measure bytes_cjk "$out"/typing.*.log | median)
tab_bytes=$(measure bytes_tab "$out"/typing.*.log | median)

# ---- yichuangd under wrk, against a bare libmicrohttpd server ----
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# start_server LOG CMD…: run a server, wait for its "listening on" line,
# whichever line it is (yichuangd reports its knowledge base first), for
# START_TENTHS tenths of a second at most (15 s unless set).
start_server() {
	log=$1
	shift
	"$@" >"$log" 2>&1 &
	server_pid=$!
	i=0
	url=""
	while [ $i -lt "${START_TENTHS:-150}" ] && [ -z "$url" ]; do
		url=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$log" | head -n 1)
		[ -n "$url" ] || { kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; }
		i=$((i + 1))
	done
	[ -n "$url" ] || { note "bench: $1 did not start (see $log)"; return 1; }
}
stop_server() {
	[ -n "$server_pid" ] || return 0
	kill "$server_pid" 2>/dev/null
	wait "$server_pid" 2>/dev/null
	server_pid=""
}
# wrk_run LOG URL [HEADER]: requests/s and p99 (ms) into $rps and $p99.
wrk_run() {
	if [ -n "${3:-}" ]; then wrk -t2 -c50 -d"${WRK_SECONDS}s" --latency -H "$3" "$2" >"$1" 2>&1
	else wrk -t2 -c50 -d"${WRK_SECONDS}s" --latency "$2" >"$1" 2>&1; fi
	rps=$(awk '/^Requests\/sec:/ { print $2 }' "$1")
	p99=$(awk '$1 == "99%" { v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
		print (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v }' "$1")
	errs=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$1")
	rps=${rps:-n/a} p99=${p99:-n/a}
	[ -n "$errs" ] && note "bench: $2: $errs answers were not 2xx (see $1)"
}

yc_rps=n/a yc_p99=n/a mhd_rps=n/a mhd_p99=n/a fan_ms=n/a fan_max=n/a fan_open=n/a
if command -v wrk >/dev/null 2>&1; then
	note "bench: libmicrohttpd yardstick, wrk ${WRK_SECONDS} s"
	if start_server "$out/mhd.log" "$B/bench/yardstick/mhd_fixed" $((WRK_SECONDS + 30)); then
		wrk_run "$out/wrk-mhd.log" "$url/"
		mhd_rps=$rps mhd_p99=$p99
	fi
	stop_server
else
	note "bench: wrk is not installed; the HTTP rows stay empty"
fi

note "bench: yichuangd"
if start_server "$out/server.log" "$B/yichuangd" --listen 127.0.0.1:0 --db "$out/bench.db" --demo --demo-rate 0; then
	tok=$(curl -s -m 10 -H 'Content-Type: application/json' \
		-d '{"username":"clerk01","password":"demo"}' "$url/v1/auth/login" |
		sed -n 's/.*"access_token"[ ]*:[ ]*"\([^"]*\)".*/\1/p')
	if [ -z "$tok" ]; then
		note "bench: cannot log in to yichuangd (see $out/server.log)"
	else
		if command -v wrk >/dev/null 2>&1; then
			wrk_run "$out/wrk-queue.log" "$url/v1/queue" "Authorization: Bearer $tok"
			yc_rps=$rps yc_p99=$p99
		fi
		note "bench: one event to $STREAMS SSE streams"
		"$B/bench/events_fanout" -n "$STREAMS" -r 5 "$url" >"$out/fanout.log" 2>&1 ||
			note "bench: events_fanout failed (see $out/fanout.log)"
		fan_ms=$(measure fanout_ms_median "$out/fanout.log" | median)
		fan_max=$(measure fanout_ms_max "$out/fanout.log" | median)
		fan_open=$(measure streams_open "$out/fanout.log" | median)
	fi
fi
stop_server

# ---- knowledge search: the client's own index, synced from yichuangd ----
# The server's synthetic articles take a minute to generate: its database
# is kept between runs in $B/bench (BENCH_KB_ARTICLES changes the count;
# BENCH_KB_YARDSTICK=0 skips the FTS5 yardstick).
KB_N=${BENCH_KB_ARTICLES:-100000}
kb_keys=n/a kb_med=n/a kb_p99=n/a kb_max=n/a kb_1m=n/a kb_1p=n/a kb_2m=n/a kb_2p=n/a kb_3m=n/a kb_3p=n/a
kb_rss=n/a kb_sync=n/a kb_mib=n/a kb_post=n/a kb_first=n/a
fts_med=n/a fts_p99=n/a fts_1m=n/a fts_1p=n/a fts_build=n/a fts_mib=n/a
note "bench: knowledge base, $KB_N synthetic articles (the first run generates them)"
if START_TENTHS=9000 start_server "$out/kb-server.log" "$B/yichuangd" --listen 127.0.0.1:0 \
	--db "$B/bench/kb-server-$KB_N.db" --demo --demo-rate 0 --demo-scale "$KB_N"; then
	rm -f "$out/kb-client.db" "$out/kb-client.db-wal" "$out/kb-client.db-shm"
	"$B/bench/kb_search" --server "$url" --db "$out/kb-client.db" >"$out/kb.log" 2>"$out/kb.err" ||
		note "bench: kb_search failed (see $out/kb.err)"
fi
stop_server
if [ "${BENCH_KB_YARDSTICK:-1}" != 0 ] && [ -s "$out/kb-client.db" ]; then
	note "bench: the FTS5 yardstick over the same articles (builds for about half a minute)"
	rm -f "$out/kb-fts5.db"
	"$B/bench/kb_search" --db "$out/kb-client.db" --fts5 "$out/kb-fts5.db" >"$out/kb-fts5.log" 2>&1 ||
		note "bench: the FTS5 yardstick failed (see $out/kb-fts5.log)"
	rm -f "$out/kb-fts5.db"
fi
kbm() { v=$(measure "$1" "$out/kb.log" "$out/kb-fts5.log" | head -n 1); echo "${v:-n/a}"; }
kb_keys=$(kbm kb_keys) kb_med=$(kbm kb_key_ms_median) kb_p99=$(kbm kb_key_ms_p99) kb_max=$(kbm kb_key_ms_max)
kb_1m=$(kbm kb_1char_ms_median) kb_1p=$(kbm kb_1char_ms_p99) kb_2m=$(kbm kb_2char_ms_median) kb_2p=$(kbm kb_2char_ms_p99)
kb_3m=$(kbm kb_3char_ms_median) kb_3p=$(kbm kb_3char_ms_p99) kb_rss=$(kbm kb_search_peak_rss_mib)
kb_sync=$(kbm kb_sync_s) kb_mib=$(kbm kb_file_mib) kb_post=$(kbm kb_postings_mib) kb_first=$(kbm kb_first_search_ms)
fts_med=$(kbm fts5_key_ms_median) fts_p99=$(kbm fts5_key_ms_p99) fts_1m=$(kbm fts5_1char_ms_median)
fts_1p=$(kbm fts5_1char_ms_p99) fts_build=$(kbm fts5_build_s) fts_mib=$(kbm fts5_file_mib)

intake_rows=$(B=$B sh bench/intake.sh) # issue 3: prefill latency, intake key presses, typing in a form
offline_rows=$(B=$B sh bench/offline.sh) # issue 4: offline start, autosave, sync of the outbox
# ---- the table ----
{
	echo "# yichuang benchmarks"
	echo
	echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), $(uname -sr)."
	echo "Medians; client figures over $RUNS runs in an 80x24 pty (xterm-256color) read through libvterm."
	echo "Yardsticks re-measured in this run, except where marked ANCHORS.md (measured earlier on this kind of machine)."
	echo
	echo "| measure | yichuang | yardstick | ratio |"
	echo "| --- | --- | --- | --- |"
	echo "| start to first complete home frame (logged in, queue listed) | $(fmt "$client_ms") ms (queue text at $(fmt "$client_text_ms") ms; online, events stream up: $(fmt "$online_ms") ms) | bare ncursesw, 40-field form, start to exit: $(fmt "$curses_ms" 2) ms (empty program: $(fmt "$empty_ms" 2) ms); headless Chromium 479 ms (ANCHORS.md) | $(ratio "$client_ms" "$curses_ms") curses; $(ratio "$client_ms" 479 2) Chromium |"
	echo "| peak memory of the client (max RSS) | $(fmt "$(awk -v k="$client_kib" 'BEGIN { if (k == "n/a") print k; else print k / 1024 }')") MiB | bare ncursesw $(fmt "$(awk -v k="$curses_kib" 'BEGIN { if (k == "n/a") print k; else print k / 1024 }')") MiB; Chromium 1,010 MiB (ANCHORS.md) | $(ratio "$client_kib" "$curses_kib") curses |"
	echo "| terminal bytes per key, Down moving the waiting list's cursor (22 tickets) | $(fmt "$home_bytes") B | — | — |"
	echo "| terminal bytes per key, Down at the panel's bottom edge (the list scrolls a line) | $(fmt "$scroll_bytes") B | — | — |"
	echo "| terminal bytes per key, Down in the transfer list | $(fmt "$list_bytes") B | — | — |"
	echo "| terminal bytes per ASCII key typed in the login field (a field without attribute) | $(fmt "$ascii_bytes") B | 1 B plain field; 16 B underlined/reverse (ANCHORS.md) | $(ratio "$ascii_bytes" 1) plain |"
	echo "| terminal bytes per Chinese key typed in the login field | $(fmt "$cjk_bytes") B | 3 B plain field; 18 B underlined/reverse (ANCHORS.md) | $(ratio "$cjk_bytes" 3) plain |"
	echo "| terminal bytes per Tab to the next field | $(fmt "$tab_bytes") B | 7 B (ANCHORS.md) | $(ratio "$tab_bytes" 7) |"
	echo "| yichuangd GET /v1/queue, wrk -t2 -c50 -d${WRK_SECONDS}s, requests/s | $(fmt "$yc_rps" 0) | libmicrohttpd fixed 1 KB, epoll + pool of 2: $(fmt "$mhd_rps" 0) (ANCHORS.md: 223,000; nginx 136,000) | $(ratio "$yc_rps" "$mhd_rps" 2) |"
	echo "| yichuangd GET /v1/queue p99 | $(fmt "$yc_p99" 2) ms | $(fmt "$mhd_p99" 2) ms (ANCHORS.md: 5.1 ms) | $(ratio "$yc_p99" "$mhd_p99") |"
	echo "| one ticket event to $fan_open concurrent SSE streams (median of 5) | $(fmt "$fan_ms") ms (max $(fmt "$fan_max") ms) | — | — |"
	echo "| knowledge search per key press, $KB_N articles, median (every prefix of 40 queries as typed, $kb_keys presses; target 2 ms) | $(fmt "$kb_med" 2) ms (1 character $(fmt "$kb_1m" 2), 2: $(fmt "$kb_2m" 2), 3 and more: $(fmt "$kb_3m" 2)) | plain FTS5 over character pairs, same articles, Chinese presses only: $(fmt "$fts_med" 1) ms (1 character $(fmt "$fts_1m" 1)); ANCHORS.md 1 character 86 ms | $(ratio "$fts_med" "$kb_med" 0) faster |"
	echo "| knowledge search per key press, p99 (target 10 ms) | $(fmt "$kb_p99" 2) ms (1 character $(fmt "$kb_1p" 2), 2: $(fmt "$kb_2p" 2), 3 and more: $(fmt "$kb_3p" 2); slowest $(fmt "$kb_max" 1) ms) | FTS5: $(fmt "$fts_p99" 0) ms (1 character $(fmt "$fts_1p" 0)); ANCHORS.md 1 character 456 ms | $(ratio "$fts_p99" "$kb_p99" 0) faster |"
	echo "| peak memory of a process searching the knowledge index (max RSS, whole client library loaded; target 30 MiB) | $(fmt "$kb_rss") MiB (first search, loading the titles: $(fmt "$kb_first" 0) ms) | — | — |"
	echo "| knowledge index: full sync of $KB_N articles from yichuangd over HTTP; file size | $(fmt "$kb_sync") s; $(fmt "$kb_mib" 0) MiB (posting lists $(fmt "$kb_post" 0) MiB, the rest article text) | FTS5 pairs build from the stored articles: $(fmt "$fts_build") s, $(fmt "$fts_mib" 0) MiB; ANCHORS.md 29-42 s, 303 MiB index + 213 MiB text | — |"
	echo "$intake_rows"
	echo "$offline_rows"
	echo
	echo "Logs of this run: bench/out/. Re-run with \`make bench\`; BENCH_RUNS, BENCH_WRK_SECONDS, BENCH_STREAMS, BENCH_KB_ARTICLES, BENCH_OFFLINE_RUNS and BENCH_QUEUED change the sizes."
} >"$out/report.md"
cat "$out/report.md"
cp "$out/report.md" bench/REPORT.md
