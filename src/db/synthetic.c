#include "db/synthetic.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

#define MAX_REF 64
#define INSTS_PER_TYPE_DISTRICT 3

/* A small deterministic generator (xorshift64*), so a seed gives the same
 * data on every machine. */
struct rng {
	uint64_t s;
};

static uint32_t rnd(struct rng *g)
{
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return (uint32_t)((g->s * 2685821657736338717ULL) >> 32);
}

static int pick(struct rng *g, int n)
{
	return (int)(rnd(g) % (uint32_t)n);
}

static int chance(struct rng *g, int percent)
{
	return pick(g, 100) < percent;
}

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Topics per category code (the fixed categories of migration 1). */
static const struct {
	const char *category;
	const char *topics[10];
} topics[] = {
	{"basic", {"識字", "注音符號", "生活數學", "國語文", "生活應用文書", "英文字母", "報紙閱讀",
		   "基礎算術", "看懂帳單", "書寫練習"}},
	{"language", {"日語會話", "英語會話", "越南語 Tiếng Việt", "印尼語 Bahasa Indonesia",
		      "泰語 ภาษาไทย", "台語", "客家語", "阿美族語", "韓語", "華語"}},
	{"digital", {"智慧型手機", "電腦", "網路購物防詐", "影音剪輯", "雲端相簿", "LINE 通訊",
		     "Excel 試算表", "AI 工具", "網頁設計", "數位攝影"}},
	{"health", {"太極拳", "瑜伽", "健走", "銀髮肌力訓練", "氣功", "舞蹈", "桌球", "中醫養生",
		    "營養與飲食", "防跌運動"}},
	{"arts", {"書法", "水彩", "陶藝", "茶道與茶藝", "烏克麗麗", "合唱", "國畫", "編織",
		  "插花", "木工"}},
	{"local", {"認識基隆港", "和平島地質", "八斗子漁村", "基隆廟口小吃", "雞籠歷史",
		   "海洋生態", "基隆山城步道", "潮境保育", "外木山海岸", "基隆老街"}},
	{"civic", {"環境永續", "社區營造", "消費者保護", "性別平等", "法律常識", "防災",
		   "垃圾減量", "公民參與", "人權", "能源轉型"}},
	{"family", {"親子共讀", "祖孫共學", "新手父母", "青少年溝通", "婚姻經營", "家庭理財",
		    "親職教育", "隔代教養", "家事分工", "手作玩具"}},
	{"career", {"履歷撰寫", "面試技巧", "創業", "照顧服務員", "咖啡師", "烘焙", "電商經營",
		    "會計實務", "導覽解說", "中餐烹調"}},
	{"reading", {"讀書會", "繪本共讀", "經典文學", "詩詞欣賞", "說故事", "樂齡閱讀",
		     "社區共讀", "作家導讀", "歷史小說", "科普閱讀"}},
	{"volunteer", {"志工基礎訓練", "圖書館志工", "導覽志工", "關懷訪視", "環保志工",
		       "說故事志工", "陪讀志工", "社區巡守", "樂齡志工", "防災志工"}},
};

static const char *const kinds[] = {"入門班", "進階班", "工作坊", "體驗課", "研習營", "講座",
	"實作班", "讀書會", "系列課程", "培訓班"};
static const char *const prefixes[] = {"", "", "", "", "樂齡", "親子", "假日", "夜間", "新住民",
	"社區"};
static const char *const audiences[] = {"all", "senior", "new_immigrant", "indigenous", "family",
	"women", "basic_education", "youth", "worker"};
static const char *const rooms[] = {"第一教室", "多功能教室", "活動中心", "圖書室", "電腦教室",
	"禮堂", "會議室", "戶外教學點"};
static const int start_times[] = {9 * 60, 10 * 60, 13 * 60 + 30, 14 * 60, 15 * 60, 18 * 60 + 30,
	19 * 60};

struct ref {
	long long id;
	char name[96];
	char code[64];
};

struct inst {
	long long id, district_id;
	long long venue_ids[3];
	long long venue_districts[3];
	int n_venues;
};

/* Days since 1970-01-01 and back (Hinnant), for session dates. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void format_time(char out[17], long long day, int minute)
{
	int y, m, d;
	char tmp[64];
	civil_from_days(day, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02d:%02d", y % 10000, m % 100, d % 100,
		 (minute / 60) % 100, minute % 60);
	memcpy(out, tmp, 16);
	out[16] = '\0';
}

static int load_refs(struct db *db, enum stmt_id st, int id_col, int name_col, int code_col,
		     struct ref *out, int *n)
{
	struct dbq q;
	int rc;
	*n = 0;
	db_query(db, &q, st, "");
	while ((rc = db_next(&q)) == 1 && *n < MAX_REF) {
		out[*n].id = id_col >= 0 ? db_int(&q, id_col) : 0;
		snprintf(out[*n].name, sizeof out[*n].name, "%s", db_text(&q, name_col));
		snprintf(out[*n].code, sizeof out[*n].code, "%s",
			 code_col >= 0 ? db_text(&q, code_col) : "");
		(*n)++;
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* The institutions and their venues: INSTS_PER_TYPE_DISTRICT of every type
 * in every district. */
static int make_institutions(struct db *db, struct rng *g, const struct ref *districts, int nd,
			     const struct ref *types, int nt, struct inst *insts, int *ni,
			     struct synthetic_counts *c)
{
	*ni = 0;
	for (int t = 0; t < nt; t++)
		for (int d = 0; d < nd; d++)
			for (int k = 1; k <= INSTS_PER_TYPE_DISTRICT; k++) {
				char name[256], addr[256];
				struct dbq q;
				struct inst *in = &insts[*ni];
				snprintf(name, sizeof name, "合成資料：%s%s%d", districts[d].name,
					 types[t].name, k);
				snprintf(addr, sizeof addr, "基隆市%s（合成地址）", districts[d].name);
				in->id = 0;
				in->district_id = districts[d].id;
				if (db_query(db, &q, ST_INSTITUTION_UPSERT, "tiittttti", name, types[t].id,
					     districts[d].id, addr, NULL, NULL, NULL, NULL, 1LL) == 0 &&
				    db_next(&q) == 1)
					in->id = db_int(&q, 0);
				db_done(&q);
				if (!in->id)
					return -1;
				c->institutions++;
				in->n_venues = 1 + pick(g, 3);
				for (int v = 0; v < in->n_venues; v++) {
					long long vd = v == 0 ? districts[d].id : districts[pick(g, nd)].id;
					if (db_exec(db, ST_VENUE_INSERT, "ittii", in->id,
						    rooms[(k + v * 3) % COUNT(rooms)], "room", vd, 1LL) < 0)
						return -1;
					in->venue_ids[v] = db_last_id(db);
					in->venue_districts[v] = vd;
					c->venues++;
				}
				(*ni)++;
			}
	return 0;
}

/* The language of teaching for a course of category cat on topic t. */
static const char *course_language(struct rng *g, int cat, int t)
{
	if (!strcmp(topics[cat].category, "language")) {
		static const char *const langs[] = {"ja", "en", "vi", "id", "th", "nan", "hak", "ami",
			"ko", "zh-Hant"};
		return langs[t];
	}
	if (chance(g, 3))
		return "en";
	if (chance(g, 2))
		return "vi";
	return "zh-Hant";
}

static int make_course(struct db *db, struct rng *g, long long serial, long long today,
		       const struct inst *insts, int ni, struct synthetic_counts *c)
{
	const struct inst *in = &insts[pick(g, ni)];
	int cat = pick(g, COUNT(topics)), t = pick(g, 10), kind = pick(g, COUNT(kinds));
	const char *topic = topics[cat].topics[t], *prefix = prefixes[pick(g, COUNT(prefixes))];
	char title[256], desc[512];
	snprintf(title, sizeof title, "%s%s%s（第%lld期）", prefix, topic, kinds[kind], serial);
	snprintf(desc, sizeof desc,
		 "%s的%s：由淺入深認識%s，每週一次，適合想%s的朋友。課程在%s舉行，歡迎報名。",
		 topic, kinds[kind], topic, chance(g, 50) ? "培養新興趣" : "精進技能",
		 chance(g, 50) ? "社區據點" : "機構教室");
	int fee_roll = pick(g, 100);
	long long fee = fee_roll < 40 ? 0 : fee_roll < 70 ? 100 * (1 + pick(g, 10))
				    : 1000 + 100 * pick(g, 50);
	int fmt_roll = pick(g, 100);
	const char *format = fmt_roll < 75 ? "in_person" : fmt_roll < 90 ? "online" : "blended";
	long long capacity = chance(g, 10) ? -1 : 10 + pick(g, 31);
	struct dbq q;
	long long id = 0;
	if (db_query(db, &q, ST_COURSE_UPSERT, "ittttitiiiti", in->id, title, desc,
		     topics[cat].category, course_language(g, cat, t), fee, format,
		     (long long)chance(g, 10), 0LL, capacity, NULL, 1LL) == 0 && db_next(&q) == 1)
		id = db_int(&q, 0);
	db_done(&q);
	if (!id)
		return -1;
	c->courses++;
	int na = 1 + (chance(g, 30) ? 1 : 0);
	for (int a = 0; a < na; a++)
		if (db_exec(db, ST_COURSE_AUDIENCE_ADD, "it", id, audiences[pick(g, COUNT(audiences))]) < 0)
			return -1;
	/* weekly sessions, the first somewhere in the year before or after today */
	int n = 4 + pick(g, 13), minute = start_times[pick(g, COUNT(start_times))];
	long long first = today - 365 + pick(g, 731);
	int v = pick(g, in->n_venues);
	for (int s = 0; s < n; s++) {
		char start[17], end[17];
		format_time(start, first + 7LL * s, minute);
		format_time(end, first + 7LL * s, minute + 120);
		if (db_exec(db, ST_SESSION_UPSERT, "iiittI", id, in->venue_ids[v],
			    in->venue_districts[v], start, end, DB_NULL_INT) < 0)
			return -1;
		c->sessions++;
	}
	return 0;
}

int synthetic_seed(struct db *db, long long n, const char *today, unsigned seed,
		   struct synthetic_counts *out)
{
	struct ref districts[MAX_REF], types[MAX_REF];
	struct rng g = {0x9e3779b97f4a7c15ULL ^ seed};
	struct inst *insts = NULL;
	int nd = 0, nt = 0, ni = 0, y, m, d;
	memset(out, 0, sizeof *out);
	if (sscanf(today, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return -1;
	long long day0 = days_from_civil(y, (unsigned)m, (unsigned)d);
	if (load_refs(db, ST_DISTRICTS_LIST, 0, 1, -1, districts, &nd) < 0 ||
	    load_refs(db, ST_SEARCH_TYPES, 0, 2, 1, types, &nt) < 0)
		return -1;
	if (!nd || !nt) {
		fprintf(stderr, "lifelong: the database holds no city (run lifelong init)\n");
		return -1;
	}
	insts = calloc((size_t)(nd * nt * INSTS_PER_TYPE_DISTRICT), sizeof *insts);
	if (!insts || db_begin(db) < 0) {
		free(insts);
		return -1;
	}
	if (db_exec(db, ST_SEARCH_BULK_SET, "i", 1LL) < 0 ||
	    make_institutions(db, &g, districts, nd, types, nt, insts, &ni, out) < 0)
		goto fail;
	for (long long i = 1; i <= n; i++)
		if (make_course(db, &g, i, day0, insts, ni, out) < 0)
			goto fail;
	if (db_exec(db, ST_SEARCH_FTS_CLEAR, "") < 0 || db_exec(db, ST_SEARCH_FTS_FILL, "") < 0 ||
	    db_exec(db, ST_SEARCH_BULK_SET, "i", 0LL) < 0 || db_commit(db) < 0)
		goto fail;
	free(insts);
	return 0;
fail:
	fprintf(stderr, "lifelong: synthetic data: %s\n", db_errmsg(db));
	db_rollback(db);
	free(insts);
	memset(out, 0, sizeof *out);
	return -1;
}
