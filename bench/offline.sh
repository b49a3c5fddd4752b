#!/bin/sh
# bench/offline.sh: the offline-drafting measures of issue 4 — start to the first frame offline with a
# full cache, terminal bytes per screen change and per character typed into a form field, the time to
# autosave one field change, and the time `yichuang sync` takes to send 100 queued submissions to a
# yichuangd that was away. Prints Markdown table rows like bench/run.sh's. Loopback only.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
RUNS=${BENCH_OFFLINE_RUNS:-3}
QUEUED=${BENCH_QUEUED:-100}
out=$(pwd)/bench/out/offline
rm -rf "$out"
mkdir -p "$out"
driver=$B/tui-driver
note() { printf '%s\n' "$*" >&2; }
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
measure() { name=$1; shift; cat "$@" 2>/dev/null | awk -v n="$name" '$1 == "MEASURE" && $2 == n { print $3 }'; }
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { if (v == "n/a" || v == "") print "n/a"; else printf "%.*f\n", d, v }'; }
ms_now() { date +%s%N | awk '{ printf "%.1f\n", $1 / 1e6 }'; }
# A port nobody listens on (the client's store is named after server and port).
port=$((20000 + $$ % 20000))

# ---- 1. the scenario: cache filled, offline start, bytes, one case queued ----
i=1
while [ "$i" -le "$RUNS" ]; do
	dir=$out/run$i
	mkdir -p "$dir"
	sed "s|@DIR@|$dir|g; s|@PORT@|$port|g" bench/offline.scn.in >"$dir/offline.scn"
	"$driver" -b "$B" -t 120 "$dir/offline.scn" >"$dir/offline.log" 2>&1 ||
		note "bench: offline scenario failed (run $i, see $dir/offline.log)"
	i=$((i + 1))
done
logs=$(ls "$out"/run*/offline.log)
start_ms=$(measure offline_start_frame_ms $logs | median)
screen_b=$(measure bytes_screen_change $logs | median)
char_b=$(measure offline_form_bytes_per_char $logs | median)

# ---- 2. autosave: one committed field change made durable ----
"$B/bench/autosave" -d "$out/autosave" -n 1000 >"$out/autosave.log" 2>&1 ||
	note "bench: autosave failed (see $out/autosave.log)"
as_med=$(measure autosave_ms_median "$out/autosave.log" | head -n 1)
as_p99=$(measure autosave_ms_p99 "$out/autosave.log" | head -n 1)
as_max=$(measure autosave_ms_max "$out/autosave.log" | head -n 1)
as_bytes=$(measure draft_bytes "$out/autosave.log" | head -n 1)

# ---- 3. yichuang sync with QUEUED submissions waiting ----
# The first run's queued intake is copied to QUEUED drafts with new ids and keys
# (each its own case), then yichuang sync sends them to the server back on the same port.
sync_ms=n/a made=n/a
dir=$out/run1
store=$(ls "$dir"/data/yichuang/*.db 2>/dev/null | head -n 1)
if [ -n "$store" ] && [ "$(sqlite3 "$store" 'select count(*) from outbox' 2>/dev/null)" = 1 ]; then
	sqlite3 "$store" "
		WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $QUEUED)
		INSERT INTO draft SELECT printf('dbench%06d', i), created_at, updated_at, state, holder, applicant, title,
			replace(doc, (SELECT id FROM draft d2 WHERE d2.id = draft.id), printf('dbench%06d', i))
			FROM draft, n WHERE draft.state = 'queued';
		WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < $QUEUED)
		INSERT INTO outbox SELECT printf('dbench%06d', i),
			lower(printf('%s-%s-4%s-a%s-%s', hex(randomblob(4)), hex(randomblob(2)), substr(hex(randomblob(2)), 2),
				substr(hex(randomblob(2)), 2), hex(randomblob(6)))),
			body, queued_at, 0, 0, 0, NULL FROM outbox, n;" 2>"$out/copy.err" ||
		note "bench: copying the queued case failed (see $out/copy.err)"
	"$B/yichuangd" --listen "127.0.0.1:$port" --db "$dir/server.db" --demo --demo-rate 0 >"$out/sync-server.log" 2>&1 &
	spid=$!
	n=0
	while [ $n -lt 100 ] && ! grep -q 'listening on' "$out/sync-server.log"; do sleep 0.1; n=$((n + 1)); done
	before=$(sqlite3 "$dir/server.db" 'select count(*) from cases' 2>/dev/null)
	t0=$(ms_now)
	XDG_DATA_HOME=$dir/data XDG_CONFIG_HOME=$dir/config LANG=C.UTF-8 "$B/yichuang" sync >"$out/sync.log" 2>&1 ||
		note "bench: yichuang sync exited $? (see $out/sync.log)"
	t1=$(ms_now)
	after=$(sqlite3 "$dir/server.db" 'select count(*) from cases' 2>/dev/null)
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	sync_ms=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	made=$((after - before))
	[ "$made" -eq "$QUEUED" ] || note "bench: yichuang sync made $made cases for $QUEUED queued (see $out/sync.log)"
else
	note "bench: no queued case to copy (see $dir/offline.log)"
fi

echo "| offline start with the full cache (--offline): exec to the first complete home frame (median of $RUNS) | $(fmt "$start_ms") ms | — | — |"
echo "| terminal bytes per screen change (home ↔ its key help, ? pressed 10 times) | $(fmt "$screen_b" 0) B | — | — |"
echo "| terminal bytes per character typed into a form field offline (Chinese and ASCII, target under 64 B) | $(fmt "$char_b") B | — | — |"
echo "| autosave: one committed field change made durable (the whole draft, $(fmt "$as_bytes" 0) B of JSON, one transaction, synchronous=FULL; 1,000 saves) | median $(fmt "$as_med" 2) ms, p99 $(fmt "$as_p99" 2) ms (slowest $(fmt "$as_max" 1) ms) | — | — |"
echo "| yichuang sync: $QUEUED queued submissions sent (login, cache sync, one POST each with its key) | $(fmt "$sync_ms" 0) ms, $made cases made | — | — |"
