#!/bin/sh
# The dependency step: find what the build and the tests need and install the
# missing Debian packages (as root, or through sudo); otherwise print the
# exact apt-get line and fail.
set -u
need=""
add() { case " $need " in *" $1 "*) ;; *) need="$need $1";; esac; }
pc() { pkg-config --exists "$1" 2>/dev/null || add "$2"; }
cmd() { command -v "$1" >/dev/null 2>&1 || add "$2"; }
has() { [ -e "$1" ] || add "$2"; }

cmd pkg-config pkg-config
cmd cc gcc
cmd make make
[ "${1:-}" = "--fuzz" ] && cmd clang clang   # make fuzz: libFuzzer comes with clang
pc ncursesw libncursesw5-dev
pc libcurl libcurl4-openssl-dev
pc libcjson libcjson-dev
pc libsecret-1 libsecret-1-dev
pc readline libreadline-dev
pc sqlite3 libsqlite3-dev
pc libmicrohttpd libmicrohttpd-dev
pc libsodium libsodium-dev
pc libqrencode libqrencode-dev
cmd bzcat bzip2
has /usr/share/unicode/Unihan_Readings.txt.bz2 unicode-data
if [ "${1:-}" != "--build-only" ]; then
  pc cmocka libcmocka-dev
  pc vterm libvterm-dev
  cmd msgfmt gettext
  cmd node nodejs
  cmd npm npm
  cmd wrk wrk
  cmd curl curl
  cmd sqlite3 sqlite3   # make bench reads the case database
  cmd perl perl
  cmd tmux tmux
  # AddressSanitizer/UBSan runtimes come with gcc; LeakSanitizer for clang too.
  [ -e /usr/share/i18n/SUPPORTED ] || add locales
fi

gen_locale() {
  # The zh_CN scenarios need the locale itself, not only the package.
  [ "${1:-}" = "--build-only" ] && return 0
  locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && return 0
  $SUDO localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 2>/dev/null ||
    echo "deps: could not generate zh_CN.UTF-8 (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8)" >&2
}
if [ -z "$need" ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  gen_locale "${1:-}"; exit 0
fi
line="apt-get install -y$need"
if [ "$(id -u)" = 0 ]; then SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
else
  echo "deps: missing packages; run as root:" >&2
  echo "  $line" >&2
  exit 1
fi
echo "deps: installing:$need" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null || true
$SUDO apt-get install -y -qq $need >/dev/null || { echo "deps: failed: $line" >&2; exit 1; }
gen_locale "${1:-}"
