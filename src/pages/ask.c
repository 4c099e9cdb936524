/* ask — a citizen asks a question (/ask), one thing at a time: step 1 the
 * topic and the question; step 2 the FAQ answers that match it ("these
 * answers may already help"), then whom to ask and how to reply, the
 * notice of 個資法 §8 and consent. Everything typed travels in hidden
 * fields, so going back loses nothing. The case gets a number that can be
 * read out on the phone and a private link (/inquiries/{token}) where the
 * citizen sees the answers, closes the case or deletes it.
 *
 * Abuse: a honeypot field (a filled one gets a normal-looking reply and
 * nothing is stored or mailed), questions_per_hour per client address
 * (429 with the form kept), and size limits counted by the server. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/text.h"
#include "db/db.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "pages/backoffice.h"
#include "pages/inquiry.h"
#include "pages/reg.h"
#include "search/tokenize.h"

static const char *const ask_actions[] = {"next", "back", "send", NULL};
enum { A_NEXT, A_BACK, A_SEND };

/* The fields of /ask, in the order of r->in. */
enum ask_field { AF_INSTITUTION, AF_TOPIC, AF_QUESTION, AF_EMAIL, AF_PHONE, AF_CONSENT, AF_URL, AF_ACTION };
const struct param_spec ask_params[] = {
	{"institution", P_INT, 0, 1000000000000LL, NULL, 0},
	{"topic", P_ENUM, 0, 0, inquiry_topics, -1},
	/* longer than allowed, so that the page can say so and keep the text */
	{"question", P_TEXT, 0, 8 * INQUIRY_QUESTION_MAX, NULL, 0},
	{"email", P_TEXT, 0, 254, NULL, 0},
	{"phone", P_TEXT, 0, 40, NULL, 0},
	{"consent", P_BOOL, 0, 0, NULL, 0},
	{"url", P_TEXT, 0, 2000, NULL, 0},	/* the honeypot */
	{"action", P_ENUM, 0, 0, ask_actions, A_NEXT},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec inquiry_confirm_params[] = {
	{"confirm", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* A question as read from the form. */
struct ask {
	long long inst;		/* 0: the Education Department */
	char inst_name[256];
	const char *topic;	/* a code of inquiry_topics, or NULL */
	char *question;		/* trimmed NFC; malloc'd */
	char *email, *phone;	/* checked; malloc'd; NULL when not given */
	struct form_errors fe;
};

static void ask_free(struct ask *a)
{
	free(a->question);
	free(a->email);
	free(a->phone);
}

/* True if s holds a control character other than a line break or tab. */
static int bad_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n' && *s != '\r' && *s != '\t') || *s == 0x7f)
			return 1;
	return 0;
}

/* Reads the institution and checks it exists. 0, 1 (error recorded), -1. */
static int read_institution(struct request *r, struct ask *a)
{
	struct dbq q;
	a->inst = r->in[AF_INSTITUTION].present ? r->in[AF_INSTITUTION].n : 0;
	if (!a->inst)
		return 0;
	db_query(r->db, &q, ST_INQ_INSTITUTION_NAME, "i", a->inst);
	int rc = db_next(&q);
	if (rc == 1)
		snprintf(a->inst_name, sizeof a->inst_name, "%s", db_text(&q, 0));
	db_done(&q);
	if (rc == 0) {
		a->inst = 0;
		fe_add(&a->fe, "institution", "%s", tr(r, "請從清單中選擇機構，或選「不指定」。"));
		return 1;
	}
	return rc < 0 ? -1 : 0;
}

/* Step 1's fields: topic and question. 0, or -1 (no memory). */
static int read_question(struct request *r, struct ask *a)
{
	if (r->in[AF_TOPIC].present && r->in[AF_TOPIC].n >= 0)
		a->topic = inquiry_topics[r->in[AF_TOPIC].n];
	else
		fe_add(&a->fe, "topic", "%s", tr(r, "請選擇問題的類別。"));
	if (!(a->question = reg_trimmed(r->in[AF_QUESTION].present ? r->in[AF_QUESTION].s : "")))
		return -1;
	size_t len = text_length(a->question);
	if (!a->question[0])
		fe_add(&a->fe, "question", "%s", tr(r, "請寫下您的問題。"));
	else if (len > INQUIRY_QUESTION_MAX)
		fe_add(&a->fe, "question", tr(r, "問題最多 %d 個字，目前有 %zu 個字，請刪減後再送出。"),
		       INQUIRY_QUESTION_MAX, len);
	else if (bad_control(a->question))
		fe_add(&a->fe, "question", "%s", tr(r, "問題裡有無法使用的字元。"));
	return 0;
}

/* Step 2's fields: e-mail and/or phone, consent. 0, or -1 (no memory). */
static int read_contact(struct request *r, struct ask *a)
{
	char phone[48];
	char *em = reg_trimmed(r->in[AF_EMAIL].present ? r->in[AF_EMAIL].s : "");
	char *ph = reg_trimmed(r->in[AF_PHONE].present ? r->in[AF_PHONE].s : "");
	int rc = em && ph ? 0 : -1;
	if (rc == 0 && em[0]) {
		if (reg_email_norm(em) < 0)
			fe_add(&a->fe, "email", "%s", tr(r, "電子郵件地址看起來不正確，例如 name@example.com。"));
		else if (!(a->email = strdup(em)))
			rc = -1;
	}
	if (rc == 0 && ph[0]) {
		if (reg_phone_norm(ph, phone, sizeof phone) < 0)
			fe_add(&a->fe, "phone", "%s", tr(r, "電話號碼看起來不正確，請只填數字，例如 0912-345-678 或 02-2422-5520。"));
		else if (!(a->phone = strdup(phone)))
			rc = -1;
	}
	if (rc == 0 && !a->email && !a->phone && !fe_get(&a->fe, "email") && !fe_get(&a->fe, "phone"))
		fe_add(&a->fe, "email", "%s", tr(r, "請至少留下電子郵件或電話其中一種，我們才能回覆您。"));
	if (!(r->in[AF_CONSENT].present && r->in[AF_CONSENT].n))
		fe_add(&a->fe, "consent", "%s", tr(r, "請勾選同意個人資料告知事項，才能送出諮詢。"));
	free(em);
	free(ph);
	return rc;
}

/* The raw submitted value of field k, or "". */
static const char *typed(struct request *r, enum ask_field k)
{
	return r->in[k].present ? r->in[k].s : "";
}

/* A hidden field carrying what was typed. */
static void hidden(struct request *r, const char *name, const char *value)
{
	if (value && *value)
		html_fmt(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"%s\"/>\n", name, value);
}

/* "Step n of 2: what" under the title. */
static void step_line(struct request *r, int n, const char *what)
{
	html_raw_unescaped(&r->out, "<p class=\"steps\">");
	html_trf(r, "步驟 %d／2：%s", n, what);
	html_raw_unescaped(&r->out, "</p>\n");
}

/* Opens the form of either step (CSRF token included). */
static void form_open(struct request *r)
{
	html_raw_unescaped(&r->out, "<form method=\"post\" action=\"/ask\" class=\"form ask-form\" "
				    "novalidate=\"novalidate\">\n");
	csrf_field(r);
}

/* Step 1: the topic and the question. */
static void step1_page(struct request *r, struct ask *a)
{
	struct buf *b = &r->out;
	char id[48];
	page_begin(r, tr(r, "我要諮詢"), NULL);
	step_line(r, 1, tr(r, "您的問題"));
	bo_error_summary(r, &a->fe);
	html_fmt(b, "<p class=\"lead\">%s</p>\n<p><a href=\"/faq\">%s</a></p>\n",
		 tr(r, "關於終身學習的任何問題都可以問：課程內容、報名、學習規劃、學習時數、無障礙協助。"
		       "寫下問題後，我們會先列出可能有幫助的常見問題。"),
		 tr(r, "先看看常見問題"));
	form_open(r);
	if (a->inst) {
		hidden(r, "institution", typed(r, AF_INSTITUTION));
		html_fmt(b, "<p>%s<strong>%s</strong></p>\n", tr(r, "您要詢問的機構："), a->inst_name);
	}
	hidden(r, "email", typed(r, AF_EMAIL));
	hidden(r, "phone", typed(r, AF_PHONE));
	if (r->in[AF_CONSENT].present && r->in[AF_CONSENT].n)
		hidden(r, "consent", "yes");
	bo_fieldset_begin(r, &a->fe, "topic", tr(r, "問題類別（必填）"), NULL);
	for (int i = 0; inquiry_topics[i]; i++) {
		snprintf(id, sizeof id, "f-topic-%s", inquiry_topics[i]);
		bo_choice(r, "radio", "topic", id, inquiry_topics[i],
			  inquiry_topic_name(r, inquiry_topics[i]),
			  a->topic && !strcmp(a->topic, inquiry_topics[i]));
	}
	bo_fieldset_end(r);
	struct buf hint = BUF_INIT;	/* a translation may be long: no fixed buffer */
	buf_printf(&hint, tr(r, "請寫清楚想知道什麼，最多 %d 個字。請不要寫身分證字號等不必要的個人資料。"),
		   INQUIRY_QUESTION_MAX);
	bo_textarea(r, &a->fe, "question", tr(r, "您的問題（必填）"), typed(r, AF_QUESTION),
		    INQUIRY_QUESTION_MAX, 8, buf_cstr(&hint));
	buf_free(&hint);
	html_fmt(b, "<p><button type=\"submit\" name=\"action\" value=\"next\">%s</button></p>\n</form>\n",
		 tr(r, "下一步"));
	page_end(r);
}

/* The notice of 個資法 §8 for a question: who collects, why, what, how
 * long and where, the rights of §3, and what happens without the data. */
static void pdpa_notice(struct request *r)
{
	struct buf *b = &r->out, who = BUF_INIT, period = BUF_INIT;	/* translations run long */
	buf_printf(&who, tr(r, "%s政府教育處，以及您選擇詢問的學習機構。"), page_city(r));
	buf_printf(&period,
		   tr(r, "結案後保存 %d 天，之後刪除問題內容與聯絡資料，只留下不含個人資料的統計；"
			 "在中華民國境內，由本府及受理的學習機構以電子方式利用。"),
		   INQUIRY_RETENTION_DAYS);
	buf_puts(&period, " ");
	buf_printf(&period, tr(r, "已回覆的諮詢，%d 天內沒有新的回覆就會自動結案。"), INQUIRY_IDLE_CLOSE_DAYS);
	const char *items[][2] = {
		{tr(r, "蒐集機關"), buf_cstr(&who)},
		{tr(r, "蒐集目的"), tr(r, "回覆您的終身學習諮詢（教育或訓練行政、學習諮詢服務），以及不識別個人的統計。")},
		{tr(r, "個人資料類別"), tr(r, "電子郵件或電話，以及您在問題中寫下的內容。")},
		{tr(r, "利用期間、地區、對象及方式"), buf_cstr(&period)},
		{tr(r, "您的權利"), tr(r, "依同法第3條，您可以查詢、閱覽、複製、補充或更正、"
					  "請求停止蒐集處理利用或刪除您的個人資料。")},
		{tr(r, "不提供的影響"), tr(r, "您可以自由選擇是否提供；沒有電子郵件或電話，我們就無法回覆您。")},
	};
	html_fmt(b, "<section class=\"pdpa\" aria-labelledby=\"h-pdpa\">\n<h2 id=\"h-pdpa\">%s</h2>\n<dl>\n",
		 tr(r, "個人資料保護法第8條告知事項"));
	for (size_t i = 0; i < sizeof items / sizeof *items; i++)
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", items[i][0], items[i][1]);
	html_fmt(b, "</dl>\n<p>%s <a href=\"/privacy\">%s</a></p>\n</section>\n",
		 tr(r, "在諮詢的專屬連結頁面，可以隨時刪除這筆諮詢與您的聯絡資料。"),
		 tr(r, "隱私權及個人資料保護政策"));
	buf_free(&who);
	buf_free(&period);
}

/* The FAQ entries that share words with the question, if any. */
static void suggestions(struct request *r, const struct ask *a)
{
	struct buf expr = BUF_INIT;
	if (a->question && tok_fts_query_any(&expr, a->question, 64) > 0) {
		struct buf *b = &r->out;
		size_t mark = b->len;
		html_fmt(b, "<section class=\"faq-hits\" aria-labelledby=\"h-hits\">\n<h2 id=\"h-hits\">%s</h2>\n"
			 "<p>%s</p>\n", tr(r, "這些解答也許能幫上忙"),
			 tr(r, "點問題可以展開答案。如果已經找到答案，就不必送出諮詢。"));
		if (faq_list_html(r, buf_cstr(&expr), 5, 3) > 0)
			html_raw_unescaped(b, "</section>\n");
		else
			b->len = mark;	/* nothing matched: no section */
	}
	buf_free(&expr);
}

/* The institution select of step 2 ("none": the Education Department). */
static void institution_select(struct request *r, const struct ask *a)
{
	struct buf *b = &r->out;
	html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-institution\">%s</label>\n"
		 "<span class=\"hint\" id=\"f-institution-hint\">%s</span>\n",
		 fe_get(&a->fe, "institution") ? " has-error" : "", tr(r, "要詢問的機構（可不選）"),
		 tr(r, "不知道該問誰，就選「不指定」，由教育處回覆或轉給合適的機構。"));
	html_raw_unescaped(b, "<select id=\"f-institution\" name=\"institution\" "
			      "aria-describedby=\"f-institution-hint\">\n");
	bo_option(r, "", tr(r, "不指定（由教育處回覆）"), a->inst == 0);
	inquiry_options(r, ST_INQ_INSTITUTIONS, 0, a->inst);
	html_raw_unescaped(b, "</select>\n</div>\n");
}

/* Step 2: the matching FAQ, then whom to ask and how to reply. notice:
 * a message above the form (the rate limit), or NULL. */
static void step2_page(struct request *r, struct ask *a, const char *notice)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "我要諮詢"), NULL);
	step_line(r, 2, tr(r, "聯絡方式"));
	if (notice)
		html_fmt(b, "<div class=\"error-box\" role=\"alert\"><p>%s</p></div>\n", notice);
	bo_error_summary(r, &a->fe);
	html_fmt(b, "<section class=\"ask-summary\" aria-labelledby=\"h-yours\">\n<h2 id=\"h-yours\">%s</h2>\n"
		 "<p><strong>%s</strong></p>\n<p class=\"pre-wrap\">%s</p>\n</section>\n",
		 tr(r, "您的問題"), inquiry_topic_name(r, a->topic), a->question);
	suggestions(r, a);
	form_open(r);
	hidden(r, "topic", a->topic);
	hidden(r, "question", typed(r, AF_QUESTION));
	html_fmt(b, "<h2>%s</h2>\n", tr(r, "要問誰、怎麼回覆您"));
	institution_select(r, a);
	/* the fieldset's aria-describedby gives both fields the hint */
	bo_fieldset_begin(r, NULL, "contact", tr(r, "聯絡方式"),
			  tr(r, "電子郵件和電話至少填一種。留下電子郵件，回覆時會寫信通知您。"));
	bo_input(r, &a->fe, "email", tr(r, "電子郵件"), "email", typed(r, AF_EMAIL), 254, NULL, 0);
	bo_input(r, &a->fe, "phone", tr(r, "電話"), "tel", typed(r, AF_PHONE), 40, NULL, 0);
	bo_fieldset_end(r);
	pdpa_notice(r);
	bo_fieldset_begin(r, &a->fe, "consent", tr(r, "同意"), NULL);
	bo_choice(r, "checkbox", "consent", "f-consent-yes", "yes",
		  tr(r, "我已閱讀上面的個人資料告知事項，同意依此蒐集及利用我的資料。"),
		  r->in[AF_CONSENT].present && r->in[AF_CONSENT].n);
	bo_fieldset_end(r);
	/* the honeypot: hidden from people and screen readers; bots fill it */
	html_fmt(b, "<div class=\"visually-hidden\" aria-hidden=\"true\"><label for=\"f-url\">%s</label>"
		 "<input id=\"f-url\" name=\"url\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\" "
		 "value=\"\"/></div>\n", tr(r, "這一欄請留空"));
	html_fmt(b, "<p class=\"actions\"><button type=\"submit\" name=\"action\" value=\"send\">%s</button> "
		 "<button type=\"submit\" name=\"action\" value=\"back\" class=\"secondary\">%s</button></p>\n"
		 "</form>\n", tr(r, "送出諮詢"), tr(r, "回上一步修改問題"));
	page_end(r);
}

/* "ROC date-sequence": 1151201-003, the third case of 民國115年12月1日. */
static int case_number(struct request *r, char *out, size_t n)
{
	char prefix[16];
	long long seq;
	int y = atoi(r->today) - 1911;
	snprintf(prefix, sizeof prefix, "%03d%.2s%.2s", y > 0 ? y % 1000 : 0, r->today + 5, r->today + 8);
	if (db_scalar(r->db, &seq, ST_INQ_NEXT_SEQ, "t", prefix) != 1)
		return -1;
	snprintf(out, n, "%s-%03lld", prefix, seq);
	return 0;
}

/* Ends create()'s failed transaction: 1 when the database was busy
 * (rolled back, nothing answered yet: the caller shows the form again),
 * else reg_tx_failed()'s status. */
static int create_failed(struct request *r)
{
	if (!db_is_busy(r->db))
		return reg_tx_failed(r);
	db_rollback(r->db);
	return 1;
}

/* Stores the question in one transaction with its audit record and the
 * confirmation e-mail. Returns 0 (case_no, token and *mailed filled), 1
 * when the database was busy (nothing stored or answered), or an HTTP
 * status after req_fail(). */
static int create(struct request *r, const struct ask *a, char case_no[32], char token[TOKEN_HEX],
		  int *mailed)
{
	unsigned char h[32];
	long long id;
	token_new(token);
	if (token_hash(token, h) < 0 || db_begin(r->db) < 0)
		return create_failed(r);
	if (case_number(r, case_no, 32) < 0 ||
	    db_exec(r->db, ST_INQ_INSERT, "ttitttbt", case_no, a->topic, a->inst, a->question,
		    a->email, a->phone, h, sizeof h, i18n_code(r->lang)) < 0)
		return create_failed(r);
	id = db_last_id(r->db);
	int m = inquiry_mail(r, id, 0, token);
	if (m < 0 ||
	    audit_record(r, "create", "inquiry", id, NULL,
			 json_pack("{s:s,s:s,s:o}", "case_no", case_no, "topic", a->topic,
				   "institution_id", a->inst ? json_integer(a->inst) : json_null())) < 0 ||
	    inquiry_redact(r, 0) < 0 || db_commit(r->db) < 0)
		return create_failed(r);
	*mailed = m == 1;
	return 0;
}

/* The page after sending: the case number and the private link. A
 * honeypot catch gets the same page without them (case_no NULL). */
static void done_page(struct request *r, const char *case_no, const char *token, int mailed)
{
	struct buf *b = &r->out, url = BUF_INIT;
	reg_private_reply(r);
	page_begin(r, tr(r, "已收到您的諮詢"), NULL);
	html_raw_unescaped(b, "<div class=\"reg-outcome enrolled\" role=\"status\"><p>");
	html_tr(r, "謝謝您的提問，承辦人會盡快回覆。");
	html_raw_unescaped(b, "</p></div>\n");
	if (case_no) {
		html_fmt(b, "<p class=\"case-no\">%s<strong>%s</strong></p>\n<p>%s</p>\n",
			 tr(r, "案號："), case_no, tr(r, "打電話詢問時，請告訴承辦人這個案號。"));
		reg_mail_origin(r, &url);
		buf_printf(&url, "/inquiries/%s", token);
		html_fmt(b, "<h2>%s</h2>\n<p>%s</p>\n<p class=\"private-link\"><a href=\"/inquiries/%s\">%s</a></p>\n",
			 tr(r, "請保存這筆諮詢的專屬連結"),
			 tr(r, "用這個連結可以查看處理情形與回覆，也可以結案或刪除這筆諮詢。"
			       "請加入書籤、抄下來或拍照保存，不要給別人。"),
			 token, buf_cstr(&url));
		if (mailed)
			html_fmt(b, "<p>%s</p>\n", tr(r, "我們也寄了一封信到您的電子郵件，信裡有這個連結；回覆時會再寫信通知您。"));
	}
	html_fmt(b, "<p><a href=\"/faq\">%s</a>%s<a href=\"/\">%s</a></p>\n", tr(r, "常見問題"),
		 trp(r, "分隔", "　"), tr(r, "回到首頁"));
	buf_free(&url);
	page_end(r);
}

int page_ask(struct request *r)
{
	struct ask a = {0};
	int rc = read_institution(r, &a);
	if (rc < 0)
		return req_fail(r, 500, "institution lookup failed");
	if (rc == 1)
		return req_fail(r, 400, "%s", tr(r, "找不到這個機構，請從機構頁面的「我要諮詢」進入，或不指定機構。"));
	if (r->in[AF_TOPIC].present)
		a.topic = inquiry_topics[r->in[AF_TOPIC].n];
	step1_page(r, &a);
	return 0;
}

/* The rate limit on questions. 0 (go on), 1 (over: 429 set), -1. */
static int over_limit(struct request *r)
{
	if (r->staff.user_id)
		return 0;
	int rc = ratelimit_hit(r, "question", r->app->cfg.questions_per_hour, 3600);
	if (rc == 1) {
		r->status = 429;
		req_header(r, "Retry-After", "3600");
	}
	return rc;
}

int page_ask_post(struct request *r)
{
	struct ask a = {0};
	char case_no[32], token[TOKEN_HEX];
	struct buf msg = BUF_INIT;
	int rc, mailed = 0;
	long long action = r->in[AF_ACTION].n;
	if (read_institution(r, &a) < 0 || read_question(r, &a) < 0) {
		rc = req_fail(r, 500, "cannot read the form");
		goto out;
	}
	rc = 0;
	if (action == A_BACK || fe_get(&a.fe, "topic") || fe_get(&a.fe, "question")) {
		if (action != A_BACK)
			r->status = 400;
		else
			a.fe.n = 0;
		step1_page(r, &a);
		goto out;
	}
	if (action == A_NEXT) {
		a.fe.n = 0;	/* the institution is chosen in step 2 */
		step2_page(r, &a, NULL);
		goto out;
	}
	if (r->in[AF_URL].present) {	/* a bot: looks sent, nothing kept */
		done_page(r, NULL, NULL, 0);
		goto out;
	}
	if (read_contact(r, &a) < 0) {
		rc = req_fail(r, 500, "cannot read the form");
		goto out;
	}
	if (a.fe.n) {
		r->status = 400;
		step2_page(r, &a, NULL);
		goto out;
	}
	int lim = over_limit(r);
	if (lim < 0) {
		rc = req_fail(r, 500, "rate limit lookup failed");
	} else if (lim == 1) {
		buf_printf(&msg,
			   tr(r, "這個網路位址在一小時內已送出 %d 個問題，已達上限，這次還沒有送出。"
				 "您寫的內容都還在下面，請一小時後再按一次「送出諮詢」，或直接打電話給教育處。"),
			   r->app->cfg.questions_per_hour);
		step2_page(r, &a, buf_cstr(&msg));
	} else if ((rc = create(r, &a, case_no, token, &mailed)) == 0) {
		done_page(r, case_no, token, mailed);
	} else if (rc == 1) {	/* busy: the form again, everything kept */
		rc = 0;
		r->status = 503;
		req_header(r, "Retry-After", "2");
		step2_page(r, &a, tr(r, "系統忙碌中，這次還沒有送出。您寫的內容都還在下面，請稍候幾秒再按一次「送出諮詢」。"));
	}
out:
	buf_free(&msg);
	ask_free(&a);
	return rc;
}
