# lifelong — build, run and test.
#   make          build build/lifelong
#   make run      install missing packages, build, seed var/lifelong.db, serve
#   make test     install missing packages, run every test (plain + ASan/UBSan)
# Variables: BUILD (output folder), SANITIZE=1 (ASan+UBSan build), PORT.

BUILD    ?= build
PORT     ?= 8080
DB       ?= var/lifelong.db
CC       ?= gcc
PKGS     := libevent libevent_pthreads sqlite3 libsodium icu-uc icu-i18n jansson libcurl libxml-2.0
CPPFLAGS += -Isrc -I$(BUILD)/gen -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS))
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wno-format-nonliteral -pthread -MMD -MP
LDLIBS   += $(shell pkg-config --libs $(PKGS)) -lcsv -pthread
ifeq ($(SANITIZE),1)
CFLAGS   += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined
endif

LIB_SRC  := $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/assets.o
ASSETS   := $(sort $(wildcard assets/*))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
HTTP_SRC := $(wildcard tests/http/test_*.c)
TEST_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%) $(HTTP_SRC:tests/http/%.c=$(BUILD)/tests/%)

.PHONY: all run test unit-tests deps deps-test clean bench
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

$(BUILD)/obj/gen/assets.o: $(BUILD)/gen/assets.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Static assets are embedded in the binary; tools/embed writes them as C arrays.
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c17 -O1 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(ASSETS)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $(ASSETS) > $@.tmp && mv $@.tmp $@

# Tests: each file in tests/unit and tests/http is one cmocka program.
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/liblifelong.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< $(BUILD)/liblifelong.a $(LDLIBS) -lcmocka

$(BUILD)/tests/%: tests/http/%.c tests/http/harness.c tests/http/harness.h $(BUILD)/liblifelong.a
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -Itests -o $@ $< tests/http/harness.c $(BUILD)/liblifelong.a $(LDLIBS) -lcmocka

unit-tests: $(BUILD)/lifelong $(TEST_BIN)

run: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p $(dir $(DB))
	@test -f $(DB) || $(BUILD)/lifelong init --db $(DB) --demo
	$(BUILD)/lifelong serve --db $(DB) --listen 127.0.0.1:$(PORT)

# The whole suite runs twice: an optimised build and an ASan+UBSan build.
test: deps-test
	@$(MAKE) --no-print-directory unit-tests
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 unit-tests
	@tests/run build build/asan

bench: all
	@contrib/deps.sh bench
	bench/run

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
