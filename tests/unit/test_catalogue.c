/* Unit tests: the translation catalogues in po/ as files. Every catalogue
 * passes `msgfmt --check`; every message the source uses (extracted afresh
 * from src/ with tools/pot.sh, as `make pot` does) is translated, not fuzzy,
 * in every po/LANG.po; and tools/po2c refuses a broken catalogue, so a bad
 * translation fails the build. Runs from the repository root (make test
 * does); needs the gettext tools (contrib/deps.sh test). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/buf.h"

static const char *const langs[] = {"en", "vi", "id", "th"};
static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	if (access("po/lifelong.pot", R_OK) != 0 || access("tools/pot.sh", X_OK) != 0) {
		fprintf(stderr, "run from the repository root (po/ and tools/ not found)\n");
		return -1;
	}
	snprintf(tmpdir, sizeof tmpdir, "/tmp/lifelong-po-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Runs a shell command with its output in *out (may be NULL); returns the
 * exit status, or -1 when it could not run. */
static int run(const char *cmd, struct buf *out)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return -1;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		if (out)
			buf_append(out, chunk, n);
	int st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void every_catalogue_passes_msgfmt_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
		char cmd[256];
		struct buf out = BUF_INIT;
		snprintf(cmd, sizeof cmd,
			 "msgfmt --check --statistics -o /dev/null po/%s.po 2>&1", langs[i]);
		if (run(cmd, &out) != 0)
			fail_msg("po/%s.po: %s", langs[i], buf_cstr(&out));
		/* "N translated messages." and nothing fuzzy or untranslated */
		if (strstr(buf_cstr(&out), "fuzzy") || strstr(buf_cstr(&out), "untranslated"))
			fail_msg("po/%s.po is incomplete: %s", langs[i], buf_cstr(&out));
		buf_free(&out);
	}
}

static void every_source_message_is_translated(void **state)
{
	(void)state;
	char cmd[512];
	struct buf out = BUF_INIT;
	snprintf(cmd, sizeof cmd, "tools/pot.sh %s/fresh.pot 2>&1", tmpdir);
	if (run(cmd, &out) != 0)
		fail_msg("xgettext failed: %s", buf_cstr(&out));
	buf_reset(&out);
	/* the fresh template must hold the messages we know are there */
	snprintf(cmd, sizeof cmd, "grep -c '^msgid ' %s/fresh.pot", tmpdir);
	assert_int_equal(run(cmd, &out), 0);
	assert_true(atoi(buf_cstr(&out)) > 100);
	for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
		buf_reset(&out);
		/* msgcmp: every msgid of the template has a translation in the
		 * catalogue (untranslated and fuzzy entries count as missing) */
		snprintf(cmd, sizeof cmd, "msgcmp po/%s.po %s/fresh.pot >/dev/null 2>&1", langs[i],
			 tmpdir);
		if (run(cmd, NULL) != 0) {
			/* name the messages: merge and list what is untranslated */
			snprintf(cmd, sizeof cmd,
				 "msgmerge --quiet --no-wrap --no-fuzzy-matching po/%s.po %s/fresh.pot"
				 " | msgattrib --untranslated --no-obsolete --no-wrap --no-location"
				 " | grep '^msgid \"..*\"' | head -n 40", langs[i], tmpdir);
			run(cmd, &out);
			fail_msg("po/%s.po lacks translations of these messages (run `make "
				 "update-po`, then translate; po/README.md):\n%s", langs[i],
				 buf_cstr(&out));
		}
	}
	buf_free(&out);
}

/* Writes a small catalogue named LANG.po into tmpdir with one message. */
static void write_po(const char *name, const char *lang, const char *plural,
		     const char *entry)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "msgid \"\"\nmsgstr \"\"\n\"Language: %s\\n\"\n"
		"\"MIME-Version: 1.0\\n\"\n"
		"\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
		"\"Content-Transfer-Encoding: 8bit\\n\"\n"
		"\"Plural-Forms: %s\\n\"\n\n%s\n", lang, plural, entry);
	fclose(f);
}

/* Runs po2c on tmpdir/name; returns its exit status. */
static int po2c(const char *name, struct buf *out)
{
	const char *bin = getenv("LIFELONG_BIN");
	char dir[256] = "build";
	if (bin && strrchr(bin, '/'))
		snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(bin, '/') - bin), bin);
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s/tools/po2c %s/%s 2>&1 >/dev/null", dir, tmpdir, name);
	return run(cmd, out);
}

static void po2c_refuses_broken_catalogues(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	/* a good one compiles */
	write_po("vi.po", "vi", "nplurals=1; plural=0;",
		 "#, c-format\nmsgid \"郵遞區號 %s\"\nmsgstr \"Mã bưu chính %s\"\n");
	assert_int_equal(po2c("vi.po", &out), 0);
	/* a translation that drops the msgid's %s */
	buf_reset(&out);
	write_po("vi.po", "vi", "nplurals=1; plural=0;",
		 "#, c-format\nmsgid \"郵遞區號 %s\"\nmsgstr \"Mã bưu chính\"\n");
	assert_int_not_equal(po2c("vi.po", &out), 0);
	/* Vietnamese not in NFC: u + combining hook above for "ủ" */
	buf_reset(&out);
	write_po("vi.po", "vi", "nplurals=1; plural=0;",
		 "msgid \"首頁\"\nmsgstr \"Trang chu\xcc\x89\"\n");
	assert_int_not_equal(po2c("vi.po", &out), 0);
	assert_non_null(strstr(buf_cstr(&out), "NFC"));
	/* Language header that does not match the file name */
	buf_reset(&out);
	write_po("th.po", "vi", "nplurals=1; plural=0;", "msgid \"首頁\"\nmsgstr \"หน้าแรก\"\n");
	assert_int_not_equal(po2c("th.po", &out), 0);
	/* a Plural-Forms expression that is not plain arithmetic on n */
	buf_reset(&out);
	write_po("en.po", "en", "nplurals=2; plural=system(\\\"x\\\");",
		 "msgid \"首頁\"\nmsgstr \"Home\"\n");
	assert_int_not_equal(po2c("en.po", &out), 0);
	/* a syntax error */
	buf_reset(&out);
	write_po("id.po", "id", "nplurals=1; plural=0;", "msgid \"首頁\nmsgstr \"Beranda\"\n");
	assert_int_not_equal(po2c("id.po", &out), 0);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_catalogue_passes_msgfmt_check),
		cmocka_unit_test(every_source_message_is_translated),
		cmocka_unit_test(po2c_refuses_broken_catalogues),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
