#include "db/schema.h"
#include "db/fts_sql.h"

#include <stddef.h>

/* Timestamps are UTC text "YYYY-MM-DDTHH:MM:SSZ"; session times are local
 * Asia/Taipei wall-clock text "YYYY-MM-DD HH:MM" (Taiwan has no DST). */
#define NOW "(strftime('%Y-%m-%dT%H:%M:%SZ','now'))"
#define NOW_MS "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))"

static const char migration_1[] =
	/* city facts: name, time zone, population… (key/value) */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE districts(\n"
	"  id INTEGER PRIMARY KEY, name_zh TEXT NOT NULL UNIQUE, name_en TEXT NOT NULL,\n"
	"  postcode TEXT NOT NULL UNIQUE, population INTEGER, population_year TEXT,\n"
	"  boundary TEXT /* GeoJSON geometry, WGS 84 */);\n"
	"CREATE TABLE institution_types(\n"
	"  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name_zh TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL, planned_count INTEGER, note TEXT);\n"
	"CREATE TABLE categories(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL, sort INTEGER NOT NULL);\n"
	"CREATE TABLE audiences(code TEXT PRIMARY KEY, name_zh TEXT NOT NULL,\n"
	"  name_en TEXT NOT NULL, sort INTEGER NOT NULL);\n"
	/* reference codes (fixed by the import formats; names are editable) */
	"INSERT INTO categories(code,name_zh,name_en,sort) VALUES\n"
	"  ('basic','識字與基本教育','Basic education',1),('language','語言','Languages',2),\n"
	"  ('digital','數位學習','Digital skills',3),('health','健康與運動','Health',4),\n"
	"  ('arts','藝術與手作','Arts and crafts',5),('local','基隆學：海洋、生態、文史','Keelung studies',6),\n"
	"  ('civic','公民與永續','Civics and sustainability',7),('family','家庭與親職','Family and parenting',8),\n"
	"  ('career','職涯與就業','Careers',9),('reading','閱讀推廣','Reading',10),\n"
	"  ('volunteer','志工培訓','Volunteering',11);\n"
	"INSERT INTO audiences(code,name_zh,name_en,sort) VALUES\n"
	"  ('all','不限對象','Everyone',1),('senior','樂齡長者（55歲以上）','Seniors (55+)',2),\n"
	"  ('new_immigrant','新住民','New immigrants',3),('indigenous','原住民族','Indigenous peoples',4),\n"
	"  ('family','親子與代間','Families and generations',5),('women','婦女','Women',6),\n"
	"  ('basic_education','失學民眾','Adults completing basic education',7),\n"
	"  ('youth','青年','Young people',8),('worker','在職者','Working adults',9);\n"
	"CREATE TABLE institutions(\n"
	"  id INTEGER PRIMARY KEY, name_zh TEXT NOT NULL UNIQUE, name_en TEXT,\n"
	"  type_id INTEGER NOT NULL REFERENCES institution_types,\n"
	"  district_id INTEGER REFERENCES districts, address TEXT,\n"
	"  lat REAL CHECK(lat BETWEEN -90 AND 90), lon REAL CHECK(lon BETWEEN -180 AND 180),\n"
	"  phone TEXT, website TEXT, is_demo INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ", updated_at TEXT NOT NULL DEFAULT " NOW ");\n"
	"CREATE INDEX institutions_type ON institutions(type_id);\n"
	"CREATE INDEX institutions_district ON institutions(district_id);\n"
	"CREATE TABLE feeds(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  institution_id INTEGER NOT NULL REFERENCES institutions ON DELETE CASCADE,\n"
	"  url TEXT NOT NULL, etag TEXT, last_modified TEXT, last_attempt_at TEXT,\n"
	"  last_success_at TEXT, last_error TEXT, UNIQUE(institution_id, url));\n"
	/* teaching points, classrooms, reading stations: where sessions happen */
	"CREATE TABLE venues(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  institution_id INTEGER REFERENCES institutions ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'room',\n"
	"  district_id INTEGER REFERENCES districts, address TEXT, lat REAL, lon REAL,\n"
	"  is_reading_station INTEGER NOT NULL DEFAULT 0, is_demo INTEGER NOT NULL DEFAULT 0,\n"
	"  UNIQUE(institution_id, name));\n"
	"CREATE TABLE courses(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  institution_id INTEGER NOT NULL REFERENCES institutions ON DELETE CASCADE,\n"
	"  title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',\n"
	"  category TEXT NOT NULL REFERENCES categories,\n"
	"  language TEXT NOT NULL DEFAULT 'zh-Hant',\n"
	"  fee_twd INTEGER NOT NULL DEFAULT 0 CHECK(fee_twd >= 0),\n"
	"  format TEXT NOT NULL DEFAULT 'in_person' CHECK(format IN ('in_person','online','blended')),\n"
	"  childcare INTEGER NOT NULL DEFAULT 0 CHECK(childcare IN (0,1)),\n"
	"  programme INTEGER CHECK(programme BETWEEN 1 AND 12),\n"
	"  capacity INTEGER CHECK(capacity >= 0), url TEXT,\n"
	"  status TEXT NOT NULL DEFAULT 'published' CHECK(status IN ('draft','published')),\n"
	"  is_demo INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ", updated_at TEXT NOT NULL DEFAULT " NOW ",\n"
	"  UNIQUE(institution_id, title));\n"
	"CREATE TABLE course_audiences(\n"
	"  course_id INTEGER NOT NULL REFERENCES courses ON DELETE CASCADE,\n"
	"  audience TEXT NOT NULL REFERENCES audiences,\n"
	"  PRIMARY KEY(course_id, audience)) WITHOUT ROWID;\n"
	"CREATE TABLE sessions(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES courses ON DELETE CASCADE,\n"
	"  venue_id INTEGER REFERENCES venues ON DELETE SET NULL,\n"
	"  district_id INTEGER REFERENCES districts,\n"
	"  starts_at TEXT NOT NULL, ends_at TEXT NOT NULL,\n"
	"  attendance INTEGER CHECK(attendance >= 0),\n"
	"  cancelled INTEGER NOT NULL DEFAULT 0,\n"
	"  CHECK(ends_at > starts_at), UNIQUE(course_id, starts_at));\n"
	"CREATE INDEX sessions_starts ON sessions(starts_at);\n"
	"CREATE INDEX sessions_district ON sessions(district_id, starts_at);\n"
	/* citizens: minimal personal data (PDPA), reached by private tokens */
	"CREATE TABLE learners(\n"
	"  id INTEGER PRIMARY KEY, token_hash BLOB UNIQUE, name TEXT NOT NULL,\n"
	"  phone TEXT, email TEXT, age_band TEXT, district_id INTEGER REFERENCES districts,\n"
	"  consent_at TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT " NOW ",\n"
	"  CHECK(phone IS NOT NULL OR email IS NOT NULL));\n"
	"CREATE TABLE registrations(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  course_id INTEGER NOT NULL REFERENCES courses ON DELETE CASCADE,\n"
	"  learner_id INTEGER NOT NULL REFERENCES learners ON DELETE CASCADE,\n"
	"  status TEXT NOT NULL CHECK(status IN ('enrolled','waitlisted','cancelled')),\n"
	"  position INTEGER, token_hash BLOB NOT NULL UNIQUE,\n"
	"  channel TEXT NOT NULL DEFAULT 'web' CHECK(channel IN ('web','counter','phone')),\n"
	"  childcare_requested INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ", updated_at TEXT NOT NULL DEFAULT " NOW ");\n"
	"CREATE INDEX registrations_course ON registrations(course_id, status, position);\n"
	"CREATE TABLE session_attendance(\n"
	"  session_id INTEGER NOT NULL REFERENCES sessions ON DELETE CASCADE,\n"
	"  registration_id INTEGER NOT NULL REFERENCES registrations ON DELETE CASCADE,\n"
	"  PRIMARY KEY(session_id, registration_id)) WITHOUT ROWID;\n"
	/* staff */
	"CREATE TABLE users(\n"
	"  id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE COLLATE NOCASE,\n"
	"  role TEXT NOT NULL CHECK(role IN ('admin','institution','viewer')),\n"
	"  institution_id INTEGER REFERENCES institutions ON DELETE CASCADE,\n"
	"  password_hash TEXT, password_changed_at TEXT,\n"
	"  failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT,\n"
	"  disabled INTEGER NOT NULL DEFAULT 0,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ",\n"
	"  CHECK(role <> 'institution' OR institution_id IS NOT NULL));\n"
	"CREATE TABLE user_tokens(\n"
	"  token_hash BLOB PRIMARY KEY,\n"
	"  user_id INTEGER NOT NULL REFERENCES users ON DELETE CASCADE,\n"
	"  purpose TEXT NOT NULL CHECK(purpose IN ('session','set_password')),\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ", last_seen_at TEXT, expires_at TEXT NOT NULL);\n"
	"CREATE TABLE audit_log(\n"
	"  id INTEGER PRIMARY KEY, at TEXT NOT NULL DEFAULT " NOW ",\n"
	"  user_id INTEGER, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id INTEGER,\n"
	"  old_value TEXT, new_value TEXT);\n"
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
	"  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;\n"
	/* announcements: written in the back office or synced from feeds */
	"CREATE TABLE announcements(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  institution_id INTEGER NOT NULL REFERENCES institutions ON DELETE CASCADE,\n"
	"  feed_id INTEGER REFERENCES feeds ON DELETE CASCADE, guid TEXT,\n"
	"  title TEXT NOT NULL, body_html TEXT NOT NULL DEFAULT '', link TEXT,\n"
	"  published_at TEXT NOT NULL, visible_from TEXT, visible_until TEXT,\n"
	"  synced_at TEXT, missing_count INTEGER NOT NULL DEFAULT 0,\n"
	"  is_demo INTEGER NOT NULL DEFAULT 0, UNIQUE(feed_id, guid));\n"
	"CREATE INDEX announcements_published ON announcements(published_at);\n"
	"CREATE TABLE attachments(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  announcement_id INTEGER NOT NULL REFERENCES announcements ON DELETE CASCADE,\n"
	"  file_name TEXT NOT NULL, content_type TEXT NOT NULL, size INTEGER NOT NULL,\n"
	"  storage_name TEXT NOT NULL UNIQUE);\n"
	/* consultation service */
	"CREATE TABLE inquiries(\n"
	"  id INTEGER PRIMARY KEY, case_no TEXT NOT NULL UNIQUE, topic TEXT NOT NULL,\n"
	"  institution_id INTEGER REFERENCES institutions ON DELETE SET NULL,\n"
	"  question TEXT NOT NULL, contact_email TEXT, contact_phone TEXT,\n"
	"  consent_at TEXT NOT NULL, token_hash BLOB NOT NULL UNIQUE,\n"
	"  status TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','answered','closed')),\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ", first_answered_at TEXT, closed_at TEXT);\n"
	"CREATE TABLE inquiry_notes(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  inquiry_id INTEGER NOT NULL REFERENCES inquiries ON DELETE CASCADE,\n"
	"  user_id INTEGER REFERENCES users, kind TEXT NOT NULL CHECK(kind IN ('note','answer')),\n"
	"  body TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT " NOW ");\n"
	"CREATE TABLE faqs(id INTEGER PRIMARY KEY, question TEXT NOT NULL, answer TEXT NOT NULL,\n"
	"  sort INTEGER NOT NULL DEFAULT 0, published INTEGER NOT NULL DEFAULT 1);\n"
	"CREATE TABLE saved_searches(\n"
	"  id INTEGER PRIMARY KEY, email TEXT NOT NULL, query TEXT NOT NULL,\n"
	"  token_hash BLOB NOT NULL UNIQUE, confirmed_at TEXT, last_notified_at TEXT,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ");\n"
	/* programmes 8-10: volunteers, meetings, grants */
	"CREATE TABLE volunteer_groups(\n"
	"  id INTEGER PRIMARY KEY, institution_id INTEGER REFERENCES institutions ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL, members INTEGER NOT NULL DEFAULT 0 CHECK(members >= 0));\n"
	"CREATE TABLE volunteer_trainings(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  group_id INTEGER NOT NULL REFERENCES volunteer_groups ON DELETE CASCADE,\n"
	"  title TEXT NOT NULL, held_on TEXT NOT NULL, hours REAL NOT NULL DEFAULT 0,\n"
	"  participants INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE meetings(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('liaison','workshop','committee')),\n"
	"  title TEXT NOT NULL, held_on TEXT NOT NULL, attendees INTEGER,\n"
	"  institution_id INTEGER REFERENCES institutions ON DELETE SET NULL);\n"
	"CREATE TABLE grants(\n"
	"  id INTEGER PRIMARY KEY, year INTEGER NOT NULL, scheme TEXT NOT NULL,\n"
	"  title TEXT NOT NULL, institution_id INTEGER REFERENCES institutions ON DELETE SET NULL,\n"
	"  amount_applied_twd INTEGER, amount_approved_twd INTEGER,\n"
	"  status TEXT NOT NULL CHECK(status IN ('draft','submitted','approved','rejected')),\n"
	"  submitted_on TEXT);\n"
	/* the plan: plan -> goals -> programmes -> indicators -> yearly targets */
	"CREATE TABLE plans(\n"
	"  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, title_zh TEXT NOT NULL,\n"
	"  title_en TEXT, first_year INTEGER NOT NULL, last_year INTEGER NOT NULL,\n"
	"  vision_zh TEXT, vision_en TEXT, CHECK(last_year >= first_year));\n"
	"CREATE TABLE plan_goals(\n"
	"  id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plans ON DELETE CASCADE,\n"
	"  number INTEGER NOT NULL, title_zh TEXT NOT NULL, title_en TEXT,\n"
	"  UNIQUE(plan_id, number));\n"
	"CREATE TABLE plan_programmes(\n"
	"  id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plans ON DELETE CASCADE,\n"
	"  goal_id INTEGER NOT NULL REFERENCES plan_goals ON DELETE CASCADE,\n"
	"  number INTEGER NOT NULL, title_zh TEXT NOT NULL, title_en TEXT,\n"
	"  lead_agencies TEXT NOT NULL DEFAULT '', UNIQUE(plan_id, number));\n"
	"CREATE TABLE plan_indicators(\n"
	"  id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL REFERENCES plans ON DELETE CASCADE,\n"
	"  programme_id INTEGER NOT NULL REFERENCES plan_programmes ON DELETE CASCADE,\n"
	"  code TEXT NOT NULL, name_zh TEXT NOT NULL, name_en TEXT, unit TEXT NOT NULL,\n"
	"  rule_kind TEXT NOT NULL DEFAULT 'manual', rule_filter TEXT NOT NULL DEFAULT '{}',\n"
	"  rule_text TEXT NOT NULL DEFAULT '', sort INTEGER NOT NULL,\n"
	"  UNIQUE(plan_id, code));\n"
	"CREATE TABLE indicator_targets(\n"
	"  indicator_id INTEGER NOT NULL REFERENCES plan_indicators ON DELETE CASCADE,\n"
	"  year INTEGER NOT NULL, target REAL NOT NULL,\n"
	"  PRIMARY KEY(indicator_id, year)) WITHOUT ROWID;\n"
	"CREATE TABLE indicator_values(\n"
	"  indicator_id INTEGER NOT NULL REFERENCES plan_indicators ON DELETE CASCADE,\n"
	"  year INTEGER NOT NULL, value REAL NOT NULL, note TEXT,\n"
	"  updated_by INTEGER REFERENCES users, updated_at TEXT NOT NULL DEFAULT " NOW ",\n"
	"  PRIMARY KEY(indicator_id, year)) WITHOUT ROWID;\n"
	/* portal visits per day and page kind: no IP addresses, no cookies */
	"CREATE TABLE page_views(\n"
	"  day TEXT NOT NULL, page_kind TEXT NOT NULL, views INTEGER NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY(day, page_kind)) WITHOUT ROWID;\n"
	/* e-mail outbox: retried with back-off until sent */
	"CREATE TABLE outbox(\n"
	"  id INTEGER PRIMARY KEY, to_addr TEXT NOT NULL, subject TEXT NOT NULL,\n"
	"  body TEXT NOT NULL, attachment_name TEXT, attachment_type TEXT, attachment BLOB,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ", attempts INTEGER NOT NULL DEFAULT 0,\n"
	"  next_attempt_at TEXT NOT NULL DEFAULT " NOW ", sent_at TEXT, last_error TEXT);\n";

/* Migration 2: course search. course_fts is the full-text index (FTS5 with
 * the tokenizer "lifelong" of src/search/tokenize.c, registered by
 * db_open), one row per course (rowid = course id); triggers keep it in
 * step with courses, audiences, sessions' venues and districts, and the
 * names they show. search_state.version goes up with every change to the
 * data that search reads, so each worker knows when to rebuild its
 * in-memory course table (seats_version, with every registration: then
 * only the places left are reloaded); bulk = 1 (set by bulk loaders) pauses the
 * per-row index triggers until the loader rebuilds the index at its end. */
#define NOT_BULK "(SELECT bulk FROM search_state WHERE id=1)=0"
#define BUMP "UPDATE search_state SET version=version+1 WHERE id=1 AND bulk=0;"
#define BUMP_SEATS "UPDATE search_state SET seats_version=seats_version+1 WHERE id=1;"
#define BUMP_TRIGGERS(t) \
	"CREATE TRIGGER " t "_search_ai AFTER INSERT ON " t " BEGIN " BUMP " END;\n" \
	"CREATE TRIGGER " t "_search_au AFTER UPDATE ON " t " BEGIN " BUMP " END;\n" \
	"CREATE TRIGGER " t "_search_ad AFTER DELETE ON " t " BEGIN " BUMP " END;\n"

static const char migration_2[] =
	"CREATE TABLE search_state(id INTEGER PRIMARY KEY CHECK(id=1),\n"
	"  version INTEGER NOT NULL DEFAULT 0, bulk INTEGER NOT NULL DEFAULT 0,\n"
	"  seats_version INTEGER NOT NULL DEFAULT 0);\n"
	"INSERT INTO search_state(id) VALUES(1);\n"
	"CREATE VIRTUAL TABLE course_fts USING fts5(title, description, institution, tags, places,\n"
	"  tokenize='lifelong');\n"
	"INSERT INTO course_fts(" FTS_COLS ") " FTS_SELECT ";\n"
	BUMP_TRIGGERS("courses") BUMP_TRIGGERS("course_audiences") BUMP_TRIGGERS("sessions")
	BUMP_TRIGGERS("institutions") BUMP_TRIGGERS("venues") BUMP_TRIGGERS("districts")
	BUMP_TRIGGERS("institution_types") BUMP_TRIGGERS("categories") BUMP_TRIGGERS("audiences")
	/* registrations change only the places left: a lighter refresh */
	"CREATE TRIGGER registrations_search_ai AFTER INSERT ON registrations BEGIN " BUMP_SEATS " END;\n"
	"CREATE TRIGGER registrations_search_au AFTER UPDATE OF status, course_id ON registrations\n"
	"  BEGIN " BUMP_SEATS " END;\n"
	"CREATE TRIGGER registrations_search_ad AFTER DELETE ON registrations BEGIN " BUMP_SEATS " END;\n"
	"CREATE TRIGGER courses_fts_ai AFTER INSERT ON courses WHEN " NOT_BULK " BEGIN\n"
	FTS_REINDEX("c.id=NEW.id") "END;\n"
	"CREATE TRIGGER courses_fts_au AFTER UPDATE OF title, description, category, institution_id\n"
	"  ON courses WHEN " NOT_BULK " BEGIN\n" FTS_REINDEX("c.id=NEW.id") "END;\n"
	"CREATE TRIGGER courses_fts_ad AFTER DELETE ON courses BEGIN\n"
	"  DELETE FROM course_fts WHERE rowid=OLD.id; END;\n"
	"CREATE TRIGGER course_audiences_fts_ai AFTER INSERT ON course_audiences WHEN " NOT_BULK " BEGIN\n"
	FTS_REINDEX("c.id=NEW.course_id") "END;\n"
	"CREATE TRIGGER course_audiences_fts_ad AFTER DELETE ON course_audiences WHEN " NOT_BULK " BEGIN\n"
	FTS_REINDEX("c.id=OLD.course_id") "END;\n"
	/* a session adds words only with a venue or district new to its course */
	"CREATE TRIGGER sessions_fts_ai AFTER INSERT ON sessions WHEN " NOT_BULK "\n"
	"  AND (NEW.venue_id IS NOT NULL OR NEW.district_id IS NOT NULL)\n"
	"  AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.course_id=NEW.course_id AND s.id<>NEW.id\n"
	"    AND s.venue_id IS NEW.venue_id AND s.district_id IS NEW.district_id) BEGIN\n"
	FTS_REINDEX("c.id=NEW.course_id") "END;\n"
	"CREATE TRIGGER sessions_fts_au AFTER UPDATE OF venue_id, district_id, course_id ON sessions\n"
	"  WHEN " NOT_BULK " BEGIN\n"
	FTS_REINDEX("c.id=NEW.course_id OR c.id=OLD.course_id") "END;\n"
	"CREATE TRIGGER sessions_fts_ad AFTER DELETE ON sessions WHEN " NOT_BULK "\n"
	"  AND (OLD.venue_id IS NOT NULL OR OLD.district_id IS NOT NULL)\n"
	"  AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.course_id=OLD.course_id\n"
	"    AND s.venue_id IS OLD.venue_id AND s.district_id IS OLD.district_id) BEGIN\n"
	FTS_REINDEX("c.id=OLD.course_id") "END;\n"
	"CREATE TRIGGER institutions_fts_au AFTER UPDATE OF name_zh, name_en, district_id\n"
	"  ON institutions WHEN " NOT_BULK " BEGIN\n" FTS_REINDEX("c.institution_id=NEW.id") "END;\n"
	"CREATE TRIGGER venues_fts_au AFTER UPDATE OF name ON venues WHEN " NOT_BULK " BEGIN\n"
	FTS_REINDEX("c.id IN (SELECT course_id FROM sessions WHERE venue_id=NEW.id)") "END;\n"
	"CREATE TRIGGER districts_fts_au AFTER UPDATE OF name_zh ON districts WHEN " NOT_BULK " BEGIN\n"
	FTS_REINDEX("1") "END;\n"
	"CREATE TRIGGER categories_fts_au AFTER UPDATE OF name_zh, name_en ON categories\n"
	"  WHEN " NOT_BULK " BEGIN\n" FTS_REINDEX("c.category=NEW.code") "END;\n"
	"CREATE TRIGGER audiences_fts_au AFTER UPDATE OF name_zh, name_en ON audiences\n"
	"  WHEN " NOT_BULK " BEGIN\n"
	FTS_REINDEX("c.id IN (SELECT course_id FROM course_audiences WHERE audience=NEW.code)") "END;\n";

/* Rate limits of anonymous POSTs, shared by every app server on the same
 * database. client is a keyed hash of the address (no address is stored);
 * window is the start of the counting window in Unix seconds. */
static const char migration_3[] =
	"CREATE TABLE rate_limits(\n"
	"  bucket TEXT NOT NULL, client BLOB NOT NULL, window INTEGER NOT NULL,\n"
	"  hits INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(bucket, client, window)) WITHOUT ROWID;\n";

/* Plan tracking (src/kpi). kpi_session_months sums the sessions held (not
 * cancelled) per local start month, course, venue and district (0 = none);
 * kpi_course_firsts holds each course's first such session. Triggers on
 * sessions recompute the rows an inserted, edited or deleted session
 * belongs to, so both stay exact (docs/performance.md). Then the default
 * measurement rules of Keelung's 111-113 plan for databases seeded before
 * the rules existed (new ones load seed/keelung/plan-rules.csv); rules
 * someone has already set are left alone. */
#define KPI_REFRESH(X) \
	"DELETE FROM kpi_session_months WHERE month=substr(" X ".starts_at,1,7)\n" \
	"  AND course_id=" X ".course_id AND venue_id=ifnull(" X ".venue_id,0)\n" \
	"  AND district_id=ifnull(" X ".district_id,0);\n" \
	"INSERT INTO kpi_session_months(month,course_id,venue_id,district_id,sessions,attendance,\n" \
	"  attendance_n)\n" \
	"  SELECT substr(" X ".starts_at,1,7)," X ".course_id,ifnull(" X ".venue_id,0),\n" \
	"    ifnull(" X ".district_id,0),count(*),sum(attendance),count(attendance) FROM sessions\n" \
	"  WHERE course_id=" X ".course_id AND starts_at>=substr(" X ".starts_at,1,7)\n" \
	"    AND starts_at<substr(" X ".starts_at,1,7)||'~' AND cancelled=0\n" \
	"    AND ifnull(venue_id,0)=ifnull(" X ".venue_id,0)\n" \
	"    AND ifnull(district_id,0)=ifnull(" X ".district_id,0)\n" \
	"  GROUP BY course_id;\n" \
	"DELETE FROM kpi_course_firsts WHERE course_id=" X ".course_id;\n" \
	"INSERT INTO kpi_course_firsts(course_id,first_start,first_attendance,first_venue_id,\n" \
	"  first_district_id)\n" \
	"  SELECT course_id,starts_at,attendance,venue_id,district_id FROM sessions\n" \
	"  WHERE course_id=" X ".course_id AND cancelled=0 ORDER BY starts_at LIMIT 1;\n"

static const char migration_4[] =
	"CREATE TABLE kpi_session_months(\n"
	"  month TEXT NOT NULL, course_id INTEGER NOT NULL, venue_id INTEGER NOT NULL,\n"
	"  district_id INTEGER NOT NULL, sessions INTEGER NOT NULL, attendance INTEGER,\n"
	"  attendance_n INTEGER NOT NULL,\n"
	"  PRIMARY KEY(month, course_id, venue_id, district_id)) WITHOUT ROWID;\n"
	"CREATE TABLE kpi_course_firsts(\n"
	"  course_id INTEGER PRIMARY KEY, first_start TEXT NOT NULL, first_attendance INTEGER,\n"
	"  first_venue_id INTEGER, first_district_id INTEGER);\n"
	"CREATE INDEX kpi_course_firsts_start ON kpi_course_firsts(first_start);\n"
	"INSERT INTO kpi_session_months\n"
	"  SELECT substr(starts_at,1,7),course_id,ifnull(venue_id,0),ifnull(district_id,0),\n"
	"    count(*),sum(attendance),count(attendance)\n"
	"  FROM sessions WHERE cancelled=0 GROUP BY 1,2,3,4;\n"
	"INSERT INTO kpi_course_firsts\n"
	"  SELECT course_id,starts_at,attendance,venue_id,district_id FROM sessions s\n"
	"  WHERE cancelled=0 AND id=(SELECT id FROM sessions WHERE course_id=s.course_id\n"
	"    AND cancelled=0 ORDER BY starts_at LIMIT 1);\n"
	"CREATE TRIGGER sessions_kpi_ai AFTER INSERT ON sessions BEGIN\n"
	KPI_REFRESH("NEW") "END;\n"
	"CREATE TRIGGER sessions_kpi_ad AFTER DELETE ON sessions BEGIN\n"
	KPI_REFRESH("OLD") "END;\n"
	"CREATE TRIGGER sessions_kpi_au AFTER UPDATE OF course_id, venue_id, district_id,\n"
	"  starts_at, attendance, cancelled ON sessions BEGIN\n"
	KPI_REFRESH("OLD") KPI_REFRESH("NEW") "END;\n"
	"CREATE INDEX meetings_held ON meetings(held_on);\n"
	"CREATE INDEX grants_year ON grants(year);\n"
	"CREATE INDEX volunteer_trainings_held ON volunteer_trainings(held_on);\n"
	"WITH r(code,kind,filter,text) AS (VALUES\n"
	"  ('P1-ABE-CLASSES','count_courses','{\"categories\":[\"basic\"],\"exclude_institution_types\":[\"supplementary_school\"]}',\n"
	"   '當年度開課的「識字與基本教育」類課程數，不含補習學校開設者；課程算在第一次上課日所在的年度。'),\n"
	"  ('P1-ABE-LEARNERS','sum_registrations','{\"categories\":[\"basic\"],\"exclude_institution_types\":[\"supplementary_school\"]}',\n"
	"   '上一項課程的正取報名人數合計；沒有報名紀錄的課程，以第一次上課的出席人數計。'),\n"
	"  ('P1-SUPP-CLASSES','count_courses','{\"institution_types\":[\"supplementary_school\"]}',\n"
	"   '當年度補習學校開課的班數；課程算在第一次上課日所在的年度。'),\n"
	"  ('P1-SUPP-LEARNERS','sum_registrations','{\"institution_types\":[\"supplementary_school\"]}',\n"
	"   '上一項補校班級的正取報名人數合計；沒有報名紀錄的班級，以第一次上課的出席人數計。'),\n"
	"  ('P2-NIMM-SESSIONS','count_sessions','{\"institution_types\":[\"new_immigrant_centre\"]}',\n"
	"   '新住民學習中心當年度已舉行（未取消）的課程場次數。'),\n"
	"  ('P2-NIMM-ATTEND','sum_attendance','{\"institution_types\":[\"new_immigrant_centre\"]}',\n"
	"   '新住民學習中心當年度各場次的出席人數合計。'),\n"
	"  ('P2-TRIBAL-COURSES','count_courses','{\"institution_types\":[\"tribal_college\"]}',\n"
	"   '原住民族部落大學當年度開課的課程數；課程算在第一次上課日所在的年度。'),\n"
	"  ('P2-TRIBAL-ATTEND','sum_attendance','{\"institution_types\":[\"tribal_college\"]}',\n"
	"   '原住民族部落大學當年度各場次的出席人數合計。'),\n"
	"  ('P3-SENIOR-POINTS','count_venues','{\"institution_types\":[\"senior_centre\"]}',\n"
	"   '樂齡學習中心當年度至少舉行過一場課程或活動的不同地點數；沒有填場地的場次，以中心本身算一個點。'),\n"
	"  ('P3-SENIOR-SESSIONS','count_sessions','{\"institution_types\":[\"senior_centre\"]}',\n"
	"   '樂齡學習中心當年度已舉行的課程及活動場次數。'),\n"
	"  ('P3-SENIOR-ATTEND','sum_attendance','{\"institution_types\":[\"senior_centre\"]}',\n"
	"   '樂齡學習中心當年度各場次的出席人數合計。'),\n"
	"  ('P3-EVERGREEN-CLASSES','count_courses','{\"institution_types\":[\"evergreen_academy\"]}',\n"
	"   '長青學苑當年度開課的班數；班級算在第一次上課日所在的年度。'),\n"
	"  ('P3-EVERGREEN-ENROL','sum_registrations','{\"institution_types\":[\"evergreen_academy\"]}',\n"
	"   '長青學苑當年度開課班級的正取選課人數合計；沒有報名紀錄的班級，以第一次上課的出席人數計。'),\n"
	"  ('P3-EVERGREEN-SERVICE','sum_attendance','{\"institution_types\":[\"evergreen_academy\"]}',\n"
	"   '長青學苑當年度各場次的出席人數合計（全年度服務人次）。'),\n"
	"  ('P4-INTERGEN-SESSIONS','count_sessions','{\"programme\":4,\"categories\":[\"family\"],\"audiences\":[\"family\"]}',\n"
	"   '歸屬方案四的課程，以及「家庭與親職」類且對象含「親子與代間」的課程，當年度已舉行的場次數。'),\n"
	"  ('P4-INTERGEN-ATTEND','sum_attendance','{\"programme\":4,\"categories\":[\"family\"],\"audiences\":[\"family\"]}',\n"
	"   '同上課程當年度各場次的出席人數合計。'),\n"
	"  ('P5-DIGITAL-COURSES','count_courses','{\"categories\":[\"digital\"]}',\n"
	"   '當年度開課的「數位學習」類課程數；課程算在第一次上課日所在的年度。'),\n"
	"  ('P6-STATION-SESSIONS','count_sessions','{\"categories\":[\"reading\"],\"reading_station\":true}',\n"
	"   '在標示為社區共讀站的場地舉行的「閱讀推廣」類場次數。'),\n"
	"  ('P6-STATION-ATTEND','sum_attendance','{\"categories\":[\"reading\"],\"reading_station\":true}',\n"
	"   '同上場次的出席人數合計。'),\n"
	"  ('P6-LIBRARY-SESSIONS','count_sessions','{\"categories\":[\"reading\"],\"institution_types\":[\"library\"]}',\n"
	"   '公共圖書館舉辦的「閱讀推廣」類場次數。'),\n"
	"  ('P6-LIBRARY-ATTEND','sum_attendance','{\"categories\":[\"reading\"],\"institution_types\":[\"library\"]}',\n"
	"   '同上場次的出席人數合計。'),\n"
	"  ('P7-CIVIC-SESSIONS','count_sessions','{\"programme\":7,\"categories\":[\"civic\"]}',\n"
	"   '「公民與永續」類或歸屬方案七的課程，當年度已舉行的場次數。'),\n"
	"  ('P7-CIVIC-ATTEND','sum_attendance','{\"programme\":7,\"categories\":[\"civic\"]}',\n"
	"   '同上課程當年度各場次的出席人數合計。'),\n"
	"  ('P8-VOLUNTEER-SESSIONS','count_sessions','{\"programme\":8,\"categories\":[\"volunteer\"],\"volunteer_trainings\":true}',\n"
	"   '「志工培訓」類或歸屬方案八的課程場次數，加上後台「志工培訓」登錄的培訓場次。'),\n"
	"  ('P8-VOLUNTEER-ATTEND','sum_attendance','{\"programme\":8,\"categories\":[\"volunteer\"],\"volunteer_trainings\":true}',\n"
	"   '同上課程各場次的出席人數合計，加上後台登錄的培訓參加人數。'),\n"
	"  ('P9-NETWORK-MEETINGS','meetings_count','{\"meeting_kinds\":[\"liaison\",\"workshop\"]}',\n"
	"   '後台登錄、當年度召開的終身學習聯繫會議及專業人員研習場次數。'),\n"
	"  ('P10-GRANT-CASES','grants_count','{}',\n"
	"   '計畫年度為當年度、已送出（審查中、核定或未獲核定）的中央競爭型計畫申請案數。'),\n"
	"  ('P10-GRANT-FUNDS','grants_amount','{}',\n"
	"   '計畫年度為當年度、已核定案件的核定經費合計，以萬元計。'),\n"
	"  ('P11-CITY-ATTEND','sum_attendance','{\"programme\":11}',\n"
	"   '歸屬方案十一（學習型城市）的課程，當年度各場次的出席人數合計。'),\n"
	"  ('P12-PORTAL-VISITS','page_views','{}',\n"
	"   '終身學習網當年度的網頁瀏覽次數：由伺服器計數，不含搜尋引擎等機器人，不使用 cookie，也不記錄 IP 位址。')\n"
	")\n"
	"UPDATE plan_indicators SET rule_kind=r.kind, rule_filter=r.filter, rule_text=r.text\n"
	"  FROM r WHERE r.code=plan_indicators.code AND plan_indicators.rule_kind='manual'\n"
	"  AND plan_indicators.rule_filter='{}' AND plan_indicators.rule_text=''\n"
	"  AND plan_indicators.plan_id IN (SELECT id FROM plans WHERE code='111-113')\n"
	"  AND EXISTS (SELECT 1 FROM meta WHERE key='code' AND value='keelung');\n";

/* Migration 5: registration, waiting lists, notifications (src/pages/reg.c,
 * src/mail). A learner's private page is reached by any of their
 * learner_links (a hash per link sent; several can be live). lang is the
 * interface language they registered in, for their e-mails. promoted_at
 * marks a place taken from the waiting list. At most one live registration
 * per learner and course, and no two waiting on the same place in line.
 * Outbox rows belong to a learner (deleted with their data); failed_at
 * ends the retries of a mail the server refused for good. */
static const char migration_5[] =
	"ALTER TABLE learners ADD COLUMN lang TEXT;\n"
	"ALTER TABLE registrations ADD COLUMN promoted_at TEXT;\n"
	"ALTER TABLE outbox ADD COLUMN learner_id INTEGER REFERENCES learners ON DELETE CASCADE;\n"
	"ALTER TABLE outbox ADD COLUMN failed_at TEXT;\n"
	"CREATE TABLE learner_links(\n"
	"  token_hash BLOB PRIMARY KEY,\n"
	"  learner_id INTEGER NOT NULL REFERENCES learners ON DELETE CASCADE,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ") WITHOUT ROWID;\n"
	"CREATE INDEX learner_links_learner ON learner_links(learner_id);\n"
	"CREATE INDEX learners_email ON learners(email) WHERE email IS NOT NULL;\n"
	"CREATE INDEX learners_phone ON learners(phone) WHERE phone IS NOT NULL;\n"
	"CREATE INDEX registrations_learner ON registrations(learner_id);\n"
	"CREATE UNIQUE INDEX registrations_live ON registrations(course_id, learner_id)\n"
	"  WHERE status<>'cancelled';\n"
	"CREATE UNIQUE INDEX registrations_waiting ON registrations(course_id, position)\n"
	"  WHERE status='waitlisted';\n"
	"CREATE INDEX session_attendance_registration ON session_attendance(registration_id);\n"
	"CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;\n"
	"CREATE INDEX outbox_learner ON outbox(learner_id);\n";

/* Migration 6: the institution back office (src/pages/admin_*.c).
 * body_text is the source of an announcement written in the back office,
 * in the small markup of src/core/markup.h (rendered, escaped, at display
 * time; body_html stays for feed items). pending_imports holds an
 * uploaded CSV file between its preview and its commit (a day at most). */
static const char migration_6[] =
	"ALTER TABLE announcements ADD COLUMN body_text TEXT;\n"
	"ALTER TABLE announcements ADD COLUMN updated_at TEXT;\n"
	"CREATE INDEX announcements_institution ON announcements(institution_id);\n"
	"CREATE INDEX attachments_announcement ON attachments(announcement_id);\n"
	"CREATE TABLE pending_imports(\n"
	"  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users ON DELETE CASCADE,\n"
	"  kind TEXT NOT NULL CHECK(kind IN ('institutions','sessions')),\n"
	"  file_name TEXT NOT NULL, data BLOB NOT NULL,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ");\n";

/* Migration 7: feed sync (src/sync). Events of an institution's
 * iCalendar feed become sessions of "external" courses: source_feed_id
 * marks such a course (and says where it came from); source_uid is the
 * event's UID and source_missing counts the successful fetches in a row
 * that no longer listed it (gone at 2), as announcements.missing_count. */
static const char migration_7[] =
	"ALTER TABLE courses ADD COLUMN source_feed_id INTEGER REFERENCES feeds ON DELETE SET NULL;\n"
	"ALTER TABLE sessions ADD COLUMN source_uid TEXT;\n"
	"ALTER TABLE sessions ADD COLUMN source_missing INTEGER NOT NULL DEFAULT 0;\n"
	"CREATE INDEX courses_source_feed ON courses(source_feed_id) WHERE source_feed_id IS NOT NULL;\n"
	"CREATE INDEX announcements_feed ON announcements(feed_id, missing_count);\n";

/* The city's password policy: earlier password hashes, so a new password
 * can be refused when it repeats one of the last N. */
static const char migration_8[] =
	"CREATE TABLE password_history(\n"
	"  user_id INTEGER NOT NULL REFERENCES users ON DELETE CASCADE,\n"
	"  hash TEXT NOT NULL, changed_at TEXT NOT NULL DEFAULT " NOW ");\n"
	"CREATE INDEX password_history_user ON password_history(user_id, changed_at);\n";

/* The consultation service and "tell me when" alerts (issue #6). */
static const char migration_9[] =
	/* -- consultation: who handles a case, the citizen's language for the
	 *    e-mail, courses suggested in an answer, the FAQ and its index -- */
	"ALTER TABLE inquiries ADD COLUMN assigned_user_id INTEGER REFERENCES users ON DELETE SET NULL;\n"
	"ALTER TABLE inquiries ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-Hant';\n"
	"ALTER TABLE inquiries ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0;\n"
	"CREATE INDEX inquiries_queue ON inquiries(status, institution_id, created_at);\n"
	"CREATE INDEX inquiry_notes_case ON inquiry_notes(inquiry_id, created_at);\n"
	"CREATE TABLE inquiry_courses(\n"
	"  note_id INTEGER NOT NULL REFERENCES inquiry_notes ON DELETE CASCADE,\n"
	"  course_id INTEGER NOT NULL REFERENCES courses ON DELETE CASCADE,\n"
	"  PRIMARY KEY(note_id, course_id)) WITHOUT ROWID;\n"
	"ALTER TABLE faqs ADD COLUMN topic TEXT;\n"
	"ALTER TABLE faqs ADD COLUMN is_demo INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE faqs ADD COLUMN updated_at TEXT;\n"
	"CREATE VIRTUAL TABLE faq_fts USING fts5(question, answer, content='faqs',\n"
	"  content_rowid='id', tokenize='lifelong');\n"
	"CREATE TRIGGER faqs_ai AFTER INSERT ON faqs BEGIN\n"
	"  INSERT INTO faq_fts(rowid, question, answer) VALUES (new.id, new.question, new.answer);\n"
	"END;\n"
	"CREATE TRIGGER faqs_ad AFTER DELETE ON faqs BEGIN\n"
	"  INSERT INTO faq_fts(faq_fts, rowid, question, answer)\n"
	"    VALUES ('delete', old.id, old.question, old.answer);\n"
	"END;\n"
	"CREATE TRIGGER faqs_au AFTER UPDATE OF question, answer ON faqs BEGIN\n"
	"  INSERT INTO faq_fts(faq_fts, rowid, question, answer)\n"
	"    VALUES ('delete', old.id, old.question, old.answer);\n"
	"  INSERT INTO faq_fts(rowid, question, answer) VALUES (new.id, new.question, new.answer);\n"
	"END;\n"
	/* redacted_at: the question and contact data were removed (by the
	 * citizen, or after the retention period); the row stays for the
	 * statistics. Outbox rows of a case go with it. */
	"ALTER TABLE inquiries ADD COLUMN redacted_at TEXT;\n"
	"ALTER TABLE outbox ADD COLUMN inquiry_id INTEGER REFERENCES inquiries ON DELETE CASCADE;\n"
	"CREATE INDEX outbox_inquiry ON outbox(inquiry_id) WHERE inquiry_id IS NOT NULL;\n"
	"CREATE INDEX inquiries_answered ON inquiries(institution_id, first_answered_at);\n"
	/* more private links to a case: each e-mail carries a fresh one (a
	 * token is stored only as a hash, so an old one cannot be sent again) */
	"CREATE TABLE inquiry_links(\n"
	"  token_hash BLOB PRIMARY KEY,\n"
	"  inquiry_id INTEGER NOT NULL REFERENCES inquiries ON DELETE CASCADE,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ") WITHOUT ROWID;\n"
	"CREATE INDEX inquiry_links_case ON inquiry_links(inquiry_id);\n"
	/* -- consultation: end -- */

	/* -- alerts: the language of the e-mails, and which courses a saved
	 *    search has already announced (so none is sent twice) -- */
	"ALTER TABLE saved_searches ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-Hant';\n"
	/* when the last confirmation or "already subscribed" mail was queued
	 * (saving the search again mails at most once a day) */
	"ALTER TABLE saved_searches ADD COLUMN mailed_at TEXT;\n"
	"CREATE TABLE saved_search_hits(\n"
	"  saved_search_id INTEGER NOT NULL REFERENCES saved_searches ON DELETE CASCADE,\n"
	"  course_id INTEGER NOT NULL REFERENCES courses ON DELETE CASCADE,\n"
	"  sent_at TEXT NOT NULL DEFAULT " NOW ",\n"
	"  PRIMARY KEY(saved_search_id, course_id)) WITHOUT ROWID;\n"
	/* when a course was published (in milliseconds, so that an alert
	 * confirmed just before is told of it and one confirmed just after is
	 * not): set by triggers on every path (back office, import, feed sync,
	 * seed); the courses published so far count from their creation */
	"ALTER TABLE courses ADD COLUMN published_at TEXT;\n"
	"UPDATE courses SET published_at=created_at WHERE status='published';\n"
	"CREATE TRIGGER courses_published_ai AFTER INSERT ON courses\n"
	"  WHEN new.status='published' AND new.published_at IS NULL BEGIN\n"
	"  UPDATE courses SET published_at=" NOW_MS " WHERE id=new.id;\n"
	"END;\n"
	"CREATE TRIGGER courses_published_au AFTER UPDATE OF status ON courses\n"
	"  WHEN new.status='published' AND old.status<>'published' BEGIN\n"
	"  UPDATE courses SET published_at=" NOW_MS " WHERE id=new.id;\n"
	"END;\n"
	"CREATE INDEX courses_published ON courses(published_at) WHERE status='published';\n"
	/* one saved search per address and query; the private links of its
	 * e-mails (each mail a new token, only its hash kept) */
	"CREATE UNIQUE INDEX saved_searches_email_query ON saved_searches(email, query);\n"
	"CREATE TABLE saved_search_links(\n"
	"  token_hash BLOB PRIMARY KEY,\n"
	"  saved_search_id INTEGER NOT NULL REFERENCES saved_searches ON DELETE CASCADE,\n"
	"  created_at TEXT NOT NULL DEFAULT " NOW ") WITHOUT ROWID;\n"
	"CREATE INDEX saved_search_links_search ON saved_search_links(saved_search_id);\n"
	/* an alert's mails go with it; List-Unsubscribe (RFC 8058) header */
	"ALTER TABLE outbox ADD COLUMN saved_search_id INTEGER\n"
	"  REFERENCES saved_searches ON DELETE CASCADE;\n"
	"ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;\n"
	"CREATE INDEX outbox_saved_search ON outbox(saved_search_id);\n"
	/* -- alerts: end -- */
	;

static const char *const migrations[] = {migration_1, migration_2, migration_3,
						migration_4, migration_5, migration_6, migration_7, migration_8,
						migration_9};

int schema_migration_count(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

const char *schema_migration(int v)
{
	if (v < 1 || v > schema_migration_count())
		return NULL;
	return migrations[v - 1];
}
