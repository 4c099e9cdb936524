/* search: the tokenizer (folding, CJK n-grams, stemming), the FTS5 query
 * builder, highlighting, and the query's URL form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "db/db.h"
#include "search/search.h"
#include "search/tokenize.h"

/* Collects terms as "term" or "+term" (colocated), space-separated. */
static int collect(void *ctx, int flags, const char *t, int n, int start, int end)
{
	struct buf *b = ctx;
	assert_true(start >= 0 && end > start);
	if (b->len)
		buf_puts(b, " ");
	if (flags & TOK_COLOCATED)
		buf_puts(b, "+");
	buf_append(b, t, (size_t)n);
	return 0;
}

static void expect_terms(const char *text, enum tok_mode mode, const char *want)
{
	struct buf b = BUF_INIT;
	tok_run(text, (int)strlen(text), mode, collect, &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void cjk_documents_get_unigrams_and_colocated_bigrams(void **state)
{
	(void)state;
	expect_terms("書法入門", TOK_DOCUMENT, "书 +书法 法 +法入 入 +入门 门");
	expect_terms("茶", TOK_DOCUMENT, "茶");
}

static void cjk_queries_get_bigrams_then_the_last_character(void **state)
{
	(void)state;
	expect_terms("書法入門", TOK_QUERY, "书法 法入 入门");
	expect_terms("書法", TOK_QUERY, "书法");
	expect_terms("茶", TOK_QUERY, "茶");
	/* a run followed by more terms keeps its last character, so the
	 * positions of what follows line up with the document's */
	expect_terms("書法A", TOK_QUERY, "书法 法 a");
}

/* Positions: every query term must fall on consecutive document positions,
 * so a phrase of any length matches inside a longer word. */
static void place_names_are_cut_into_overlapping_pairs(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *t = "認識基隆港";
	tok_run(t, (int)strlen(t), TOK_DOCUMENT, collect, &b);
	assert_string_equal(buf_cstr(&b), "认 +认识 识 +识基 基 +基隆 隆 +隆港 港");
	buf_free(&b);
}

static void traditional_and_simplified_fold_together(void **state)
{
	(void)state;
	struct buf a = BUF_INIT, b = BUF_INIT;
	tok_fold_text(&a, "臺灣");
	tok_fold_text(&b, "台灣");
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	buf_reset(&a);
	buf_reset(&b);
	tok_fold_text(&a, "學習");
	tok_fold_text(&b, "学习");
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	buf_free(&a);
	buf_free(&b);
}

static void latin_is_case_and_accent_folded(void **state)
{
	(void)state;
	expect_terms("Tiếng Việt", TOK_DOCUMENT, "tieng viet");
	expect_terms("TIẾNG VIỆT", TOK_QUERY, "tieng viet");
	expect_terms("Đà Nẵng", TOK_DOCUMENT, "da nang");
	expect_terms("ＡＢＣ１２３", TOK_DOCUMENT, "abc123");	/* full-width */
	/* decomposed input (e + combining marks) folds the same */
	expect_terms("Vie\xcc\x82\xcc\xa3t", TOK_DOCUMENT, "viet");
}

static void english_words_are_stemmed(void **state)
{
	(void)state;
	expect_terms("Cooking Classes for Beginners", TOK_DOCUMENT, "cook class for beginner");
	expect_terms("stories painted running boxes", TOK_DOCUMENT, "story paint run box");
	expect_terms("bus is", TOK_DOCUMENT, "bus is");
	char w[16] = "courses";
	int n = 7;
	tok_stem(w, &n);
	assert_int_equal(n, 6);
	assert_memory_equal(w, "course", 6);
}

static void mixed_text_splits_by_script(void **state)
{
	(void)state;
	expect_terms("Excel試算表2024", TOK_QUERY, "excel 试算 算表 表 2024");
	expect_terms("C++入門，(基礎)", TOK_DOCUMENT, "c 入 +入门 门 基 +基础 础");
}

static void fts_syntax_is_only_ever_text(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(tok_fts_query(&b, "\" * ( ) NEAR OR -"), 2);
	assert_string_equal(buf_cstr(&b), "\"NEAR\" \"OR\"");
	buf_reset(&b);
	assert_int_equal(tok_fts_query(&b, "書法\" 入門"), 2);
	assert_string_equal(buf_cstr(&b), "\"書法\"\"\" \"入門\"");
	buf_reset(&b);
	assert_int_equal(tok_fts_query(&b, "title:茶　NEAR(a b)"), 3);	/* U+3000 space */
	assert_string_equal(buf_cstr(&b), "\"title:茶\" \"NEAR(a\" \"b)\"");
	buf_reset(&b);
	assert_int_equal(tok_fts_query(&b, " *** ( ) "), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* The tokenizer inside SQLite: the query builder's output is valid FTS5 and
 * finds words inside longer titles. */
static void fts5_finds_substrings_variants_and_accents(void **state)
{
	(void)state;
	sqlite3 *h;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(tok_register(h), 0);
	assert_int_equal(sqlite3_exec(h,
		"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='lifelong');"
		"INSERT INTO t(rowid,x) VALUES(1,'書法入門班'),(2,'茶道與茶藝'),(3,'認識基隆港'),"
		"(4,'Tiếng Việt cho người mới'),(5,'臺灣歷史講座'),(6,'Cooking Classes');",
		NULL, NULL, NULL), SQLITE_OK);
	static const struct {
		const char *q;
		long long want;
	} cases[] = {
		{"書法", 1}, {"法入", 1}, {"茶", 2}, {"基隆", 3}, {"基隆港", 3}, {"tieng viet", 4},
		{"TIẾNG", 4}, {"台灣", 5}, {"臺", 5}, {"cook class", 6}, {"classes", 6},
		{"书法", 1}, {"\"書法", 1}, {"書法 OR", 0}, {"NEAR(書法)", 0}, {"(書法)*", 1}, {"-茶", 2},
		{"港基", 0}, {"入門 書法", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct buf e = BUF_INIT;
		sqlite3_stmt *st;
		long long got = 0;
		int n = 0;
		assert_true(tok_fts_query(&e, cases[i].q) > 0);
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT rowid FROM t WHERE t MATCH ?1", -1,
						    &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, buf_cstr(&e), -1, SQLITE_TRANSIENT);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			got = sqlite3_column_int64(st, 0);
			n++;
		}
		if (rc != SQLITE_DONE)
			fail_msg("%s -> %s: %s", cases[i].q, buf_cstr(&e), sqlite3_errmsg(h));
		if (cases[i].want ? (n != 1 || got != cases[i].want) : n != 0)
			fail_msg("%s -> %s: %d rows, last %lld, want %lld", cases[i].q, buf_cstr(&e),
				 n, got, cases[i].want);
		sqlite3_finalize(st);
		buf_free(&e);
	}
	sqlite3_close(h);
}

static void expect_highlight(const char *text, const char *q, const char *want)
{
	struct buf b = BUF_INIT;
	search_highlight_html(&b, text, q);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void highlight_marks_exactly_the_match(void **state)
{
	(void)state;
	expect_highlight("書法入門班", "書法", "<mark>書法</mark>入門班");
	expect_highlight("茶道與茶藝", "茶", "<mark>茶</mark>道與<mark>茶</mark>藝");
	expect_highlight("認識基隆港", "基隆", "認識<mark>基隆</mark>港");
	expect_highlight("臺灣歷史", "台灣", "<mark>臺灣</mark>歷史");
	expect_highlight("Tiếng Việt cho người mới", "tieng viet",
			 "<mark>Tiếng</mark> <mark>Việt</mark> cho người mới");
	expect_highlight("<b>書法</b> & more", "書法",
			 "&lt;b&gt;<mark>書法</mark>&lt;/b&gt; &amp; more");
	expect_highlight("沒有", "書法", "沒有");
}

static void snippet_is_cut_around_the_first_match(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	const char *t = "一二三四五六七八九十一二三四五六七八九十書法一二三四五六七八九十一二三四五六七八九十";
	assert_int_equal(search_snippet_html(&b, t, "書法", 12), 1);
	assert_non_null(strstr(buf_cstr(&b), "<mark>書法</mark>"));
	assert_true(!strncmp(buf_cstr(&b), "…", strlen("…")));
	buf_reset(&b);
	assert_int_equal(search_snippet_html(&b, t, "茶", 12), 0);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void query_writes_back_as_a_url(void **state)
{
	(void)state;
	struct search_query q;
	struct buf b = BUF_INIT;
	search_query_init(&q);
	assert_int_equal(search_query_append_url(&q, &b, "&", 0), 0);
	snprintf(q.q, sizeof q.q, "書法 & 茶");
	q.categories = 1u << 4;		/* arts */
	snprintf(q.districts[q.n_districts++], SEARCH_CODE_MAX, "仁愛區");
	q.weekdays = 1u << 0 | 1u << 5;
	q.fee_max = 0;
	q.page = 3;
	q.sort = SEARCH_SORT_NEWEST;
	search_query_append_url(&q, &b, "&amp;", 0);
	assert_string_equal(buf_cstr(&b),
		"q=%E6%9B%B8%E6%B3%95%20%26%20%E8%8C%B6&amp;category=arts&amp;"
		"district=%E4%BB%81%E6%84%9B%E5%8D%80&amp;weekday=1&amp;weekday=6&amp;fee_max=0&amp;"
		"sort=newest&amp;page=3");
	buf_reset(&b);
	search_query_append_url(&q, &b, "&", 1u << SQ_PAGE | 1u << SQ_Q | 1u << SQ_DISTRICT);
	assert_string_equal(buf_cstr(&b), "category=arts&weekday=1&weekday=6&fee_max=0&sort=newest");
	buf_free(&b);
}

static void session_filters_match_one_session(void **state)
{
	(void)state;
	struct search_query q;
	search_query_init(&q);
	const char *now = "2026-03-02 12:00";	/* a Monday */
	assert_true(search_session_matches(&q, now, "2026-03-02 19:00", "仁愛區"));
	assert_false(search_session_matches(&q, now, "2026-03-02 09:00", "仁愛區"));	/* past */
	q.weekend = 1;
	assert_false(search_session_matches(&q, now, "2026-03-06 19:00", NULL));	/* Friday */
	assert_true(search_session_matches(&q, now, "2026-03-07 09:00", NULL));	/* Saturday */
	q.times = SEARCH_EVENING;
	assert_false(search_session_matches(&q, now, "2026-03-07 09:00", NULL));
	assert_true(search_session_matches(&q, now, "2026-03-07 18:00", NULL));
	snprintf(q.districts[q.n_districts++], SEARCH_CODE_MAX, "七堵區");
	assert_false(search_session_matches(&q, now, "2026-03-07 18:00", "仁愛區"));
	assert_true(search_session_matches(&q, now, "2026-03-07 18:00", "七堵區"));
	q.starts_within = 7;
	assert_false(search_session_matches(&q, now, "2026-03-14 18:00", "七堵區"));
	search_query_init(&q);
	snprintf(q.from, sizeof q.from, "2026-01-01");
	snprintf(q.to, sizeof q.to, "2026-01-31");
	assert_true(search_session_matches(&q, now, "2026-01-31 23:00", NULL));	/* past, in range */
	assert_false(search_session_matches(&q, now, "2026-02-01 00:00", NULL));
}

/* The fixed code lists in C are the rows of the reference tables. */
static void code_lists_match_the_schema(void **state)
{
	(void)state;
	char path[] = "/tmp/lifelong-search-XXXXXX";
	int fd = mkstemp(path);
	struct db *db;
	struct dbq q;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(db_open(&db, path, DB_OPEN_MIGRATE), 0);
	for (int pass = 0; pass < 2; pass++) {
		const char *const *codes = pass ? search_audience_codes : search_category_codes;
		int n = 0;
		db_query(db, &q, pass ? ST_SEARCH_AUDIENCES : ST_SEARCH_CATEGORIES, "");
		while (db_next(&q) == 1) {
			assert_non_null(codes[n]);
			assert_string_equal(db_text(&q, 0), codes[n]);
			n++;
		}
		db_done(&q);
		assert_null(codes[n]);
	}
	db_close(db);
	unlink(path);
	char wal[64];
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cjk_documents_get_unigrams_and_colocated_bigrams),
		cmocka_unit_test(cjk_queries_get_bigrams_then_the_last_character),
		cmocka_unit_test(place_names_are_cut_into_overlapping_pairs),
		cmocka_unit_test(traditional_and_simplified_fold_together),
		cmocka_unit_test(latin_is_case_and_accent_folded),
		cmocka_unit_test(english_words_are_stemmed),
		cmocka_unit_test(mixed_text_splits_by_script),
		cmocka_unit_test(fts_syntax_is_only_ever_text),
		cmocka_unit_test(fts5_finds_substrings_variants_and_accents),
		cmocka_unit_test(highlight_marks_exactly_the_match),
		cmocka_unit_test(snippet_is_cut_around_the_first_match),
		cmocka_unit_test(query_writes_back_as_a_url),
		cmocka_unit_test(session_filters_match_one_session),
		cmocka_unit_test(code_lists_match_the_schema),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
