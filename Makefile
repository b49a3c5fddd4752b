# yichuang — build, test, demo, bench and install.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sources are found by folder: common/ and forms/ (the form engine, which the
# server uses to validate cases) are linked into both programs; client/ and
# screens/ make yichuang, server/ makes yichuangd. A file named main.c
# holds a program's main(); everything else goes into a static library that
# the unit tests link against.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
DESTDIR   ?=

B        ?= build
CC       ?= cc
PKG      ?= pkg-config
WERROR   ?= -Werror
OPT      ?= -O2 -g
SAN      ?=
CSTD     := -std=c11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Wshadow -Wformat=2 -Wno-unused-parameter -Wstrict-prototypes -Wmissing-prototypes $(WERROR)

PKGS_COMMON := libcjson
PKGS_CLIENT := ncursesw libcurl libcjson libsecret-1 readline sqlite3 libqrencode
# libsecret's headers only: client/secret.c loads it at run time (dlopen)
# when a session bus exists, so its libraries are not linked.
PKGS_CLIENT_LIBS := $(filter-out libsecret-1,$(PKGS_CLIENT))
PKGS_SERVER := libmicrohttpd sqlite3 libcjson libsodium
PKGS_TEST   := cmocka vterm

pc_cflags = $(shell $(PKG) --cflags $(1) 2>/dev/null)
pc_libs   = $(shell $(PKG) --libs $(1) 2>/dev/null)

DEFS := -DYC_VERSION='"$(VERSION)"' -DYC_LOCALEDIR='"$(LOCALEDIR)"' \
        -DYC_KEYMAPDIR='"$(DATADIR)/yichuang/keymaps"' -DYC_SRCDIR='"$(CURDIR)"'
CFLAGS_ALL := $(CSTD) $(OPT) $(WARN) $(SAN) $(DEFS) -I. $(CFLAGS)
LDFLAGS_ALL := $(SAN) $(LDFLAGS) -pthread

COMMON_SRC := $(wildcard common/*.c forms/*.c)
CLIENT_SRC := $(filter-out client/main.c,$(wildcard client/*.c screens/*.c))
SERVER_SRC := $(filter-out server/main.c,$(wildcard server/*.c))

obj = $(patsubst %.c,$(B)/obj/%.o,$(1))

COMMON_LIB := $(B)/libcommon.a
CLIENT_LIB := $(B)/libclient.a
SERVER_LIB := $(B)/libserver.a

UNIT_COMMON := $(patsubst tests/unit/common/%.c,$(B)/tests/unit/common/%,$(wildcard tests/unit/common/test_*.c))
UNIT_CLIENT := $(patsubst tests/unit/client/%.c,$(B)/tests/unit/client/%,$(wildcard tests/unit/client/test_*.c))
UNIT_SERVER := $(patsubst tests/unit/server/%.c,$(B)/tests/unit/server/%,$(wildcard tests/unit/server/test_*.c))
UNIT_TESTS  := $(UNIT_COMMON) $(UNIT_CLIENT) $(UNIT_SERVER)
TUI_DRIVER_SRC := $(wildcard tests/tui/*.c)
# Test-only programs that open one screen in curses for the TUI driver.
HARNESSES := $(patsubst tests/harness/%.c,$(B)/tests/harness/%,$(wildcard tests/harness/*.c))
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
BENCH_SRC := $(wildcard bench/*.c)

PO_FILES := $(wildcard po/*.po)
MO_FILES := $(patsubst po/%.po,$(B)/locale/%/LC_MESSAGES/yichuang.mo,$(PO_FILES))

.PHONY: all deps check check-fast check-kill check-asan demo bench install uninstall clean tests lint-api lint-catalog fuzz pot
all: $(B)/yichuang $(B)/yichuangd $(MO_FILES)

deps:
	@sh tools/deps.sh

$(B)/obj/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_COMMON)) -MMD -MP -c $< -o $@

$(B)/obj/forms/%.o: forms/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_COMMON)) -MMD -MP -c $< -o $@

$(B)/obj/server/%.o: server/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_SERVER)) -MMD -MP -c $< -o $@

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_CLIENT)) -MMD -MP -c $< -o $@

# Pinyin readings of every Han character, generated at build time from the
# Unihan data of Debian's unicode-data package (never committed).
UNIHAN_READINGS ?= /usr/share/unicode/Unihan_Readings.txt.bz2
PINYIN_OBJ := $(B)/obj/gen/pinyin_data.o

$(B)/tools/gen-pinyin: tools/gen-pinyin.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(WARN) -o $@ $<
$(B)/gen/pinyin_data.c: $(B)/tools/gen-pinyin $(UNIHAN_READINGS)
	@mkdir -p $(dir $@)
	bzcat $(UNIHAN_READINGS) | $(B)/tools/gen-pinyin > $@.tmp && mv $@.tmp $@
$(PINYIN_OBJ): $(B)/gen/pinyin_data.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

# The demo catalog (data/catalog) embedded into yichuangd, so an installed
# server needs no source tree.
CATALOG_FILES := $(wildcard data/catalog/*.json data/catalog/matters/*.json)
CATALOG_OBJ := $(B)/obj/gen/catalog_data.o

$(B)/tools/gen-catalog: tools/gen-catalog.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(WARN) -o $@ $<
$(B)/gen/catalog_data.c: $(B)/tools/gen-catalog $(CATALOG_FILES)
	@mkdir -p $(dir $@)
	$(B)/tools/gen-catalog data/catalog $(CATALOG_FILES) > $@.tmp && mv $@.tmp $@
$(CATALOG_OBJ): $(B)/gen/catalog_data.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(COMMON_LIB): $(call obj,$(COMMON_SRC)) $(PINYIN_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(CLIENT_LIB): $(call obj,$(CLIENT_SRC))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(SERVER_LIB): $(call obj,$(SERVER_SRC)) $(CATALOG_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(B)/yichuang: $(call obj,client/main.c) $(CLIENT_LIB) $(COMMON_LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(call pc_libs,$(PKGS_CLIENT_LIBS)) -lm
$(B)/yichuangd: $(call obj,server/main.c) $(SERVER_LIB) $(COMMON_LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(call pc_libs,$(PKGS_SERVER)) -lm

$(B)/locale/%/LC_MESSAGES/yichuang.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# Unit tests: one binary per file, linked against the layer it tests.
$(B)/tests/unit/common/%: tests/unit/common/%.c $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_COMMON) cmocka) -o $@ $< $(COMMON_LIB) $(LDFLAGS_ALL) $(call pc_libs,$(PKGS_COMMON) cmocka) -lm
$(B)/tests/unit/client/%: tests/unit/client/%.c $(CLIENT_LIB) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_CLIENT) cmocka) -o $@ $< $(CLIENT_LIB) $(COMMON_LIB) $(LDFLAGS_ALL) $(call pc_libs,$(PKGS_CLIENT_LIBS) cmocka) -lm
$(B)/tests/unit/server/%: tests/unit/server/%.c $(SERVER_LIB) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_SERVER) cmocka) -o $@ $< $(SERVER_LIB) $(COMMON_LIB) $(LDFLAGS_ALL) $(call pc_libs,$(PKGS_SERVER) cmocka) -lm

$(B)/tests/harness/%: tests/harness/%.c $(CLIENT_LIB) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_CLIENT)) -o $@ $< $(CLIENT_LIB) $(COMMON_LIB) $(LDFLAGS_ALL) $(call pc_libs,$(PKGS_CLIENT_LIBS)) -lm

$(B)/tui-driver: $(TUI_DRIVER_SRC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,vterm) -o $@ $^ $(LDFLAGS_ALL) $(call pc_libs,vterm) -lutil -lm

$(B)/bench/%: bench/%.c $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,vterm libcurl libcjson) -o $@ $< $(COMMON_LIB) $(LDFLAGS_ALL) $(call pc_libs,vterm libcurl libcjson) -lutil -lm
# The knowledge search and autosave benchmarks drive the client's own code.
$(B)/bench/kb_search $(B)/bench/autosave: $(B)/bench/%: bench/%.c $(CLIENT_LIB) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_CLIENT)) -o $@ $< $(CLIENT_LIB) $(COMMON_LIB) $(LDFLAGS_ALL) $(call pc_libs,$(PKGS_CLIENT)) -lm

tests: all $(UNIT_TESTS) $(B)/tui-driver $(HARNESSES)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lint-api: node_modules/.package-lock.json
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx --no-install redocly lint --format=stylish api/openapi.yaml

# The demo catalog (data/catalog) against the contract's schemas and its own
# cross references.
lint-catalog: node_modules/.package-lock.json
	node tools/check-catalog.mjs

# The README's test command. Runs the whole suite, then the unit tests and
# the TUI scenarios again under AddressSanitizer and UBSan, and ends with
# "N passed, N failed".
check: deps
	@sh tests/check.sh

check-fast: tests
	@sh tests/check.sh --no-asan

# The kill -9 loop at length (make check runs 4 of them): KILL_COUNT
# scripted form sessions killed at random points, each resumed and checked
# for every committed field; KILL_SEED repeats a run.
KILL_COUNT ?= 100
check-kill: tests
	@sh tests/tui/killloop.sh build $(KILL_COUNT) $(KILL_SEED)

check-asan:
	$(MAKE) B=build-asan OPT='-O1 -g -fno-omit-frame-pointer' SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined' tests

# ---- fuzz targets (tests/fuzz) ------------------------------------------
# Each tests/fuzz/fuzz_NAME.c is a libFuzzer target over one decoder, seeded
# from tests/fuzz/corpus/NAME. fuzz-bins links each with FUZZ_MAIN: by
# default tests/fuzz/replay.c (any compiler), which feeds the corpus and a
# fixed set of mutations of it. check-fuzz builds those under the sanitizers
# and runs them (a step of make check; needs only gcc); make fuzz builds them with
# clang's libFuzzer in build-fuzz and runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_MAIN    ?= tests/fuzz/replay.c
FUZZ_LINK    ?=
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(B)/tests/fuzz/%,$(FUZZ_SRC))
.PHONY: fuzz-bins check-fuzz

$(B)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_MAIN) $(wildcard tests/fuzz/*.h) $(CLIENT_LIB) $(SERVER_LIB) $(COMMON_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(call pc_cflags,$(PKGS_CLIENT) $(PKGS_SERVER)) -o $@ $< $(FUZZ_MAIN) $(CLIENT_LIB) $(SERVER_LIB) $(COMMON_LIB) $(LDFLAGS_ALL) $(FUZZ_LINK) $(call pc_libs,$(PKGS_CLIENT_LIBS) $(PKGS_SERVER)) -lm

fuzz-bins: $(FUZZ_BINS)

check-fuzz:
	$(MAKE) B=build-asan OPT='-O1 -g -fno-omit-frame-pointer' SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined' fuzz-bins
	@sh tests/fuzz/replay.sh build-asan

fuzz:
	@sh tools/deps.sh --fuzz
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)
# ---- end of fuzz targets ------------------------------------------------

demo: deps all
	@sh tools/demo.sh

bench: all $(patsubst bench/%.c,$(B)/bench/%,$(BENCH_SRC)) $(B)/tui-driver
	@sh bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR)/yichuang/keymaps
	install -m 0755 $(B)/yichuang $(B)/yichuangd $(DESTDIR)$(BINDIR)/
	install -m 0644 keymaps/*.keys $(DESTDIR)$(DATADIR)/yichuang/keymaps/
	for m in man/*.1; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man1/; done; true
	for m in man/*.5; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man5/; done; true
	for m in man/*.8; do [ -e "$$m" ] && install -m 0644 $$m $(DESTDIR)$(MANDIR)/man8/; done; true
	for mo in $(MO_FILES); do l=$$(echo $$mo | sed 's|$(B)/locale/||'); install -d $(DESTDIR)$(LOCALEDIR)/$$(dirname $$l); install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$l; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/yichuang $(DESTDIR)$(BINDIR)/yichuangd
	rm -rf $(DESTDIR)$(DATADIR)/yichuang

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -o $(B)/code.pot $(wildcard client/*.c screens/*.c forms/*.c common/ids_msg.c)
	xgettext --from-code=UTF-8 -L C -kYC_ACTION:3 -o $(B)/actions.pot client/actions.def
	msgcat -o po/yichuang.pot $(B)/code.pot $(B)/actions.pot
	for po in $(PO_FILES); do msgmerge -q --update --backup=none $$po po/yichuang.pot; done

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
