#!/bin/sh
# make demo: starts a demo hall (yichuangd --demo on a free loopback port,
# its database under $XDG_DATA_HOME/yichuang/demo.db), runs the client
# against it in the foreground, and stops the server when the client exits.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
umask 077 # the demo database holds account password hashes
cd "$(dirname "$0")/.." || exit 2
B=${B:-build}
data=${XDG_DATA_HOME:-$HOME/.local/share}/yichuang
mkdir -p "$data" && chmod 700 "$data"
log=$data/demo-server.log

cat <<'TXT'
yichuang demo — 徐汇区行政服务中心 (password for every account: demo)
  clerk01  张伟  clerk, 1号窗口 (A 综合受理, B 企业开办, V 绿色通道)
  clerk02  李娜  clerk, 2号窗口 (A, C 社保医保, D 不动产登记, V)
  agent01  王芳  remote-assist agent
  super01  陈静  hall supervisor
Tickets keep arriving by themselves. Keys: F6 call next, F7 recall, s skip,
h hold, t transfer, f finish, F1 help, q quit.
TXT

"$B/yichuangd" --listen 127.0.0.1:0 --db "$data/demo.db" --demo >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null' EXIT
trap 'exit 130' INT TERM HUP

# The server's first line names the port it got.
url=""
i=0
while [ $i -lt 100 ] && [ -z "$url" ]; do
	url=$(sed -n '1s|.*listening on \(http://127\.0\.0\.1:[0-9][0-9]*\).*|\1|p' "$log" 2>/dev/null)
	[ -n "$url" ] && break
	kill -0 "$server" 2>/dev/null || break
	sleep 0.1
	i=$((i + 1))
done
if [ -z "$url" ]; then
	echo "demo: yichuangd did not start; its log ($log):" >&2
	tail -n 20 "$log" >&2
	exit 1
fi
echo "server: $url (log: $log)"
"$B/yichuang" --server "$url"
