#!/bin/sh
# The kill -9 loop: COUNT scenarios, each a scripted typing session in the
# 居住证 form killed with SIGKILL at a random point (right after a committed
# field, or while the next one is being typed), then started again: the
# resumed draft must hold every field committed before the kill.
# usage: tests/tui/killloop.sh [BUILD_DIR] [COUNT] [SEED]
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 2
B=${1:-build}
COUNT=${2:-5}
SEED=${3:-$(date +%s)}
gen=tests/tui/out/killloop-$(basename "$B")
rm -rf "$gen"
mkdir -p "$gen"
echo "# kill -9 loop: $COUNT runs, seed $SEED (tests/tui/killloop.sh $B $COUNT $SEED repeats it)"

# The steps: keys that commit one field, and the row that shows it committed.
steps=$gen/steps
cat >"$steps" <<'END'
type 3|文化程度               高中/中专
type 2|婚姻状况               已婚
key Down|▶ 居住地所属街道（镇）*
type 2|居住地所属街道（镇）*  湖南路街道
key Tab|▶ 住所类型*
type 2|住所类型*              租赁住房
key Space|租赁合同已登记备案     [x] Yes
END
nsteps=$(wc -l <"$steps")

i=1
while [ "$i" -le "$COUNT" ]; do
	# k steps confirmed before the kill; then maybe the next step's keys
	# sent and a random pause (0-120 ms) before the kill.
	set -- $(awk -v s="$SEED" -v i="$i" -v n="$nsteps" 'BEGIN { srand(s * 1000 + i);
		printf "%d %d %d\n", int(rand() * (n + 1)), int(rand() * 2), int(rand() * 121) }')
	k=$1 inflight=$2 pause=$3
	[ "$k" -ge "$nsteps" ] && inflight=0
	scn=$gen/kill$i.scn
	{
		echo "# kill -9 after $k committed steps; next step in flight: $inflight, pause $pause ms"
		cat <<'END'
server start
write $XDG_CONFIG_HOME/yichuang/config <<CFG
server = $SERVER
username = clerk01
password_command = echo demo
CFG
spawn
wait "● online"
key F6
wait "Ticket V001: called"
type 330106199605297400
key Enter
wait "People ●found"
wait "Proofs ●found"
type jzz
key Enter
wait "上海市居住证申请表"
wait "▶ 文化程度"
END
		awk -F'|' -v k="$k" 'NR <= k { print $1; printf "wait \"%s\"\n", $2 }' "$steps"
		if [ "$inflight" -eq 1 ]; then
			awk -F'|' -v k="$k" 'NR == k + 1 { print $1 }' "$steps"
			echo "sleep $pause"
		fi
		echo "kill"
		cat <<'END'
spawn
wait "Resume the draft of 田**"
key Enter
wait "上海市居住证申请表"
wait "Draft resumed"
END
		# every committed value is back (a cursor row is not a value)
		awk -F'|' -v k="$k" 'NR <= k && $2 !~ /^▶/ { printf "expect \"%s\"\n", $2 }' "$steps"
	} >"$scn"
	i=$((i + 1))
done
TUI_OUT=$gen TUI_NO_SELFTEST=1 sh tests/tui/run.sh "$B" "$gen"/kill*.scn
