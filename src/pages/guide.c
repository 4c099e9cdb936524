/* guide — "find my learning" (學習需求導引): three short steps, one
 * question per screen, then courses and institutions that fit, each with
 * one sentence saying why it was picked.
 *
 *   /guide?step=1  who you are          (who)
 *   /guide?step=2  what you want        (category, several)
 *   /guide?step=3  when and where       (days, time, district, free)
 *   /guide/results                      everything above
 *
 * Every answer travels in the URL (GET forms with hidden fields), so each
 * step can be bookmarked, the browser's back button loses nothing, and the
 * "上一步" link carries every answer given so far. The courses come from
 * the search runner (src/search), the same as /search with the same
 * filters, which the result page links to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "pages/pages.h"
#include "search/search.h"

#define GUIDE_COURSES 8		/* courses shown */
#define GUIDE_FETCH 40		/* soonest matches considered for the order */
#define GUIDE_INSTITUTIONS 6
#define GUIDE_CATEGORIES_MAX 32

/* Who you are: the audience codes of the search, and "anyone". Each
 * lists the institution types that serve it best, most fitting first. */
static const struct {
	const char *code;
	const char *label;	/* the button */
	const char *hint;	/* under it */
	const char *pick;	/* quoted in the reason sentences */
	const char *types[3];
} whos[] = {
	{"senior", N_("樂齡長者"), N_("55歲以上，想多學一點、多認識朋友"), N_("樂齡長者"),
	 {"senior_centre", "evergreen_academy", "community_college"}},
	{"new_immigrant", N_("新住民"), N_("想學華語、認識生活與在地文化"), N_("新住民"),
	 {"new_immigrant_centre", "supplementary_school", "community_college"}},
	{"indigenous", N_("原住民族"), N_("想學族語、認識與傳承族群文化"), N_("原住民族"),
	 {"tribal_college", "community_college", NULL}},
	{"family", N_("家長或祖父母"), N_("想和孩子、孫子一起學"), N_("親子與代間"),
	 {"family_centre", "library", "community_centre"}},
	{"worker", N_("上班族"), N_("下班或假日才有空"), N_("在職者"),
	 {"community_college", "library", NULL}},
	{"women", N_("女性朋友"), N_("想找為女性開設的課程"), N_("婦女"),
	 {"women_academy", "community_college", NULL}},
	{"youth", N_("青年"), N_("想探索興趣、準備工作"), N_("青年"),
	 {"community_college", "library", NULL}},
	{"basic_education", N_("想從識字學起"), N_("想補上國小、國中的基本教育"), N_("基本教育"),
	 {"supplementary_school", "community_college", NULL}},
	{"anyone", N_("都不是，或不想說"), N_("列出所有人都能參加的課程"), N_("不限對象"),
	 {"community_college", "community_centre", "library"}},
};
#define N_WHO (sizeof whos / sizeof *whos)
#define WHO_ANYONE (N_WHO - 1)

static const char *const who_codes[] = {"senior", "new_immigrant", "indigenous", "family",
	"worker", "women", "youth", "basic_education", "anyone", NULL};
static const char *const days_codes[] = {"any", "weekday", "weekend", NULL};
enum { DAYS_ANY, DAYS_WEEKDAY, DAYS_WEEKEND };

const struct param_spec guide_params[] = {
	{"step", P_INT, 1, 3, NULL, 1},
	{"who", P_ENUM, 0, 0, who_codes, -1},
	{"category", P_ENUM, 0, 0, search_category_codes, -1},
	{"days", P_ENUM, 0, 0, days_codes, DAYS_ANY},
	{"time", P_ENUM, 0, 0, search_time_codes, -1},
	{"district", P_TEXT, 0, SEARCH_CODE_MAX - 1, NULL, 0},
	{"free", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};
enum { G_STEP, G_WHO, G_CATEGORY, G_DAYS, G_TIME, G_DISTRICT, G_FREE };

/* Plain words for each category code (the names come from the data). */
static const struct {
	const char *code, *desc;
} category_desc[] = {
	{"basic", N_("認字、寫字、算數，從頭學起也不怕")},
	{"language", N_("華語、英語、母語與各種語言")},
	{"digital", N_("手機、電腦、上網與防詐騙")},
	{"health", N_("運動、養生、保健與心理健康")},
	{"arts", N_("畫畫、音樂、陶藝與手作")},
	{"local", N_("認識在地的海洋、生態與歷史文化")},
	{"civic", N_("公民素養、環境保護與永續生活")},
	{"family", N_("親子相處、教養與家庭生活")},
	{"career", N_("職場技能、轉職與就業準備")},
	{"reading", N_("讀書會、說故事與閱讀活動")},
	{"volunteer", N_("志工訓練，學習服務他人")},
};

/* Why an institution type fits, said plainly. */
static const struct {
	const char *code, *why;
} type_why[] = {
	{"senior_centre", N_("樂齡學習中心專為55歲以上的長者開設課程")},
	{"evergreen_academy", N_("長青學苑為長者開設各種研習班")},
	{"new_immigrant_centre", N_("新住民學習中心提供華語與生活適應課程")},
	{"supplementary_school", N_("補習學校讓成人補上國小、國中學歷")},
	{"tribal_college", N_("原住民族部落大學傳承族語與族群文化")},
	{"family_centre", N_("家庭教育中心提供親職與家庭教育課程")},
	{"library", N_("圖書館有閱讀推廣與親子共讀活動")},
	{"women_academy", N_("婦女學苑為女性開設成長與技能課程")},
	{"community_college", N_("社區大學為成人開設各式各樣的課程")},
	{"community_centre", N_("社區多功能學習中心就在社區裡，方便就近學習")},
};

static const char *const time_labels[] = {N_("上午"), N_("下午"), N_("晚上")};
static const char *const time_hints[] = {N_("中午12點以前"), N_("中午12點到傍晚6點"),
					 N_("傍晚6點以後")};
static const char *const weekday_names[] = {N_("週日"), N_("週一"), N_("週二"), N_("週三"),
					    N_("週四"), N_("週五"), N_("週六")};

/* The answers so far, from the URL. */
struct guide {
	int step;
	int who;		/* index into whos, -1 = not answered */
	unsigned categories;	/* bit i: search_category_codes[i] */
	int days_set, days;	/* DAYS_* */
	unsigned times;		/* bit i: search_time_codes[i] */
	char district[SEARCH_CODE_MAX];	/* "" = anywhere */
	int district_set;	/* answered (also "any") */
	int free;
};

/* The categories as the data names them. */
struct categories {
	int n;
	char code[GUIDE_CATEGORIES_MAX][SEARCH_CODE_MAX];
	char name[GUIDE_CATEGORIES_MAX][128];
};

/* The index of v in a NULL-terminated list of codes, or -1. */
static int code_index(const char *const *codes, const char *v)
{
	for (int i = 0; codes[i]; i++)
		if (!strcmp(codes[i], v))
			return i;
	return -1;
}

/* Collects every value of a repeatable field into bits over codes.
 * Returns 0, or 400 (req_fail) naming the allowed values. */
static int repeated_bits(struct request *r, const char *field, const char *const *codes,
			 unsigned *bits)
{
	for (struct evkeyval *kv = r->query.tqh_first; kv; kv = kv->next.tqe_next) {
		if (strcmp(kv->key, field) || !*kv->value)
			continue;
		int i = code_index(codes, kv->value);
		if (i < 0) {
			struct buf list = BUF_INIT;
			for (int k = 0; codes[k]; k++)
				buf_printf(&list, "%s%s", k ? ", " : "", codes[k]);
			int st = req_fail(r, 400, "%s: must be one of: %s", field, buf_cstr(&list));
			buf_free(&list);
			return st;
		}
		*bits |= 1u << i;
	}
	return 0;
}

/* Checks the district against the data ("any" or empty: anywhere).
 * Returns 0, 400 naming the districts, or 500. */
static int check_district(struct request *r, struct guide *g)
{
	const struct param_value *v = &r->in[G_DISTRICT];
	g->district_set = v->present;
	if (!v->present || !strcmp(v->s, "any"))
		return 0;
	struct dbq q;
	struct buf list = BUF_INIT;
	int rc, found = 0;
	buf_puts(&list, "any");
	db_query(r->db, &q, ST_DISTRICTS_LIST, "");
	while ((rc = db_next(&q)) == 1) {
		const char *name = db_text(&q, 1);
		buf_printf(&list, ", %s", name);
		if (!strcmp(name, v->s))
			found = 1;
	}
	db_done(&q);
	if (rc < 0)
		rc = req_fail(r, 500, "district query failed");
	else if (!found)
		rc = req_fail(r, 400, "district: must be one of: %s", buf_cstr(&list));
	else
		snprintf(g->district, sizeof g->district, "%s", v->s);
	buf_free(&list);
	return rc;
}

/* Reads the answers from the validated fields and the repeated ones.
 * Returns 0 or an error status (already set). */
static int guide_read(struct request *r, struct guide *g)
{
	memset(g, 0, sizeof *g);
	g->step = (int)r->in[G_STEP].n;
	g->who = r->in[G_WHO].present ? (int)r->in[G_WHO].n : -1;
	g->days_set = r->in[G_DAYS].present;
	g->days = (int)r->in[G_DAYS].n;
	g->free = r->in[G_FREE].present && r->in[G_FREE].n;
	int st = repeated_bits(r, "category", search_category_codes, &g->categories);
	if (!st)
		st = repeated_bits(r, "time", search_time_codes, &g->times);
	if (!st)
		st = check_district(r, g);
	return st;
}

/* Appends the answers as URL fields, "step=N" first when step > 0, with
 * sep between them ("&amp;" in attributes). */
static void guide_url(struct buf *b, const struct guide *g, int step, const char *sep)
{
	const char *s = "";
	if (step > 0) {
		html_fmt(b, "step=%d", step);
		s = sep;
	}
	if (g->who >= 0) {
		html_raw_unescaped(b, s);
		html_fmt(b, "who=%s", whos[g->who].code);
		s = sep;
	}
	for (int i = 0; search_category_codes[i]; i++) {
		if (!(g->categories & (1u << i)))
			continue;
		html_raw_unescaped(b, s);
		html_fmt(b, "category=%s", search_category_codes[i]);
		s = sep;
	}
	if (g->days_set) {
		html_raw_unescaped(b, s);
		html_fmt(b, "days=%s", days_codes[g->days]);
		s = sep;
	}
	for (int i = 0; search_time_codes[i]; i++) {
		if (!(g->times & (1u << i)))
			continue;
		html_raw_unescaped(b, s);
		html_fmt(b, "time=%s", search_time_codes[i]);
		s = sep;
	}
	if (g->district_set) {
		html_raw_unescaped(b, s);
		html_raw_unescaped(b, "district=");
		html_url_param(b, g->district[0] ? g->district : "any");
		s = sep;
	}
	if (g->free) {
		html_raw_unescaped(b, s);
		html_raw_unescaped(b, "free=yes");
	}
}

/* Hidden fields for every answer except those the form asks (bits:
 * 1 who, 2 category, 4 days/time/district/free). */
static void guide_hidden(struct request *r, const struct guide *g, unsigned except)
{
	struct buf *b = &r->out;
	if (!(except & 1) && g->who >= 0)
		html_fmt(b, "<input type=\"hidden\" name=\"who\" value=\"%s\"/>\n", whos[g->who].code);
	for (int i = 0; !(except & 2) && search_category_codes[i]; i++)
		if (g->categories & (1u << i))
			html_fmt(b, "<input type=\"hidden\" name=\"category\" value=\"%s\"/>\n",
				 search_category_codes[i]);
	if (except & 4)
		return;
	if (g->days_set)
		html_fmt(b, "<input type=\"hidden\" name=\"days\" value=\"%s\"/>\n",
			 days_codes[g->days]);
	for (int i = 0; search_time_codes[i]; i++)
		if (g->times & (1u << i))
			html_fmt(b, "<input type=\"hidden\" name=\"time\" value=\"%s\"/>\n",
				 search_time_codes[i]);
	if (g->district_set)
		html_fmt(b, "<input type=\"hidden\" name=\"district\" value=\"%s\"/>\n",
			 g->district[0] ? g->district : "any");
	if (g->free)
		html_raw_unescaped(b, "<input type=\"hidden\" name=\"free\" value=\"yes\"/>\n");
}

/* Loads the category codes and names, in the data's order. */
static int load_categories(struct request *r, struct categories *c)
{
	struct dbq q;
	int rc;
	c->n = 0;
	db_query(r->db, &q, ST_GUIDE_CATEGORIES, "");
	while ((rc = db_next(&q)) == 1 && c->n < GUIDE_CATEGORIES_MAX) {
		snprintf(c->code[c->n], sizeof c->code[0], "%s", db_text(&q, 0));
		snprintf(c->name[c->n], sizeof c->name[0], "%s", db_text(&q, 1));
		c->n++;
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* The data's name of a category code (the code itself if unknown). */
static const char *category_name(const struct categories *c, const char *code)
{
	for (int i = 0; code && i < c->n; i++)
		if (!strcmp(c->code[i], code))
			return c->name[i];
	return code;
}

/* The progress line and the list of the three steps. step 4 = results. */
static void progress(struct request *r, int step)
{
	static const char *const names[] = {N_("您是誰"), N_("想學什麼"), N_("時間與地點")};
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<nav class=\"guide-progress\" aria-label=\"");
	html_tr(r, "導引步驟");
	html_raw_unescaped(b, "\">\n<p class=\"guide-step\">");
	if (step <= 3)
		html_trf(r, "步驟 %d/3", step);
	else
		html_tr(r, "完成：推薦結果");
	html_raw_unescaped(b, "</p>\n<ol>\n");
	for (int i = 0; i < 3; i++) {
		html_fmt(b, "<li class=\"%s\"", i + 1 < step ? "done" : i + 1 == step ? "current" : "todo");
		html_raw_unescaped(b, i + 1 == step ? " aria-current=\"step\">" : ">");
		html_tr(r, names[i]);
		html_raw_unescaped(b, "</li>\n");
	}
	html_raw_unescaped(b, "</ol>\n</nav>\n");
}

/* The "上一步" link to step (with every answer) and, when there is one, the
 * submit button. */
static void step_nav(struct request *r, const struct guide *g, int back, const char *submit)
{
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<div class=\"guide-nav\">\n");
	if (submit) {
		html_raw_unescaped(b, "<button type=\"submit\" class=\"big-button primary\">");
		html_text(b, submit);
		html_raw_unescaped(b, "</button>\n");
	}
	if (back > 0) {
		html_raw_unescaped(b, "<a class=\"big-button back\" rel=\"prev\" href=\"/guide?");
		guide_url(b, g, back, "&amp;");
		html_raw_unescaped(b, "\">");
		html_tr(r, "上一步");
		html_raw_unescaped(b, "</a>\n");
	}
	html_raw_unescaped(b, "</div>\n");
}

/* Step 1: one big submit button per group; pressing one answers and
 * moves on. */
static void step_who(struct request *r, const struct guide *g)
{
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<form method=\"get\" action=\"/guide\" class=\"guide-form\">\n"
			   "<fieldset>\n<legend class=\"guide-question\">");
	html_tr(r, "您是哪一位？");
	html_raw_unescaped(b, "</legend>\n<p class=\"hint\">");
	html_tr(r, "選一個最接近您的，按下去就會到下一步。");
	html_raw_unescaped(b, "</p>\n<input type=\"hidden\" name=\"step\" value=\"2\"/>\n");
	guide_hidden(r, g, 1);
	html_raw_unescaped(b, "<ul class=\"choice-buttons\">\n");
	for (size_t i = 0; i < N_WHO; i++) {
		int chosen = g->who == (int)i;
		html_fmt(b, "<li><button type=\"submit\" name=\"who\" value=\"%s\" class=\"big-choice%s\">"
			 "<strong>", whos[i].code, chosen ? " chosen" : "");
		html_tr(r, whos[i].label);
		html_raw_unescaped(b, "</strong><span class=\"sub\">");
		html_tr(r, whos[i].hint);
		html_raw_unescaped(b, "</span>");
		if (chosen) {
			html_raw_unescaped(b, "<span class=\"sub mark\">");
			html_tr(r, "（您上次的選擇）");
			html_raw_unescaped(b, "</span>");
		}
		html_raw_unescaped(b, "</button></li>\n");
	}
	html_raw_unescaped(b, "</ul>\n</fieldset>\n</form>\n");
}

/* Step 2: the categories as big checkboxes. Returns 0 or -1 (database). */
static int step_what(struct request *r, const struct guide *g)
{
	struct buf *b = &r->out;
	struct categories c;
	if (load_categories(r, &c) < 0)
		return -1;
	html_raw_unescaped(b, "<form method=\"get\" action=\"/guide\" class=\"guide-form\">\n"
			   "<fieldset>\n<legend class=\"guide-question\">");
	html_tr(r, "您想學什麼？");
	html_raw_unescaped(b, "</legend>\n<p class=\"hint\">");
	html_tr(r, "可以選好幾樣；都不選也可以，就會列出所有類別。");
	html_raw_unescaped(b, "</p>\n<input type=\"hidden\" name=\"step\" value=\"3\"/>\n");
	guide_hidden(r, g, 2);
	html_raw_unescaped(b, "<ul class=\"choice-checks\">\n");
	for (int i = 0; i < c.n; i++) {
		int bit = code_index(search_category_codes, c.code[i]);
		const char *desc = NULL;
		for (size_t k = 0; k < sizeof category_desc / sizeof *category_desc; k++)
			if (!strcmp(category_desc[k].code, c.code[i]))
				desc = tr(r, category_desc[k].desc);
		if (bit < 0)
			continue;	/* a category the search does not know */
		html_fmt(b, "<li><input type=\"checkbox\" id=\"cat-%s\" name=\"category\" value=\"%s\"",
			 c.code[i], c.code[i]);
		html_raw_unescaped(b, g->categories & (1u << bit) ? " checked=\"checked\"/>" : "/>");
		html_fmt(b, "<label for=\"cat-%s\"><strong", c.code[i]);
		page_lang_attr(r, NULL);
		html_fmt(b, ">%s</strong>", c.name[i]);
		if (desc)
			html_fmt(b, "<span class=\"sub\">%s</span>", desc);
		html_raw_unescaped(b, "</label></li>\n");
	}
	html_raw_unescaped(b, "</ul>\n</fieldset>\n");
	step_nav(r, g, 1, tr(r, "下一步"));
	html_raw_unescaped(b, "</form>\n");
	return 0;
}

/* One radio or checkbox with a big label. */
static void choice(struct request *r, const char *type, const char *name, const char *value,
		   const char *id, int checked, const char *label, const char *hint)
{
	html_fmt(&r->out, "<li><input type=\"%s\" id=\"%s\" name=\"%s\" value=\"%s\"", type, id,
		 name, value);
	html_raw_unescaped(&r->out, checked ? " checked=\"checked\"/>" : "/>");
	html_fmt(&r->out, "<label for=\"%s\"><strong>%s</strong>", id, label);
	if (hint)
		html_fmt(&r->out, "<span class=\"sub\">%s</span>", hint);
	html_raw_unescaped(&r->out, "</label></li>\n");
}

/* Step 3: days, times, district and cost; submits to the results.
 * Returns 0 or -1 (database). */
static int step_when(struct request *r, const struct guide *g)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc;
	html_raw_unescaped(b, "<form method=\"get\" action=\"/guide/results\" class=\"guide-form\">\n"
			   "<h2 class=\"guide-question\">");
	html_tr(r, "您什麼時候、在哪裡方便上課？");
	html_raw_unescaped(b, "</h2>\n");
	guide_hidden(r, g, 4);

	html_raw_unescaped(b, "<fieldset>\n<legend>");
	html_tr(r, "哪幾天有空？");
	html_raw_unescaped(b, "</legend>\n<ul class=\"choice-checks\">\n");
	choice(r, "radio", "days", "weekday", "days-weekday", g->days_set && g->days == DAYS_WEEKDAY,
	       tr(r, "平日"), tr(r, "週一到週五"));
	choice(r, "radio", "days", "weekend", "days-weekend", g->days_set && g->days == DAYS_WEEKEND,
	       tr(r, "週末"), tr(r, "週六、週日"));
	choice(r, "radio", "days", "any", "days-any", !g->days_set || g->days == DAYS_ANY,
	       tr(r, "哪天都可以"), NULL);
	html_raw_unescaped(b, "</ul>\n</fieldset>\n<fieldset>\n<legend>");
	html_tr(r, "什麼時段？（可複選，都不選表示都可以）");
	html_raw_unescaped(b, "</legend>\n<ul class=\"choice-checks\">\n");
	for (int i = 0; search_time_codes[i]; i++) {
		char id[32];
		snprintf(id, sizeof id, "time-%s", search_time_codes[i]);
		choice(r, "checkbox", "time", search_time_codes[i], id, !!(g->times & (1u << i)),
		       tr(r, time_labels[i]), tr(r, time_hints[i]));
	}
	html_raw_unescaped(b, "</ul>\n</fieldset>\n<fieldset>\n<legend>");
	html_tr(r, "想在哪一區上課？");
	html_raw_unescaped(b, "</legend>\n<ul class=\"choice-checks columns\">\n");
	choice(r, "radio", "district", "any", "district-any", !g->district[0], tr(r, "哪一區都可以"),
	       tr(r, "也包括線上課程"));
	db_query(r->db, &q, ST_DISTRICTS_LIST, "");
	while ((rc = db_next(&q)) == 1) {
		char id[32];
		snprintf(id, sizeof id, "district-%lld", db_int(&q, 0));
		choice(r, "radio", "district", db_text(&q, 1), id,
		       !strcmp(g->district, db_text(&q, 1)), db_text(&q, 1), NULL);
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	html_raw_unescaped(b, "</ul>\n</fieldset>\n<fieldset>\n<legend>");
	html_tr(r, "費用");
	html_raw_unescaped(b, "</legend>\n<ul class=\"choice-checks\">\n");
	choice(r, "checkbox", "free", "yes", "free", g->free, tr(r, "只要免費的課程"), NULL);
	html_raw_unescaped(b, "</ul>\n</fieldset>\n");
	step_nav(r, g, 2, tr(r, "看推薦結果"));
	html_raw_unescaped(b, "</form>\n");
	return 0;
}

/* GET /guide: the step the "step" field names, with the answers so far. */
int page_guide(struct request *r)
{
	struct guide g;
	int st = guide_read(r, &g);
	if (st)
		return st;
	page_begin(r, tr(r, "學習導引"), "guide");
	if (g.step == 1) {
		html_raw_unescaped(&r->out, "<p class=\"lead\">");
		html_tr(r, "回答三個簡單的問題，幫您找到適合的課程和學習機構。");
		html_raw_unescaped(&r->out, "</p>\n");
	}
	progress(r, g.step);
	int rc = 0;
	if (g.step == 1)
		step_who(r, &g);
	else if (g.step == 2)
		rc = step_what(r, &g);
	else
		rc = step_when(r, &g);
	if (rc < 0)
		return req_fail(r, 500, "guide query failed");
	page_end(r);
	return 0;
}

/* ---- results ---- */

/* The search filters for the answers; relax_time drops days and times,
 * relax_place the district. */
static void guide_query(const struct guide *g, int relax_time, int relax_place,
			struct search_query *q)
{
	search_query_init(q);
	if (g->who >= 0 && g->who != (int)WHO_ANYONE) {
		int a = code_index(search_audience_codes, whos[g->who].code);
		int all = code_index(search_audience_codes, "all");
		if (a >= 0)
			q->audiences |= 1u << a;
		if (all >= 0)
			q->audiences |= 1u << all;	/* open to everyone fits too */
	}
	q->categories = g->categories;
	if (!relax_time) {
		if (g->days_set && g->days == DAYS_WEEKDAY)
			q->weekdays = 0x1f;	/* Monday to Friday */
		else if (g->days_set && g->days == DAYS_WEEKEND)
			q->weekend = 1;
		q->times = g->times;
	}
	if (!relax_place && g->district[0]) {
		q->n_districts = 1;
		snprintf(q->districts[0], sizeof q->districts[0], "%s", g->district);
	}
	if (g->free)
		q->fee_max = 0;
	q->per_page = GUIDE_FETCH;
}

/* True if the answers limit the days or the time of day. */
static int has_time(const struct guide *g)
{
	return (g->days_set && g->days != DAYS_ANY) || g->times;
}

/* Appends the user's time answer: "週末上午或晚上", "平日", "上午". */
static void time_phrase(struct request *r, struct buf *b, const struct guide *g)
{
	if (g->days_set && g->days == DAYS_WEEKDAY)
		buf_puts(b, tr(r, "平日"));
	else if (g->days_set && g->days == DAYS_WEEKEND)
		buf_puts(b, tr(r, "週末"));
	int n = 0;
	for (int i = 0; search_time_codes[i]; i++)
		if (g->times & (1u << i)) {
			if (n++)
				buf_puts(b, tr(r, "或"));
			buf_puts(b, tr(r, time_labels[i]));
		}
}

/* Joins quoted picks: "『A』", "『A』與『B』", "『A』、『B』與『C』". */
static void add_pick(struct request *r, struct buf *picks, int *n, const char *text, int last)
{
	if (*n)
		buf_puts(picks, last ? tr(r, "與") : tr(r, "、"));
	buf_printf(picks, tr(r, "『%s』"), text);
	(*n)++;
}

/* One sentence saying why a course was picked. */
static void course_reason(struct request *r, const struct guide *g, const struct categories *c,
			  const struct search_item *it, int relaxed_time, int relaxed_place)
{
	const char *pick[5];
	struct buf when = BUF_INIT, picks = BUF_INIT, where = BUF_INIT, tp = BUF_INIT;
	int np = 0, n = 0, specific = 0;
	if (g->who >= 0 && g->who != (int)WHO_ANYONE) {
		int a = code_index(search_audience_codes, whos[g->who].code);
		specific = a >= 0 && (it->audiences & (1u << a));
		if (specific)
			pick[np++] = tr(r, whos[g->who].pick);
	}
	if (g->categories)
		pick[np++] = category_name(c, it->category);
	if (!relaxed_time && has_time(g)) {
		time_phrase(r, &tp, g);
		pick[np++] = buf_cstr(&tp);
	}
	if (!relaxed_place && g->district[0])
		pick[np++] = g->district;
	if (g->free)
		pick[np++] = tr(r, "免費");
	for (int i = 0; i < np; i++)
		add_pick(r, &picks, &n, pick[i], i == np - 1);

	/* when and where the next session is: "週六上午、七堵區" */
	int y, m, d, hour = atoi(it->next_session + 11);
	if (roc_parse_date(it->next_session, &y, &m, &d) == 0) {
		buf_puts(&when, tr(r, weekday_names[roc_weekday(y, m, d)]));
		buf_puts(&when, tr(r, time_labels[hour < 12 ? 0 : hour < 18 ? 1 : 2]));
	}
	if (!strcmp(it->format ? it->format : "", "online"))
		buf_printf(&where, tr(r, "%s在線上"), buf_cstr(&when));
	else if (it->district)
		buf_printf(&where, tr(r, "%s、%s"), buf_cstr(&when), it->district);
	else
		buf_puts(&where, buf_cstr(&when));

	html_raw_unescaped(&r->out, "<p class=\"why\">");
	if (np)
		html_trf(r, "因為您選了%s，這門課在%s開課", buf_cstr(&picks), buf_cstr(&where));
	else
		html_trf(r, "這門課在%s開課，是最近就要開始的課程之一", buf_cstr(&where));
	if (g->who >= 0 && g->who != (int)WHO_ANYONE && !specific)
		html_tr(r, "，而且不限對象，人人都能參加");
	html_tr(r, "。");
	html_raw_unescaped(&r->out, "</p>\n");
	buf_free(&when);
	buf_free(&picks);
	buf_free(&where);
	buf_free(&tp);
}

/* The user's answers, each with a link back to change it. */
static void answers_summary(struct request *r, const struct guide *g, const struct categories *c)
{
	struct buf *b = &r->out;
	struct buf tp = BUF_INIT;
	html_raw_unescaped(b, "<dl class=\"guide-answers\">\n<dt>");
	html_tr(r, "您是");
	html_raw_unescaped(b, "</dt><dd>");
	html_tr(r, whos[g->who >= 0 ? g->who : (int)WHO_ANYONE].pick);
	html_raw_unescaped(b, " <a href=\"/guide?");
	guide_url(b, g, 1, "&amp;");
	html_raw_unescaped(b, "\">");
	html_tr(r, "修改");
	html_raw_unescaped(b, "</a></dd>\n<dt>");
	html_tr(r, "想學");
	html_raw_unescaped(b, "</dt><dd>");
	int n = 0;
	for (int i = 0; search_category_codes[i]; i++)
		if (g->categories & (1u << i)) {
			if (n++)
				html_tr(r, "、");
			html_text(b, category_name(c, search_category_codes[i]));
		}
	if (!n)
		html_tr(r, "不限類別");
	html_raw_unescaped(b, " <a href=\"/guide?");
	guide_url(b, g, 2, "&amp;");
	html_raw_unescaped(b, "\">");
	html_tr(r, "修改");
	html_raw_unescaped(b, "</a></dd>\n<dt>");
	html_tr(r, "時間與地點");
	html_raw_unescaped(b, "</dt><dd>");
	time_phrase(r, &tp, g);
	html_text(b, tp.len ? buf_cstr(&tp) : tr(r, "不限時間"));
	html_tr(r, "、");
	html_text(b, g->district[0] ? g->district : tr(r, "不限地區"));
	if (g->free) {
		html_tr(r, "、");
		html_tr(r, "只要免費");
	}
	html_raw_unescaped(b, " <a href=\"/guide?");
	guide_url(b, g, 3, "&amp;");
	html_raw_unescaped(b, "\">");
	html_tr(r, "修改");
	html_raw_unescaped(b, "</a></dd>\n</dl>\n");
	buf_free(&tp);
}

/* Runs the search, relaxing the time and then the place while nothing is
 * found. Returns 0 or -1; *relaxed_time, *relaxed_place say what was
 * dropped. res is filled (free it) in every case. */
static int find_courses(struct request *r, const struct guide *g, struct search_query *q,
			struct search_result *res, int *relaxed_time, int *relaxed_place)
{
	*relaxed_time = *relaxed_place = 0;
	guide_query(g, 0, 0, q);
	if (search_run(r->db, r->now, q, res) < 0)
		return -1;
	if (res->total == 0 && has_time(g)) {
		search_result_free(res);
		*relaxed_time = 1;
		guide_query(g, 1, 0, q);
		if (search_run(r->db, r->now, q, res) < 0)
			return -1;
	}
	if (res->total == 0 && g->district[0]) {
		search_result_free(res);
		*relaxed_time = has_time(g);
		*relaxed_place = 1;
		guide_query(g, *relaxed_time, 1, q);
		if (search_run(r->db, r->now, q, res) < 0)
			return -1;
	}
	return 0;
}

/* The matching courses (the group's own first), each with its reason,
 * the notice of what was relaxed, and the link to the same search.
 * Returns 0 or -1 (search failed). */
static int results_courses(struct request *r, const struct guide *g, const struct categories *c)
{
	struct buf *b = &r->out;
	struct search_query q;
	struct search_result res;
	int rt, rp;
	if (find_courses(r, g, &q, &res, &rt, &rp) < 0) {
		search_result_free(&res);
		return -1;
	}
	html_raw_unescaped(b, "<section aria-labelledby=\"h-courses\">\n<h2 id=\"h-courses\">");
	html_tr(r, "推薦課程");
	html_raw_unescaped(b, "</h2>\n");
	if (rt || rp) {
		html_raw_unescaped(b, "<p class=\"notice relaxed\">");
		if (rt && rp)
			html_tr(r, "沒有完全符合的課程，所以我們放寬了時間，也放寬了地點，改列出其他時段、其他地區的課程。");
		else if (rt)
			html_tr(r, "沒有完全符合您時間的課程，所以我們放寬了時間，改列出其他時段的課程。");
		else
			html_tr(r, "您選的地區目前沒有符合的課程，所以我們放寬了地點，改列出其他地區的課程。");
		html_raw_unescaped(b, "</p>\n");
	}
	if (res.total == 0) {
		html_raw_unescaped(b, "<p class=\"notice none\">");
		html_tr(r, "目前沒有符合的課程。可以回上一步多選幾個類別，或到「找課程」看看所有課程；"
			   "新課程會陸續公布，歡迎過幾天再來看看。");
		html_raw_unescaped(b, "</p>\n</section>\n");
		search_result_free(&res);
		return 0;
	}
	html_raw_unescaped(b, "<p>");
	if (res.total <= GUIDE_COURSES)
		html_trnf(r, "找到 %lld 門符合的課程。", "找到 %lld 門符合的課程。",
			  (unsigned long)res.total, res.total);
	else
		html_trnf(r, "共有 %lld 門課程符合，以下是最近開始的 %d 門。",
			  "共有 %lld 門課程符合，以下是最近開始的 %d 門。", (unsigned long)res.total,
			  res.total, GUIDE_COURSES);
	html_raw_unescaped(b, "</p>\n<ol class=\"guide-results\">\n");
	/* courses meant for the chosen group first, then those open to all,
	 * each group soonest first (the runner's order) */
	int a = -1, shown = 0;
	if (g->who >= 0 && g->who != (int)WHO_ANYONE)
		a = code_index(search_audience_codes, whos[g->who].code);
	for (int pass = 0; pass < 2 && shown < GUIDE_COURSES; pass++) {
		for (int i = 0; i < res.n_items && shown < GUIDE_COURSES; i++) {
			const struct search_item *it = &res.items[i];
			int specific = a < 0 || (it->audiences & (1u << a));
			if (specific != (pass == 0))
				continue;
			html_fmt(b, "<li class=\"course\"><h3><a href=\"/courses/%lld\"", it->course_id);
			/* a title is written in the city's language, whatever
			 * language the course is taught in */
			page_lang_attr(r, NULL);
			html_fmt(b, ">%s</a></h3>\n<p class=\"meta\"><span", it->title);
			page_lang_attr(r, NULL);
			html_fmt(b, ">%s</span>", it->institution);
			if (it->district)
				html_fmt(b, "・<span>%s</span>", it->district);
			html_raw_unescaped(b, "・");
			page_date(r, it->next_session, DATE_WEEKDAY);
			html_fmt(b, " %s", it->next_session + 11);
			html_raw_unescaped(b, "・");
			if (it->fee_twd == 0)
				html_tr(r, "免費");
			else
				html_trf(r, "%lld 元", it->fee_twd);
			html_raw_unescaped(b, "</p>\n");
			course_reason(r, g, c, it, rt, rp);
			html_raw_unescaped(b, "</li>\n");
			shown++;
		}
	}
	html_raw_unescaped(b, "</ol>\n<p class=\"more\"><a class=\"big-button\" href=\"/search");
	struct buf qs = BUF_INIT;
	search_query_append_url(&q, &qs, "&amp;", (1u << SQ_PAGE) | (1u << SQ_PER_PAGE));
	if (qs.len) {
		html_raw_unescaped(b, "?");
		html_raw_unescaped(b, buf_cstr(&qs));
	}
	buf_free(&qs);
	html_raw_unescaped(b, "\">");
	html_trnf(r, "用同樣的條件看全部 %lld 門課程", "用同樣的條件看全部 %lld 門課程",
		  (unsigned long)res.total, res.total);
	html_raw_unescaped(b, "</a></p>\n</section>\n");
	search_result_free(&res);
	return 0;
}

/* Institutions whose type serves the chosen group; those in the chosen
 * district (and citywide ones) first, else anywhere. */
static int results_institutions(struct request *r, const struct guide *g)
{
	struct buf *b = &r->out;
	int who = g->who >= 0 ? g->who : (int)WHO_ANYONE;
	const char *const *t = whos[who].types;
	int n = 0, rc = 0;
	html_raw_unescaped(b, "<section aria-labelledby=\"h-inst\">\n<h2 id=\"h-inst\">");
	html_tr(r, "推薦學習機構");
	html_raw_unescaped(b, "</h2>\n");
	for (int pass = 0; pass < 2 && n == 0 && rc >= 0; pass++) {
		const char *district = pass == 0 ? g->district : "";
		if (pass == 1 && !g->district[0])
			break;
		struct dbq q;
		db_query(r->db, &q, ST_GUIDE_INSTITUTIONS, "tttti", t[0], t[1], t[2],
			 district[0] ? district : NULL, (long long)GUIDE_INSTITUTIONS);
		while ((rc = db_next(&q)) == 1) {
			const char *code = db_text(&q, 2), *dname = db_text(&q, 4), *why = NULL;
			if (!n++) {
				if (pass == 1) {
					html_raw_unescaped(b, "<p class=\"notice relaxed\">");
					html_tr(r, "您選的地區沒有這類機構，以下是其他地區的機構。");
					html_raw_unescaped(b, "</p>\n");
				}
				html_raw_unescaped(b, "<ul class=\"guide-institutions\">\n");
			}
			for (size_t k = 0; k < sizeof type_why / sizeof *type_why; k++)
				if (!strcmp(type_why[k].code, code))
					why = tr(r, type_why[k].why);
			html_fmt(b, "<li><h3><a href=\"/institutions/%lld\"", db_int(&q, 0));
			page_lang_attr(r, NULL);
			html_fmt(b, ">%s</a></h3>\n<p class=\"why\">", db_text(&q, 1));
			if (who != (int)WHO_ANYONE)
				html_trf(r, "因為您選了『%s』，", tr(r, whos[who].pick));
			if (why)
				html_text(b, why);
			else
				html_trf(r, "這是一所%s", db_text(&q, 3));
			if (dname && g->district[0] && !strcmp(dname, g->district))
				html_trf(r, "，就在您選的%s", dname);
			else if (dname)
				html_trf(r, "，位於%s", dname);
			else
				html_tr(r, "，服務全市");
			html_tr(r, "。");
			html_raw_unescaped(b, "</p></li>\n");
		}
		db_done(&q);
	}
	if (n)
		html_raw_unescaped(b, "</ul>\n");
	else if (rc >= 0) {
		html_raw_unescaped(b, "<p>");
		html_tr(r, "目前還沒有登錄這類學習機構。");
		html_raw_unescaped(b, " <a href=\"/institutions\">");
		html_tr(r, "看所有學習機構");
		html_raw_unescaped(b, "</a></p>\n");
	}
	html_raw_unescaped(b, "</section>\n");
	return rc < 0 ? -1 : 0;
}

/* GET /guide/results: the answers, courses and institutions that fit. */
int page_guide_results(struct request *r)
{
	struct guide g;
	struct categories c;
	int st = guide_read(r, &g);
	if (st)
		return st;
	if (load_categories(r, &c) < 0)
		return req_fail(r, 500, "guide query failed");
	page_begin(r, tr(r, "為您推薦的學習"), "guide");
	progress(r, 4);
	answers_summary(r, &g, &c);
	if (results_courses(r, &g, &c) < 0 || results_institutions(r, &g) < 0)
		return req_fail(r, 500, "guide search failed");
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<div class=\"guide-nav\">\n<a class=\"big-button back\" rel=\"prev\" "
			   "href=\"/guide?");
	guide_url(b, &g, 3, "&amp;");
	html_raw_unescaped(b, "\">");
	html_tr(r, "上一步");
	html_raw_unescaped(b, "</a>\n<a class=\"big-button\" href=\"/guide\">");
	html_tr(r, "重新開始");
	html_raw_unescaped(b, "</a>\n<a class=\"big-button\" href=\"/map\">");
	html_tr(r, "看學習地圖");
	html_raw_unescaped(b, "</a>\n</div>\n");
	page_end(r);
	return 0;
}
