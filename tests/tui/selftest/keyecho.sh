#!/bin/sh
# keyecho: a stand-in program for the driver's self-test; shows the size, the
# TERM and the bytes of each key it reads, and exits 3 on "q".
# SPDX-License-Identifier: GPL-3.0-or-later
stty -icanon -echo min 1 time 0
trap 'printf "size %s\n" "$(stty size)"' WINCH
printf 'ready %s %s 世界\n' "$TERM" "$(stty size)"
while :; do
	k=$(dd bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')
	[ "$k" = 71 ] && exit 3
	printf 'key %s\n' "$k"
done
