#!/bin/sh
# bench/intake.sh: the intake measures of issue 3 — prefill latency with every shared-data source
# 200 ms late, key presses for the three reference intakes against typing every field by hand, and
# terminal bytes and client CPU per character typed into a form field. Prints Markdown table rows
# like bench/run.sh's. Loopback only; every run ends by itself.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
RUNS=${BENCH_INTAKE_RUNS:-5}
out=bench/out/intake
mkdir -p "$out"
rm -f "$out"/*
driver=$B/tui-driver
note() { printf '%s\n' "$*" >&2; }
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { if (v == "n/a" || v == "") print "n/a"; else printf "%.*f\n", d, v }'; }

# traced SCN LOG: runs the driver with -v; every trace line gets a time stamp (s), and on a line
# "echo CPU-…" the client's CPU time so far (ns, all threads, from /proc schedstat) is added.
traced() {
	fifo=$out/trace.fifo
	rm -f "$fifo" && mkfifo "$fifo" || return 1
	"$driver" -v -b "$B" -t 90 "$1" 2>"$fifo" >"$2.out" &
	dpid=$!
	perl -MTime::HiRes=time -ne '
		BEGIN { $| = 1; $d = shift @ARGV }
		sub cpu { my $ns = 0;
			for my $s (glob "/proc/[0-9]*/stat") { open my $f, "<", $s or next; my $l = <$f>;
				next unless $l =~ /^(\d+) \(yichuang\) \S (\d+)/ && $2 == $d;
				for my $t (glob "/proc/$1/task/*/schedstat") { open my $g, "<", $t or next;
					my ($r) = split " ", <$g>; $ns += $r } }
			return $ns }
		chomp; my $c = /: echo CPU-/ ? " cpu_ns=" . cpu() : "";
		printf "%.6f %s%s\n", time, $_, $c' "$dpid" <"$fifo" >"$2"
	wait "$dpid"
	st=$?
	rm -f "$fifo"
	[ "$st" -eq 0 ] || note "bench: $1 failed (see $2.out)"
	return "$st"
}
# since LOG FROM TO: ms from the first trace line matching FROM to the line after the next one
# matching TO (a wait's line is stamped when it starts; the next command's, when it has ended).
since() {
	awk -v a="$2" -v b="$3" 'hit { printf "%.1f\n", ($1 - t0) * 1000; exit }
		$0 ~ a && !t0 { t0 = $1 } t0 && $0 ~ b { hit = 1 }' "$1"
}

# ---- 1. prefill latency ----
note "bench: intake prefill, every source 200 ms late, $RUNS runs"
i=1
while [ "$i" -le "$RUNS" ]; do
	traced bench/intake_prefill.scn "$out/prefill.$i.log" &&
		since "$out/prefill.$i.log" ': key Enter$' ': wait "re:People ●found' >>"$out/prefill.ms"
	i=$((i + 1))
done
prefill_ms=$(median <"$out/prefill.ms")

# ---- 2. key presses of the reference intakes, against typing every field by hand ----
# keys SCN CASE.json: "prefill byhand" key counts (the method is in the table's row).
keys() {
	perl -MJSON::PP -CSD -e '
		my ($scn, $case) = @ARGV; open my $f, "<:utf8", $scn or die; my @l = <$f>;
		my ($on, $part, %n) = (0, "nav");
		for (my $i = 0; $i < @l; $i++) { local $_ = $l[$i]; chomp;
			$on = 1 if /^key F6\b/; next unless $on;
			last if /^wait "(受理回执|Receipt of acceptance)/;
			$part = "form" if $part eq "nav" && /^wait "[^"]*(申请表|申请书)/;
			$part = "nav" if /^wait "(收件：|Materials: )/;
			if (/^type (.*)$/) { my $t = $1;
				# a date cut from the server clock ($NOW, then Backspace*10) is 10 typed characters
				if ($t =~ /^\$/) { $n{$part} += 10; $i++ if $l[$i + 1] =~ /^key Backspace\*10$/; next }
				$t =~ s/^"(.*)"$/$1/ or $t =~ s/^\x27(.*)\x27$/$1/; $n{$part} += length $t }
			elsif (/^key (.*)$/) { for (split " ", $1) { $n{$part} += /\*(\d+)$/ ? $1 : 1 } } }
		open my $c, "<", $case or die; local $/; my $j = JSON::PP->new->decode(<$c>);
		# by hand: each value typed (a choice code [a-z_]+ or true is one key, false the default:
		# none), a Tab per field, an Insert per table row, one F10 to leave the form
		my $h = 1;
		my $val; $val = sub { my $v = shift;
			if (ref $v eq "ARRAY") { for my $r (@$v) { $h++; $val->($r) } return }
			if (ref $v eq "HASH") { $val->($_) for values %$v; return }
			$h++;
			if (JSON::PP::is_bool($v)) { $h += $v ? 1 : 0 }
			elsif (!ref $v && $v =~ /^[a-z_]+$/) { $h += 1 }
			elsif (defined $v) { $h += length "$v" } };
		$val->($j->{form}{values});
		printf "%d %d\n", $n{nav} + $n{form}, $n{nav} + $h' "$1" "$2"
}
# fetch_case DB FILE: the one case of the database, GET /v1/cases/{number} from a yichuangd on it.
fetch_case() {
	num=$(sqlite3 "$1" 'select number from cases order by seq limit 1' 2>/dev/null)
	[ -n "$num" ] || return 1
	"$B/yichuangd" --listen 127.0.0.1:0 --db "$1" >"$1.server.log" 2>&1 &
	spid=$!
	url=""
	n=0
	while [ $n -lt 100 ] && [ -z "$url" ]; do
		sleep 0.1
		url=$(sed -n 's|.*listening on \(http://127\.0\.0\.1:[0-9]*\).*|\1|p' "$1.server.log" | head -n 1)
		n=$((n + 1))
	done
	tok=$(curl -s -m 10 -H 'Content-Type: application/json' -d '{"username":"clerk01","password":"demo"}' \
		"$url/v1/auth/login" | sed -n 's/.*"access_token"[ ]*:[ ]*"\([^"]*\)".*/\1/p')
	curl -s -m 10 -H "Authorization: Bearer $tok" "$url/v1/cases/$num" >"$2"
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null
	[ -s "$2" ]
}
rows=""
for s in residence_permit sole_proprietor company_setup; do
	scn=tests/tui/scenarios/intake_$s.scn
	note "bench: intake $s, $RUNS runs"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		db=$(pwd)/$out/$s.$i.db
		sed "s|^server start|server start --db $db|" "$scn" >"$out/$s.scn"
		traced "$out/$s.scn" "$out/$s.$i.log" && {
			since "$out/$s.$i.log" ': key F6$' ': wait "(受理回执|Receipt of acceptance)' |
				awk '{ print $1 / 1000 }' >>"$out/$s.s"
			[ -s "$out/$s.case.json" ] || fetch_case "$db" "$out/$s.case.json" ||
				note "bench: cannot fetch the case of $s"
		}
		i=$((i + 1))
	done
	secs=$(median <"$out/$s.s")
	if [ -s "$out/$s.case.json" ]; then
		set -- $(keys "$scn" "$out/$s.case.json")
		kp=$1 kh=$2
	else
		kp=n/a kh=n/a
	fi
	fewer=$(awk -v a="$kp" -v b="$kh" 'BEGIN { if (a == "n/a" || b == "n/a") print "—"; else printf "%.0f%% fewer\n", 100 * (1 - a / b) }')
	rows="$rows$s $kp $kh $(fmt "$secs" 2) $fewer
"
done

# ---- 3. bytes and CPU per character typed into a form field ----
note "bench: typing into a form field, $RUNS runs"
i=1
while [ "$i" -le "$RUNS" ]; do
	traced bench/intake_typing.scn "$out/typing.$i.log" && {
		awk '$1 == "MEASURE" && $2 == "form_bytes_per_char" { print $3 }' "$out/typing.$i.log.out" >>"$out/typing.bytes"
		awk '/echo CPU-START/ { sub(/.*cpu_ns=/, ""); a = $0 } /echo CPU-END/ { sub(/.*cpu_ns=/, "");
			if (a > 0) printf "%.3f\n", ($0 - a) / 20 / 1e6 }' "$out/typing.$i.log" >>"$out/typing.cpu"
	}
	i=$((i + 1))
done
t_bytes=$(median <"$out/typing.bytes")
t_cpu=$(median <"$out/typing.cpu")

# ---- rows ----
echo "| intake: every shared-data lookup answered, from the Enter on the identifier, each source 200 ms late (a person: people, e-licenses, credit, proofs asked at once; median of $RUNS; target 300 ms, serial ~800 ms) | $(fmt "$prefill_ms") ms | — | — |"
printf '%s' "$rows" | while read -r s kp kh secs fewer pct; do
	case $s in
	residence_permit) what="居住证申领, a citizen, full prefill" ;;
	sole_proprietor) what="个体工商户设立登记 for a person" ;;
	*) what="企业开办一件事 by credit code (7 matters, one form)" ;;
	esac
	echo "| intake key presses, $what: F6 to the receipt, the scenario's keys (N typed characters are N keys) | $kp keys (machine time, no pauses: $secs s) | by hand, prefill off: $kh keys (every value of the submitted case, GET /v1/cases/{number}, typed; a choice or yes one key; a Tab per field, an Insert per table row; the same keys outside the form) | $fewer $pct |"
done
echo "| terminal bytes per character typed into a form field (20 characters, Chinese and ASCII, 个体工商户 经营场所) | $(fmt "$t_bytes") B | — | — |"
echo "| client CPU per character typed into a form field (all threads, /proc schedstat, same 20 characters) | $(fmt "$t_cpu" 3) ms | — | — |"
