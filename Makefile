# lifelong — build, run and test.
#   make          build build/lifelong
#   make run      install missing packages, build, seed var/lifelong.db, serve
#   make test     install missing packages, run every test (plain + ASan/UBSan,
#                 then the browser tests in tests/e2e)
#   make e2e      only the browser tests (headless Chromium + axe-core)
# Variables: BUILD (output folder), SANITIZE=1 (ASan+UBSan build), PORT.

BUILD    ?= build
PORT     ?= 8080
DB       ?= var/lifelong.db
CC       ?= gcc
PKGS     := libevent libevent_pthreads sqlite3 libsodium icu-uc icu-i18n jansson libcurl libxml-2.0 libical libzip gmime-3.0 libmagic \
            xlsxwriter pangocairo cairo-pdf fontconfig
CPPFLAGS += -Isrc -I$(BUILD)/gen -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS))
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-format-nonliteral -pthread -MMD -MP
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lcsv -lm -pthread
ifeq ($(SANITIZE),1)
CFLAGS   += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
endif

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/assets.o $(BUILD)/obj/gen/passwords.o \
            $(BUILD)/obj/gen/messages.o
ASSETS   := $(sort $(wildcard assets/*))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
HTTP_SRC := $(wildcard tests/http/test_*.c)
TEST_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%) $(HTTP_SRC:tests/http/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit-tests deps deps-test clean bench bench-kpi e2e pot update-po
all: $(BUILD)/lifelong

deps:
	@contrib/deps.sh build
deps-test:
	@contrib/deps.sh test

$(BUILD)/lifelong: $(BUILD)/obj/src/main.o $(BUILD)/liblifelong.a
	@echo "  LINK    $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/liblifelong.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BUILD)/obj/%.o: %.c | $(BUILD)/gen/assets.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Static assets are embedded in the binary; tools/embed writes them as C arrays.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(ASSETS)
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

# The list of common passwords refused at password change (src/auth).
$(BUILD)/gen/passwords.c: $(BUILD)/tools/embed seed/common-passwords.txt
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/embed -n common_passwords seed/common-passwords.txt > $@.tmp && mv $@.tmp $@

# Interface translations: tools/po2c reads po/LANG.po with GNU gettext's PO
# library (checked as msgfmt --check does) and writes sorted C tables.
# `make pot` extracts the messages of src/ into po/lifelong.pot; `make
# update-po` merges that into each po/LANG.po for translators (po/README.md).
PO_FILES := $(sort $(wildcard po/*.po))
$(BUILD)/tools/po2c: tools/po2c.c src/core/i18n_catalogue.h
	@mkdir -p $(dir $@)
	@$(CC) -std=c17 -O1 -Wall -Wextra -Werror $(shell pkg-config --cflags icu-uc) -o $@ $< \
		-lgettextpo $(shell pkg-config --libs icu-uc)

$(BUILD)/gen/messages.c: $(BUILD)/tools/po2c $(PO_FILES)
	@mkdir -p $(dir $@)
	@$(BUILD)/tools/po2c $(PO_FILES) > $@.tmp && mv $@.tmp $@

pot:
	@tools/pot.sh po/lifelong.pot

update-po: pot
	@for po in $(PO_FILES); do msgmerge --quiet --update --backup=none --no-wrap $$po po/lifelong.pot; done
	@for po in $(PO_FILES); do printf '%s: ' $$po; msgfmt --check --statistics -o /dev/null $$po; done

# Tests: each file in tests/unit and tests/http is one cmocka program.
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblifelong.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(BUILD)/liblifelong.a $(LDLIBS) -lcmocka

# HTTP tests link the harness and the other test-side helpers (an SMTP sink…).
HTTP_HELPERS := $(filter-out tests/http/test_%.c,$(wildcard tests/http/*.c))
$(BUILD)/tests/%: tests/http/%.c $(HTTP_HELPERS) $(wildcard tests/http/*.h) $(BUILD)/liblifelong.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(HTTP_HELPERS) $(BUILD)/liblifelong.a $(LDLIBS) -lcmocka

unit-tests: $(BUILD)/lifelong $(TEST_BIN)

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(dir $(DB))
	@test -f $(DB) || $(BUILD)/lifelong init --db $(DB) --demo
	$(BUILD)/lifelong serve --db $(DB) --listen 127.0.0.1:$(PORT)

# The whole suite runs twice: an optimised build and an ASan+UBSan build;
# then the browser tests (tests/e2e/run) on the optimised build.
test: deps-test
	@$(MAKE) --no-print-directory unit-tests
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 unit-tests
	@tests/run build build/asan tests/e2e/run

# Only the browser tests, on the current build.
e2e: all
	@LIFELONG_BIN=$(BUILD)/lifelong tests/e2e/run

bench: all
	@contrib/deps.sh bench
	bench/run

# The plan-tracking benchmark: bench/kpi with its data generator
# (bench/kpi-data.c, linked like the tests).
$(BUILD)/bench/%: bench/%.c $(BUILD)/liblifelong.a
	@mkdir -p $(dir $@)
	@echo "  BENCH   $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/liblifelong.a $(LDLIBS)

bench-kpi: all $(BUILD)/bench/kpi-data
	bench/kpi

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
