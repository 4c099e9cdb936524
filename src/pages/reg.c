/* reg — registration, the waiting line and learner links (see reg.h). */
#include "pages/reg.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/text.h"
#include "db/db.h"
#include "pages/pages.h"
#include "pages/portal.h"

const char *const reg_age_bands[] = {"under25", "25to39", "40to54", "55to64", "65plus", NULL};
static const char *const age_band_names[] = {
	N_("24 歲以下"), N_("25 至 39 歲"), N_("40 至 54 歲"), N_("55 至 64 歲"), N_("65 歲以上"),
};
static const char *const staff_channels[] = {"counter", "phone", NULL};

#define REG_PARAM_SPECS \
	{"name", P_TEXT, 0, 100, NULL, 0}, \
	{"phone", P_TEXT, 0, 40, NULL, 0}, \
	{"email", P_TEXT, 0, 254, NULL, 0}, \
	{"age_band", P_ENUM, 0, 0, reg_age_bands, -1}, \
	{"district", P_TEXT, 0, 64, NULL, 0}, \
	{"childcare", P_BOOL, 0, 0, NULL, 0}, \
	{"consent", P_BOOL, 0, 0, NULL, 0}

const struct param_spec reg_params[] = {
	REG_PARAM_SPECS,
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec reg_staff_params[] = {
	REG_PARAM_SPECS,
	{"channel", P_ENUM, 0, 0, staff_channels, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec reg_action_params[] = {
	{"registration", P_INT, 1, 1LL << 53, NULL, 0},
	{"confirm", P_BOOL, 0, 0, NULL, 0},
	{"childcare", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec reg_learner_params[] = {
	{"cancelled", P_INT, 1, 1LL << 53, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec reg_confirm_params[] = {
	{"confirm", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* The field names of enum reg_field, for ids and API errors. */
static const char *const field_names[RF__COUNT] = {
	"name", "phone", "email", "age_band", "district", "childcare", "consent", "channel",
};

const char *reg_age_band_name(struct request *r, const char *code)
{
	for (int i = 0; code && reg_age_bands[i]; i++)
		if (!strcmp(code, reg_age_bands[i]))
			return tr(r, age_band_names[i]);
	return "";
}

const char *reg_channel_name(struct request *r, const char *code)
{
	if (code && !strcmp(code, "counter"))
		return tr(r, "臨櫃");
	if (code && !strcmp(code, "phone"))
		return tr(r, "電話");
	return tr(r, "網路");
}

void reg_status_html(struct request *r, const char *status, long long position)
{
	if (!strcmp(status, "enrolled"))
		html_tr(r, "已錄取");
	else if (!strcmp(status, "waitlisted"))
		html_trf(r, "候補第 %lld 位", position);
	else
		html_tr(r, "已取消");
}

void reg_private_reply(struct request *r)
{
	r->cache_control = "no-store";
	req_header(r, "X-Robots-Tag", "noindex, nofollow");
}

void reg_url(struct request *r, struct buf *b, const char *path, const char *token)
{
	portal_origin(r, b);
	buf_puts(b, path);
	buf_puts(b, token);
}

/* ---- reading the form ---- */

/* A malloc'd copy of s in NFC without the spaces (ASCII, and the
 * ideographic U+3000) at either end; NULL on failure. */
static char *trimmed(const char *s)
{
	char *t = text_nfc(s ? s : "");
	if (!t)
		return NULL;
	char *p = t, *e;
	for (;;) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		else if (!strncmp(p, "\xe3\x80\x80", 3))
			p += 3;
		else
			break;
	}
	e = p + strlen(p);
	for (;;) {
		if (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
			e--;
		else if (e - p >= 3 && !strncmp(e - 3, "\xe3\x80\x80", 3))
			e -= 3;
		else
			break;
	}
	memmove(t, p, (size_t)(e - p));
	t[e - p] = '\0';
	return t;
}

/* Normalises a phone number as people write it ("0912-345-678",
 * "(02) 2422-5520 #12", full-width digits) into out (size n): digits,
 * a leading + and a #extension. Returns 0, or -1 when it is not a phone
 * number (7 to 15 digits before any extension). */
static int phone_norm(const char *in, char *out, size_t n)
{
	size_t len = 0;
	int digits = 0, ext = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p;) {
		int c = *p;
		if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99) {
			c = '0' + (p[2] - 0x90);	/* full-width digit */
			p += 3;
		} else if (p[0] == 0xef && p[1] == 0xbc &&
			   (p[2] == 0x8d || p[2] == 0x88 || p[2] == 0x89 || p[2] == 0x8b ||
			    p[2] == 0x83)) {
			c = p[2] == 0x8d ? '-' : p[2] == 0x88 ? '(' : p[2] == 0x89 ? ')'
			    : p[2] == 0x8b ? '+' : '#';
			p += 3;
		} else if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			c = ' ';
			p += 3;
		} else {
			p++;
		}
		if (c >= '0' && c <= '9') {
			if (!ext)
				digits++;
		} else if (c == '+' && len == 0) {
		} else if (c == '#' && !ext && digits) {
			ext = 1;
		} else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
			continue;
		} else {
			return -1;
		}
		if (len + 1 >= n)
			return -1;
		out[len++] = (char)c;
	}
	out[len] = '\0';
	return digits >= 7 && digits <= 15 && out[len - 1] != '#' ? 0 : -1;
}

/* Checks and lower-cases an e-mail address in place: one @, a local part
 * of the usual characters, a domain of dotted labels. 0 or -1. */
static int email_norm(char *s)
{
	static const char local_ok[] = "!#$%&'*+/=?^_`{|}~.-";
	char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || at - s > 64 || strlen(s) > 254)
		return -1;
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (char *p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr(local_ok, *p))
			return -1;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return -1;
	const char *d = at + 1;
	if (!strchr(d, '.') || d[0] == '.' || d[0] == '-' || d[strlen(d) - 1] == '.' ||
	    d[strlen(d) - 1] == '-')
		return -1;
	for (const char *p = d; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return -1;
	return 0;
}

char *reg_trimmed(const char *s)
{
	return trimmed(s);
}

int reg_phone_norm(const char *in, char *out, size_t n)
{
	return phone_norm(in, out, n);
}

int reg_email_norm(char *s)
{
	return email_norm(s);
}

/* True if s holds a control character. */
static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* Records msg as field k's error (the first one stays counted once). */
static void field_error(struct reg_form *f, enum reg_field k, const char *msg)
{
	if (!f->err[k])
		f->n_err++;
	f->err[k] = msg;
}

int reg_form_read(struct request *r, struct reg_form *f, int staff)
{
	const struct param_value *in = r->in;
	char phone[48];
	memset(f, 0, sizeof *f);
	f->channel = staff ? staff_channels[in[RF_CHANNEL].n < 0 ? 0 : in[RF_CHANNEL].n] : "web";
	f->name = trimmed(in[RF_NAME].present ? in[RF_NAME].s : "");
	if (!f->name)
		return -1;
	if (!f->name[0])
		field_error(f, RF_NAME, tr(r, "請填寫姓名。"));
	else if (has_control(f->name))
		field_error(f, RF_NAME, tr(r, "姓名裡有無法使用的字元。"));
	char *ph = trimmed(in[RF_PHONE].present ? in[RF_PHONE].s : "");
	if (!ph)
		return -1;
	if (ph[0]) {
		if (phone_norm(ph, phone, sizeof phone) < 0)
			field_error(f, RF_PHONE, tr(r, "電話號碼看起來不正確，請只填數字，例如 0912-345-678 或 02-2422-5520。"));
		else
			f->phone = strdup(phone);
	}
	free(ph);
	char *em = trimmed(in[RF_EMAIL].present ? in[RF_EMAIL].s : "");
	if (!em)
		return -1;
	if (em[0]) {
		if (email_norm(em) < 0)
			field_error(f, RF_EMAIL, tr(r, "電子郵件地址看起來不正確，例如 name@example.com。"));
		else
			f->email = strdup(em);
	}
	free(em);
	if (!f->phone && !f->email && !f->err[RF_PHONE] && !f->err[RF_EMAIL])
		field_error(f, RF_PHONE, tr(r, "請至少填寫電話或電子郵件其中一種，開課單位才能聯絡您。"));
	if (in[RF_AGE_BAND].present)
		f->age_band = reg_age_bands[in[RF_AGE_BAND].n];
	if (in[RF_DISTRICT].present) {
		int rc = db_scalar(r->db, &f->district_id, ST_DISTRICT_BY_NAME, "t", in[RF_DISTRICT].s);
		if (rc < 0)
			return -1;
		if (rc == 0)
			field_error(f, RF_DISTRICT, tr(r, "請從清單中選擇行政區，或不填。"));
	}
	f->childcare = in[RF_CHILDCARE].present && in[RF_CHILDCARE].n;
	f->consent = in[RF_CONSENT].present && in[RF_CONSENT].n;
	if (!f->consent)
		field_error(f, RF_CONSENT, staff
			    ? tr(r, "請向報名者說明個人資料告知事項，並在對方同意後勾選。")
			    : tr(r, "請勾選同意個人資料告知事項，才能報名。"));
	return f->n_err ? 1 : 0;
}

void reg_form_free(struct reg_form *f)
{
	free(f->name);
	free(f->phone);
	free(f->email);
	memset(f, 0, sizeof *f);
}

/* ---- the form ---- */

/* Writes the attributes that tie a field to its error, if any. */
static void field_invalid(struct request *r, const struct reg_form *f, enum reg_field k)
{
	if (f && f->err[k])
		html_fmt(&r->out, " aria-invalid=\"true\" aria-describedby=\"f-%s-error\"",
			 field_names[k]);
}

/* Writes the error message of field k, if any. */
static void field_message(struct request *r, const struct reg_form *f, enum reg_field k)
{
	if (f && f->err[k])
		html_fmt(&r->out, "<span class=\"field-error\" id=\"f-%s-error\">%s</span>",
			 field_names[k], f->err[k]);
}

/* The typed value of field k, or "". */
static const char *typed(struct request *r, enum reg_field k)
{
	return r->in[k].present ? r->in[k].s : "";
}

/* One text input: label, error, input. */
static void text_field(struct request *r, const struct reg_form *f, enum reg_field k,
		       const char *label, const char *hint, const char *type,
		       const char *autocomplete, int maxlength, int required, const char *also)
{
	struct buf *b = &r->out;
	html_fmt(b, "<div class=\"field\"><label for=\"f-%s\">%s", field_names[k], label);
	if (required)
		html_fmt(b, " <span class=\"req\">%s</span>", tr(r, "（必填）"));
	html_raw_unescaped(b, "</label>");
	if (hint)
		html_fmt(b, "<span class=\"hint\" id=\"f-%s-hint\">%s</span>", field_names[k], hint);
	field_message(r, f, k);
	html_fmt(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\" maxlength=\"%d\" "
		 "value=\"%s\"", field_names[k], field_names[k], type, autocomplete, maxlength,
		 typed(r, k));
	if (required)
		html_raw_unescaped(b, " required=\"required\"");
	if (f && f->err[k])
		html_raw_unescaped(b, " aria-invalid=\"true\"");
	if ((f && f->err[k]) || hint || also) {
		const char *sep = "";
		html_raw_unescaped(b, " aria-describedby=\"");
		if (f && f->err[k]) {
			html_fmt(b, "f-%s-error", field_names[k]);
			sep = " ";
		}
		if (hint) {
			html_fmt(b, "%sf-%s-hint", sep, field_names[k]);
			sep = " ";
		}
		if (also)
			html_fmt(b, "%s%s", sep, also);
		html_raw_unescaped(b, "\"");
	}
	html_raw_unescaped(b, "/></div>\n");
}

/* The district list, the one typed selected. */
static void district_field(struct request *r, const struct reg_form *f)
{
	struct buf *b = &r->out;
	struct dbq q;
	const char *cur = typed(r, RF_DISTRICT);
	html_fmt(b, "<div class=\"field\"><label for=\"f-district\">%s <span class=\"hint\">%s</span>"
		 "</label>", tr(r, "居住的行政區"), tr(r, "（可不填）"));
	field_message(r, f, RF_DISTRICT);
	html_raw_unescaped(b, "<select id=\"f-district\" name=\"district\"");
	field_invalid(r, f, RF_DISTRICT);
	html_fmt(b, "><option value=\"\">%s</option>", tr(r, "不填"));
	db_query(r->db, &q, ST_DISTRICTS_LIST, "");
	while (db_next(&q) == 1) {
		const char *name = db_text(&q, 1);
		html_fmt(b, "<option value=\"%s\"", name);
		if (!strcmp(cur, name))
			html_raw_unescaped(b, " selected=\"selected\"");
		html_fmt(b, ">%s</option>", r->lang == LANG_ZH_HANT ? name : db_text(&q, 2));
	}
	db_done(&q);
	html_raw_unescaped(b, "</select></div>\n");
}

void reg_form_fields(struct request *r, const struct reg_form *f, int childcare, int staff)
{
	struct buf *b = &r->out;
	const char *band = typed(r, RF_AGE_BAND);
	text_field(r, f, RF_NAME, tr(r, "姓名"), NULL, "text", staff ? "off" : "name", 100, 1, NULL);
	html_fmt(b, "<p class=\"hint\" id=\"contact-hint\">%s</p>\n",
		 tr(r, "電話和電子郵件至少填一種。填電子郵件，可以收到確認信、行事曆檔和您的個人學習頁連結。"));
	text_field(r, f, RF_PHONE, tr(r, "電話"), tr(r, "例如 0912-345-678"), "tel",
		   staff ? "off" : "tel", 40, 0, "contact-hint");
	text_field(r, f, RF_EMAIL, tr(r, "電子郵件"), NULL, "email", staff ? "off" : "email", 254, 0,
		   "contact-hint");
	html_fmt(b, "<div class=\"field\"><label for=\"f-age_band\">%s <span class=\"hint\">%s</span>"
		 "</label><select id=\"f-age_band\" name=\"age_band\"><option value=\"\">%s</option>",
		 tr(r, "年齡層"), tr(r, "（可不填）"), tr(r, "不填"));
	for (int i = 0; reg_age_bands[i]; i++) {
		html_fmt(b, "<option value=\"%s\"", reg_age_bands[i]);
		if (!strcmp(band, reg_age_bands[i]))
			html_raw_unescaped(b, " selected=\"selected\"");
		html_fmt(b, ">%s</option>", tr(r, age_band_names[i]));
	}
	html_raw_unescaped(b, "</select></div>\n");
	district_field(r, f);
	if (staff) {
		long long ch = r->in[RF_CHANNEL].present ? r->in[RF_CHANNEL].n : 0;
		html_fmt(b, "<fieldset class=\"field\"><legend>%s</legend>", tr(r, "報名方式"));
		for (int i = 0; staff_channels[i]; i++) {
			html_fmt(b, "<label class=\"choice\"><input type=\"radio\" name=\"channel\" "
				 "value=\"%s\"", staff_channels[i]);
			if (ch == i)
				html_raw_unescaped(b, " checked=\"checked\"");
			html_fmt(b, "/> %s</label>", reg_channel_name(r, staff_channels[i]));
		}
		html_raw_unescaped(b, "</fieldset>\n");
	}
	if (childcare) {
		html_raw_unescaped(b, "<div class=\"field\"><label class=\"choice\"><input "
				      "type=\"checkbox\" name=\"childcare\" value=\"yes\"");
		if (r->in[RF_CHILDCARE].present && r->in[RF_CHILDCARE].n)
			html_raw_unescaped(b, " checked=\"checked\"");
		html_fmt(b, "/> %s</label></div>\n",
			 staff ? tr(r, "需要托育服務（上課時照顧幼兒）")
			       : tr(r, "我需要托育服務（上課時照顧幼兒）"));
	}
	reg_pdpa_notice(r);
	html_raw_unescaped(b, "<div class=\"field consent\">");
	field_message(r, f, RF_CONSENT);
	html_raw_unescaped(b, "<label class=\"choice\"><input type=\"checkbox\" id=\"f-consent\" "
			      "name=\"consent\" value=\"yes\"");
	if (r->in[RF_CONSENT].present && r->in[RF_CONSENT].n)
		html_raw_unescaped(b, " checked=\"checked\"");
	else
		html_raw_unescaped(b, " required=\"required\"");
	field_invalid(r, f, RF_CONSENT);
	html_fmt(b, "/> %s</label></div>\n",
		 staff ? tr(r, "已向報名者說明上面的個人資料告知事項，對方同意。")
		       : tr(r, "我已閱讀上面的個人資料告知事項，同意依此蒐集及利用我的資料。"));
}

void reg_form_error_summary(struct request *r, const struct reg_form *f)
{
	struct buf *b = &r->out;
	if (!f || !f->n_err)
		return;
	html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"form-errors\">\n<h2>%s</h2>\n<ul>\n",
		 tr(r, "還有欄位需要修正"));
	for (int k = 0; k < RF__COUNT; k++)
		if (f->err[k])
			html_fmt(b, "<li><a href=\"#f-%s\">%s</a></li>\n", field_names[k], f->err[k]);
	html_raw_unescaped(b, "</ul>\n</div>\n");
}

void reg_pdpa_notice(struct request *r)
{
	struct buf *b = &r->out;
	html_fmt(b, "<section class=\"pdpa\" aria-labelledby=\"h-pdpa\">\n<h2 id=\"h-pdpa\">%s</h2>\n<dl>\n",
		 tr(r, "個人資料保護法第8條告知事項"));
	html_raw_unescaped(b, "<dt>");
	html_tr(r, "蒐集機關");
	html_raw_unescaped(b, "</dt><dd>");
	/* TRANSLATORS: %s is the city ("Keelung City"). */
	html_trf(r, "%s政府教育處，以及您報名的學習機構。", page_city(r));
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "蒐集目的"),
		 tr(r, "終身學習課程報名與通知（教育或訓練行政）、學習諮詢服務、"
		       "學習時數紀錄（學習護照）、統計與施政研究（不識別個人）。"));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "個人資料類別"),
		 tr(r, "姓名、聯絡電話或電子郵件；您自願提供的年齡層、居住行政區。"));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "利用期間、地區、對象及方式"),
		 tr(r, "於蒐集目的存續期間，在中華民國境內，由本府及您報名或諮詢之學習機構，"
		       "以電子或書面方式利用；統計結果不含可識別個人之資料。"));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "您的權利"),
		 tr(r, "依同法第3條，您可以查詢、閱覽、複製、補充或更正、"
		       "請求停止蒐集處理利用或刪除您的個人資料。"));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "不提供的影響"),
		 tr(r, "您可以自由選擇是否提供；不提供必要欄位時，將無法完成報名或回覆諮詢。"));
	html_fmt(b, "</dl>\n<p>%s <a href=\"/privacy\">%s</a></p>\n</section>\n",
		 tr(r, "在您的個人學習頁可以下載或刪除自己的資料。"),
		 tr(r, "隱私權及個人資料保護政策"));
}

/* ---- allocating places ---- */

int reg_learner_link(struct db *db, long long learner_id, char token[TOKEN_HEX])
{
	return token_link_new(db, ST_LEARNER_LINK_INSERT, learner_id, token);
}

int reg_tx_failed(struct request *r)
{
	int busy = db_is_busy(r->db);
	db_rollback(r->db);
	if (busy) {
		req_header(r, "Retry-After", "2");
		return req_fail(r, 503, "%s", tr(r, "系統忙碌中，請稍候幾秒再送出一次。"));
	}
	return req_fail(r, 500, "registration transaction failed");
}

/* Rolls back and answers status with msg (text for people). */
static int refuse(struct request *r, int status, const char *msg)
{
	db_rollback(r->db);
	return req_fail(r, status, "%s", msg);
}

/* True when a course whose last session ends at last_end (NULL: none
 * yet) is over at r's clock. */
static int course_over(struct request *r, const char *last_end)
{
	return last_end && strcmp(last_end, r->now) <= 0;
}

int reg_create(struct request *r, long long course_id, const struct reg_form *f, int show_link,
	       struct reg_result *out)
{
	struct dbq q;
	unsigned char h[32];
	long long lid = 0, live = 0, cap = -1, enrolled = 0, last_place = 0;
	int rc, over, childcare;
	memset(out, 0, sizeof *out);
	if (db_begin(r->db) < 0)
		return reg_tx_failed(r);
	if (db_query(r->db, &q, ST_REG_COURSE, "ii", course_id, 0LL) < 0 || (rc = db_next(&q)) < 0) {
		db_done(&q);
		return reg_tx_failed(r);
	}
	if (rc == 0) {
		db_done(&q);
		return refuse(r, 404, tr(r, "找不到這門課程，可能已下架或尚未公開。"));
	}
	if (!db_is_null(&q, RC_CAPACITY))
		cap = db_int(&q, RC_CAPACITY);
	enrolled = db_int(&q, RC_ENROLLED);
	last_place = db_int(&q, RC_LAST_PLACE);
	over = course_over(r, db_text(&q, RC_LAST_END));
	/* childcare is asked for only where it is offered (staff may also
	 * note it for a programme 1 course) */
	childcare = f->childcare &&
		    (db_int(&q, RC_CHILDCARE) ||
		     (strcmp(f->channel, "web") && !db_is_null(&q, RC_PROGRAMME) &&
		      db_int(&q, RC_PROGRAMME) == 1));
	db_done(&q);
	if (over)
		return refuse(r, 409, tr(r, "這門課程已經結束，不再接受報名。"));

	rc = db_scalar(r->db, &lid, ST_REG_LEARNER_MATCH, "ttt", f->name, f->email, f->phone);
	if (rc < 0)
		return reg_tx_failed(r);
	if (rc == 1) {
		rc = db_scalar(r->db, &live, ST_REG_LIVE, "ii", course_id, lid);
		if (rc < 0)
			return reg_tx_failed(r);
		if (rc == 1)
			return refuse(r, 409, tr(r, "您已經報名過這門課程了。要查看或取消，請使用報名時取得的專屬連結，或洽開課單位。"));
	} else {
		if (db_exec(r->db, ST_REG_LEARNER_INSERT, "ttttIt", f->name, f->phone, f->email,
			    f->age_band, f->district_id ? f->district_id : DB_NULL_INT,
			    i18n_code(r->lang)) < 0)
			return reg_tx_failed(r);
		lid = db_last_id(r->db);
		out->new_learner = 1;
	}
	out->learner_id = lid;
	out->enrolled = cap < 0 || enrolled < cap;
	out->position = out->enrolled ? 0 : last_place + 1;
	token_new(out->token);
	if (token_hash(out->token, h) < 0 ||
	    db_exec(r->db, ST_REG_INSERT, "iitIbti", course_id, lid,
		    out->enrolled ? "enrolled" : "waitlisted",
		    out->enrolled ? DB_NULL_INT : out->position, h, sizeof h, f->channel,
		    (long long)childcare) < 0)
		return reg_tx_failed(r);
	out->id = db_last_id(r->db);
	if ((rc = reg_mail_confirmation(r, out->id, out->token)) < 0)
		return reg_tx_failed(r);
	out->mailed = rc;
	if ((show_link || (out->new_learner && !f->email)) &&
	    reg_learner_link(r->db, lid, out->learner_token) < 0)
		return reg_tx_failed(r);
	if (audit_record(r, "create", "registration", out->id, NULL,
			 json_pack("{s:I, s:s, s:o, s:s, s:b}", "course_id", (json_int_t)course_id,
				   "status", out->enrolled ? "enrolled" : "waitlisted", "position",
				   out->enrolled ? json_null() : json_integer(out->position),
				   "channel", f->channel, "childcare", childcare)) < 0 ||
	    db_commit(r->db) < 0)
		return reg_tx_failed(r);
	return 0;
}

/* Closes the gap at place pos of course_id's waiting line. 0 or -1. */
static int close_gap(struct db *db, long long course_id, long long pos)
{
	return db_exec(db, ST_REG_WAIT_LIFT, "ii", course_id, pos) < 0 ||
	       db_exec(db, ST_REG_WAIT_LOWER, "i", course_id) < 0 ? -1 : 0;
}

int reg_fill_places(struct request *r, long long course_id)
{
	struct dbq q;
	int moved = 0;
	for (;;) {
		long long cap = -1, enrolled = 0, first = 0, pos = 0;
		int rc, over;
		if (db_query(r->db, &q, ST_REG_COURSE, "ii", course_id, 1LL) < 0 ||
		    (rc = db_next(&q)) < 0) {
			db_done(&q);
			return -1;
		}
		if (rc == 0) {
			db_done(&q);
			return moved;
		}
		if (!db_is_null(&q, RC_CAPACITY))
			cap = db_int(&q, RC_CAPACITY);
		enrolled = db_int(&q, RC_ENROLLED);
		over = course_over(r, db_text(&q, RC_LAST_END));
		db_done(&q);
		if (over || (cap >= 0 && enrolled >= cap))
			return moved;
		db_query(r->db, &q, ST_REG_WAIT_FIRST, "i", course_id);
		rc = db_next(&q);
		if (rc == 1) {
			first = db_int(&q, 0);
			pos = db_int(&q, 1);
		}
		db_done(&q);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return moved;
		if (db_exec(r->db, ST_REG_PROMOTE, "i", first) < 0 ||
		    close_gap(r->db, course_id, pos) < 0 ||
		    reg_mail_promoted(r, first) < 0 ||
		    audit_record(r, "promote", "registration", first,
				 json_pack("{s:s, s:I}", "status", "waitlisted", "position",
					   (json_int_t)pos),
				 json_pack("{s:s}", "status", "enrolled")) < 0)
			return -1;
		moved++;
	}
}

int reg_cancel_tx(struct request *r, long long id)
{
	struct dbq q;
	long long course_id = 0, pos = 0;
	char status[16] = "";
	db_query(r->db, &q, ST_REG_BY_ID, "i", id);
	int rc = db_next(&q);
	if (rc == 1) {
		course_id = db_int(&q, REG_COURSE_ID);
		pos = db_is_null(&q, REG_POSITION) ? 0 : db_int(&q, REG_POSITION);
		snprintf(status, sizeof status, "%s", db_text(&q, REG_STATUS));
	}
	db_done(&q);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	if (!strcmp(status, "cancelled"))
		return 0;
	if (db_exec(r->db, ST_REG_CANCEL, "i", id) < 0 ||
	    (!strcmp(status, "waitlisted") && close_gap(r->db, course_id, pos) < 0) ||
	    reg_fill_places(r, course_id) < 0 ||
	    audit_record(r, "cancel", "registration", id,
			 json_pack("{s:s, s:o}", "status", status, "position",
				   pos ? json_integer(pos) : json_null()),
			 json_pack("{s:s}", "status", "cancelled")) < 0)
		return -1;
	return 0;
}

int reg_cancel(struct request *r, long long id)
{
	if (db_begin(r->db) < 0)
		return reg_tx_failed(r);
	int rc = reg_cancel_tx(r, id);
	if (rc == 1)
		return refuse(r, 404, tr(r, "找不到這筆報名。"));
	if (rc < 0 || db_commit(r->db) < 0)
		return reg_tx_failed(r);
	return 0;
}
