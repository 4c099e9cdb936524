#include "db/statements.h"
#include "db/fts_sql.h"

#include <stddef.h>

/* Optional numbers: the bind letters have no "NULL number", so statements
 * that store an optional id or count bind a sentinel and turn it into NULL
 * in SQL: nullif(?N,0) for ids (0 is never a rowid), nullif(?N,-1) for
 * counts, and CAST(?N AS REAL) over a text-or-NULL for coordinates. New
 * statements may instead bind 'I' (NULL when the value is DB_NULL_INT). */
#define S(id, sql) [id] = {#id, sql}

static const struct {
	const char *name;
	const char *sql;
} catalogue[ST__COUNT] = {
	S(ST_PING, "SELECT 1"),
	/* changes when another connection commits (the page cache's clock) */
	S(ST_DATA_VERSION, "PRAGMA data_version"),

	S(ST_META_SET, "INSERT INTO meta(key,value) VALUES(?1,?2) "
		       "ON CONFLICT(key) DO UPDATE SET value=excluded.value"),
	S(ST_META_GET, "SELECT value FROM meta WHERE key=?1"),
	S(ST_DISTRICT_INSERT,
	  "INSERT INTO districts(name_zh,name_en,postcode,population,population_year) "
	  "VALUES(?1,?2,?3,nullif(?4,-1),?5)"),	/* ?4 = -1: unknown */
	S(ST_DISTRICT_SET_BOUNDARY, "UPDATE districts SET boundary=?2 WHERE name_zh=?1"),
	S(ST_DISTRICT_BY_NAME, "SELECT id FROM districts WHERE name_zh=?1"),
	S(ST_DISTRICTS_LIST,
	  "SELECT id,name_zh,name_en,postcode,population FROM districts ORDER BY postcode"),
	S(ST_DISTRICTS_COUNT, "SELECT count(*) FROM districts"),
	S(ST_TYPE_INSERT,
	  "INSERT INTO institution_types(code,name_zh,name_en,planned_count,note) "
	  "VALUES(?1,?2,?3,nullif(?4,-1),?5)"),	/* ?4 = -1: unknown */
	S(ST_TYPE_BY_CODE, "SELECT id FROM institution_types WHERE code=?1"),
	S(ST_TYPES_LIST, "SELECT code,name_zh,name_en FROM institution_types ORDER BY id"),
	S(ST_CATEGORY_EXISTS, "SELECT 1 FROM categories WHERE code=?1"),
	S(ST_AUDIENCE_EXISTS, "SELECT 1 FROM audiences WHERE code=?1"),
	S(ST_PLAN_INSERT,
	  "INSERT INTO plans(code,title_zh,title_en,first_year,last_year,vision_zh,vision_en) "
	  "VALUES(?1,?2,?3,?4,?5,?6,?7)"),
	S(ST_GOAL_INSERT,
	  "INSERT INTO plan_goals(plan_id,number,title_zh,title_en) VALUES(?1,?2,?3,?4)"),
	S(ST_PROGRAMME_INSERT,
	  "INSERT INTO plan_programmes(plan_id,goal_id,number,title_zh,title_en,lead_agencies) "
	  "VALUES(?1,?2,?3,?4,?5,?6)"),
	S(ST_INDICATOR_INSERT,
	  "INSERT INTO plan_indicators(plan_id,programme_id,code,name_zh,name_en,unit,sort) "
	  "VALUES(?1,?2,?3,?4,?5,?6,?7)"),
	S(ST_TARGET_INSERT,
	  "INSERT INTO indicator_targets(indicator_id,year,target) VALUES(?1,?2,?3)"),
	S(ST_GOAL_ID, "SELECT id FROM plan_goals WHERE plan_id=?1 AND number=?2"),
	S(ST_PROGRAMME_ID, "SELECT id FROM plan_programmes WHERE plan_id=?1 AND number=?2"),

	/* Optional values in the writes below: an id of 0 and a count of -1
	 * store NULL; coordinates are bound as decimal text (NULL = unknown). */
	S(ST_INSTITUTION_UPSERT,
	  "INSERT INTO institutions(name_zh,type_id,district_id,address,lat,lon,phone,website,is_demo) "
	  "VALUES(?1,?2,nullif(?3,0),?4,CAST(?5 AS REAL),CAST(?6 AS REAL),?7,?8,?9) "
	  "ON CONFLICT(name_zh) DO UPDATE SET type_id=excluded.type_id, "
	  "district_id=excluded.district_id, address=excluded.address, lat=excluded.lat, "
	  "lon=excluded.lon, phone=excluded.phone, website=excluded.website, "
	  "is_demo=institutions.is_demo AND excluded.is_demo, "
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "RETURNING id"),
	S(ST_INSTITUTION_BY_NAME, "SELECT id,district_id FROM institutions WHERE name_zh=?1"),
	S(ST_INSTITUTIONS_LIST,
	  "SELECT i.id,i.name_zh,t.code,t.name_zh,d.name_zh,i.address,i.lat,i.lon,i.phone,"
	  "i.website,i.updated_at,i.is_demo "
	  "FROM institutions i JOIN institution_types t ON t.id=i.type_id "
	  "LEFT JOIN districts d ON d.id=i.district_id ORDER BY t.id,i.name_zh"),
	S(ST_FEED_INSERT,
	  "INSERT INTO feeds(institution_id,url) VALUES(?1,?2) "
	  "ON CONFLICT(institution_id,url) DO NOTHING"),
	S(ST_VENUE_FIND, "SELECT id FROM venues WHERE institution_id=?1 AND name=?2"),
	S(ST_VENUE_INSERT,
	  "INSERT INTO venues(institution_id,name,kind,district_id,is_demo) "
	  "VALUES(?1,?2,?3,nullif(?4,0),?5)"),
	S(ST_VENUE_UPSERT_PUBLIC,
	  "INSERT INTO venues(institution_id,name,kind,district_id,address,lat,lon,is_reading_station) "
	  "VALUES(NULL,?1,?2,nullif(?3,0),?4,CAST(?5 AS REAL),CAST(?6 AS REAL),?7)"),
	/* a real import that uses a demo venue makes it real */
	S(ST_VENUE_CLEAR_DEMO, "UPDATE venues SET is_demo=0 WHERE id=?1 AND is_demo=1"),

	S(ST_COURSE_UPSERT,
	  "INSERT INTO courses(institution_id,title,description,category,language,fee_twd,format,"
	  "childcare,programme,capacity,url,is_demo) "
	  "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,nullif(?9,0),nullif(?10,-1),?11,?12) "
	  "ON CONFLICT(institution_id,title) DO UPDATE SET description=excluded.description, "
	  "category=excluded.category, language=excluded.language, fee_twd=excluded.fee_twd, "
	  "format=excluded.format, childcare=excluded.childcare, programme=excluded.programme, "
	  "capacity=excluded.capacity, url=excluded.url, "
	  "is_demo=courses.is_demo AND excluded.is_demo, "
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') RETURNING id"),
	S(ST_COURSE_AUDIENCES_CLEAR, "DELETE FROM course_audiences WHERE course_id=?1"),
	S(ST_COURSE_AUDIENCE_ADD,
	  "INSERT OR IGNORE INTO course_audiences(course_id,audience) VALUES(?1,?2)"),
	S(ST_SESSION_UPSERT,
	  "INSERT INTO sessions(course_id,venue_id,district_id,starts_at,ends_at,attendance) "
	  "VALUES(?1,nullif(?2,0),nullif(?3,0),?4,?5,nullif(?6,-1)) "
	  "ON CONFLICT(course_id,starts_at) DO UPDATE SET "
	  "venue_id=excluded.venue_id, district_id=excluded.district_id, "
	  "ends_at=excluded.ends_at, attendance=excluded.attendance"),
	S(ST_COURSES_COUNT, "SELECT count(*) FROM courses WHERE status='published'"),
	/* ?1 = now (local "YYYY-MM-DD HH:MM"), ?2 = limit, ?3 = offset.
	 * Courses with an upcoming session first, soonest first. */
	S(ST_COURSES_PAGE,
	  "SELECT c.id,c.title,i.name_zh,d.name_zh,n.next_start FROM courses c "
	  "JOIN institutions i ON i.id=c.institution_id "
	  "LEFT JOIN (SELECT course_id, min(starts_at) AS next_start FROM sessions "
	  "  WHERE starts_at>=?1 AND cancelled=0 GROUP BY course_id) n ON n.course_id=c.id "
	  "LEFT JOIN districts d ON d.id=coalesce((SELECT s.district_id FROM sessions s "
	  "  WHERE s.course_id=c.id AND s.district_id IS NOT NULL "
	  "  ORDER BY s.starts_at>=?1 DESC, s.starts_at LIMIT 1), i.district_id) "
	  "WHERE c.status='published' "
	  "ORDER BY n.next_start IS NULL, n.next_start, c.id LIMIT ?2 OFFSET ?3"),

	S(ST_DEMO_DELETE_COURSES, "DELETE FROM courses WHERE is_demo=1"),
	S(ST_DEMO_DELETE_VENUES, "DELETE FROM venues WHERE is_demo=1"),
	S(ST_DEMO_DELETE_INSTITUTIONS, "DELETE FROM institutions WHERE is_demo=1"),
	S(ST_DEMO_COUNT,
	  "SELECT (SELECT count(*) FROM courses WHERE is_demo=1)"
	  "+(SELECT count(*) FROM institutions WHERE is_demo=1)"
	  "+(SELECT count(*) FROM venues WHERE is_demo=1)"
	  "+(SELECT count(*) FROM faqs WHERE is_demo=1)"),
	/* row counts for imports and their tests */
	S(ST_DATA_COUNTS,
	  "SELECT (SELECT count(*) FROM institutions),(SELECT count(*) FROM courses),"
	  "(SELECT count(*) FROM sessions),(SELECT count(*) FROM venues),"
	  "(SELECT count(*) FROM course_audiences),(SELECT count(*) FROM feeds),"
	  "(SELECT count(*) FROM institutions WHERE is_demo=1)"),
	/* reference data loaded by the seed */
	S(ST_SEED_COUNTS,
	  "SELECT (SELECT count(*) FROM districts),"
	  "(SELECT count(*) FROM districts WHERE json_valid(boundary) "
	  "  AND json_extract(boundary,'$.type') IN ('Polygon','MultiPolygon')),"
	  "(SELECT count(*) FROM institution_types),(SELECT count(*) FROM plan_goals),"
	  "(SELECT count(*) FROM plan_programmes),(SELECT count(*) FROM plan_indicators),"
	  "(SELECT count(*) FROM indicator_targets),(SELECT count(*) FROM meta),"
	  "(SELECT count(*) FROM venues WHERE institution_id IS NULL),"
	  "(SELECT count(*) FROM venues WHERE is_reading_station=1)"),
	/* ?1 = institution name, ?2 = course title: the course's stored fields */
	S(ST_COURSE_SUMMARY,
	  "SELECT c.category,c.fee_twd,c.format,c.language,c.childcare,c.programme,c.capacity,"
	  "c.description,c.url,c.is_demo,"
	  "(SELECT group_concat(audience,';') FROM (SELECT audience FROM course_audiences "
	  "  WHERE course_id=c.id ORDER BY audience)),"
	  "(SELECT count(*) FROM sessions WHERE course_id=c.id),"
	  "(SELECT group_concat(x,'|') FROM (SELECT s.starts_at||' '||s.ends_at||' '||"
	  "  coalesce(d.name_zh,'-')||' '||coalesce(v.name,'-')||' '||coalesce(s.attendance,'-') AS x "
	  "  FROM sessions s LEFT JOIN districts d ON d.id=s.district_id "
	  "  LEFT JOIN venues v ON v.id=s.venue_id WHERE s.course_id=c.id ORDER BY s.starts_at)) "
	  "FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "WHERE i.name_zh=?1 AND c.title=?2"),

	S(ST_PLAN_CURRENT,
	  "SELECT id,code,title_zh,title_en,first_year,last_year,vision_zh,vision_en FROM plans "
	  "ORDER BY (?1 BETWEEN first_year AND last_year) DESC, last_year DESC LIMIT 1"),
	S(ST_PLAN_GOALS,
	  "SELECT id,number,title_zh,title_en FROM plan_goals WHERE plan_id=?1 ORDER BY number"),
	S(ST_PLAN_PROGRAMMES,
	  "SELECT p.id,p.number,g.number,p.title_zh,p.title_en,p.lead_agencies "
	  "FROM plan_programmes p JOIN plan_goals g ON g.id=p.goal_id "
	  "WHERE p.plan_id=?1 ORDER BY p.number"),
	/* one row per indicator and year; targets joined in year order */
	S(ST_PLAN_INDICATORS,
	  "SELECT i.id,i.code,p.number,i.name_zh,i.name_en,i.unit,t.year,t.target "
	  "FROM plan_indicators i JOIN plan_programmes p ON p.id=i.programme_id "
	  "LEFT JOIN indicator_targets t ON t.indicator_id=i.id "
	  "WHERE i.plan_id=?1 ORDER BY i.sort,i.id,t.year"),

	/* ?1 = now local; counts of institutions and of courses with an
	 * upcoming session held in the district */
	S(ST_HOME_DISTRICTS,
	  "SELECT d.id,d.name_zh,d.name_en,d.postcode,"
	  "(SELECT count(*) FROM institutions i WHERE i.district_id=d.id),"
	  "(SELECT count(DISTINCT s.course_id) FROM sessions s JOIN courses c ON c.id=s.course_id "
	  "  WHERE s.district_id=d.id AND s.starts_at>=?1 AND s.cancelled=0 AND c.status='published') "
	  "FROM districts d ORDER BY d.postcode"),
	S(ST_HOME_TYPES,
	  "SELECT t.code,t.name_zh,t.name_en,count(i.id),t.planned_count FROM institution_types t "
	  "LEFT JOIN institutions i ON i.type_id=t.id GROUP BY t.id ORDER BY t.id"),

	/* ?1 = now local: each district with its boundary (GeoJSON or NULL),
	 * institution count and upcoming-course count (as ST_HOME_DISTRICTS) */
	S(ST_MAP_DISTRICTS,
	  "SELECT d.id,d.name_zh,d.name_en,d.boundary,"
	  "(SELECT count(*) FROM institutions i WHERE i.district_id=d.id),"
	  "(SELECT count(DISTINCT s.course_id) FROM sessions s JOIN courses c ON c.id=s.course_id "
	  "  WHERE s.district_id=d.id AND s.starts_at>=?1 AND s.cancelled=0 AND c.status='published') "
	  "FROM districts d ORDER BY d.postcode"),
	/* id, name, type name, district id (0 = none), lat, lon (NULL = unknown) */
	S(ST_MAP_INSTITUTIONS,
	  "SELECT i.id,i.name_zh,t.name_zh,coalesce(i.district_id,0),i.lat,i.lon "
	  "FROM institutions i JOIN institution_types t ON t.id=i.type_id ORDER BY t.id,i.name_zh"),
	/* public learning places, and any venue with a position: name, kind,
	 * institution id (0 = none), district id (0 = none), lat, lon */
	S(ST_MAP_VENUES,
	  "SELECT v.name,v.kind,coalesce(v.institution_id,0),coalesce(v.district_id,0),v.lat,v.lon "
	  "FROM venues v WHERE v.institution_id IS NULL OR (v.lat IS NOT NULL AND v.lon IS NOT NULL) "
	  "ORDER BY v.kind,v.name"),
	S(ST_GUIDE_CATEGORIES, "SELECT code,name_zh FROM categories ORDER BY sort"),
	/* ?1..?3 = type codes in order of preference (NULL: unused), ?4 =
	 * district name or NULL, ?5 = limit. With a district: institutions in
	 * it, and those serving the whole city (no district), nearest first. */
	S(ST_GUIDE_INSTITUTIONS,
	  "SELECT i.id,i.name_zh,t.code,t.name_zh,d.name_zh FROM institutions i "
	  "JOIN institution_types t ON t.id=i.type_id LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE t.code IN (?1,?2,?3) AND (?4 IS NULL OR d.name_zh=?4 OR i.district_id IS NULL) "
	  "ORDER BY coalesce(d.name_zh=?4,0) DESC, CASE t.code WHEN ?1 THEN 1 WHEN ?2 THEN 2 ELSE 3 END,"
	  "i.district_id IS NULL, d.postcode, i.name_zh LIMIT ?5"),

	S(ST_PAGE_VIEWS_ADD,
	  "INSERT INTO page_views(day,page_kind,views) VALUES(?1,?2,?3) "
	  "ON CONFLICT(day,page_kind) DO UPDATE SET views=views+excluded.views"),
	S(ST_PAGE_VIEWS_TOTAL, "SELECT coalesce(sum(views),0) FROM page_views"),

	/* Plan tracking. Sessions count once started and not cancelled, in
	 * the month of their local start; kpi_session_months (kept by triggers,
	 * migration 4) sums them per month, course, venue and district (0 =
	 * none), and kpi_course_firsts holds each course's first session. */
	S(ST_KPI_PLAN_FOR_YEAR,
	  "SELECT id,code,title_zh,first_year,last_year FROM plans "
	  "WHERE ?1 BETWEEN first_year AND last_year ORDER BY first_year DESC,id DESC LIMIT 1"),
	S(ST_KPI_PLAN_YEARS,
	  "SELECT id,code,title_zh,first_year,last_year FROM plans ORDER BY first_year,id"),
	/* ?1 = plan, ?2 = year: indicators with the year's target and manual value */
	S(ST_KPI_INDICATORS,
	  "SELECT i.id,i.code,p.number,g.number,i.name_zh,i.name_en,i.unit,i.rule_kind,"
	  "i.rule_filter,i.rule_text,t.target,v.value,v.note "
	  "FROM plan_indicators i JOIN plan_programmes p ON p.id=i.programme_id "
	  "JOIN plan_goals g ON g.id=p.goal_id "
	  "LEFT JOIN indicator_targets t ON t.indicator_id=i.id AND t.year=?2 "
	  "LEFT JOIN indicator_values v ON v.indicator_id=i.id AND v.year=?2 "
	  "WHERE i.plan_id=?1 ORDER BY g.number,p.number,i.sort,i.id"),
	S(ST_KPI_REF_TYPES, "SELECT id,code FROM institution_types ORDER BY id"),
	S(ST_KPI_REF_CATEGORIES, "SELECT code FROM categories ORDER BY sort,code"),
	S(ST_KPI_REF_AUDIENCES, "SELECT code FROM audiences ORDER BY sort,code"),
	S(ST_KPI_COURSES,
	  "SELECT c.id,c.institution_id,i.type_id,ifnull(i.district_id,0),c.category,"
	  "ifnull(c.programme,0) FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "ORDER BY c.id"),
	S(ST_KPI_COURSE_AUDIENCES, "SELECT course_id,audience FROM course_audiences"),
	/* ?1, ?2 = months [from, to) from the summary; ?3, ?4 = start times
	 * [from, to] of the month still under way, from the sessions. Venues
	 * (district, reading station) are joined in memory: ST_KPI_VENUES. */
	S(ST_KPI_FACTS,
	  "SELECT course_id,venue_id,district_id,month,sessions,attendance,attendance_n "
	  "FROM kpi_session_months WHERE month>=?1 AND month<?2 "
	  "UNION ALL "
	  "SELECT course_id,ifnull(venue_id,0),ifnull(district_id,0),substr(starts_at,1,7),"
	  "count(*),sum(attendance),count(attendance) FROM sessions "
	  "WHERE starts_at>=?3 AND starts_at<=?4 AND cancelled=0 "
	  "GROUP BY course_id,venue_id,district_id"),
	S(ST_KPI_VENUES, "SELECT id,ifnull(district_id,0),is_reading_station FROM venues ORDER BY id"),
	/* ?1, ?2 = first start times [from, to]: each course's first session,
	 * with its enrolled learners */
	S(ST_KPI_COURSE_FIRSTS,
	  "SELECT course_id,ifnull(first_venue_id,0),ifnull(first_district_id,0),first_start,"
	  "first_attendance,(SELECT count(*) FROM registrations r WHERE r.course_id=k.course_id "
	  "AND r.status='enrolled') FROM kpi_course_firsts k "
	  "WHERE first_start>=?1 AND first_start<=?2"),
	/* the same for listing, with names; ?3 = institution (0 = any) */
	S(ST_KPI_COURSE_FIRSTS_LIST,
	  "SELECT k.course_id,ifnull(k.first_venue_id,0),ifnull(k.first_district_id,0),k.first_start,"
	  "k.first_attendance,(SELECT count(*) FROM registrations r WHERE r.course_id=k.course_id "
	  "AND r.status='enrolled'),c.title,i.name_zh,v.name,"
	  "(SELECT name_zh FROM districts WHERE id=coalesce(k.first_district_id,v.district_id,i.district_id)) "
	  "FROM kpi_course_firsts k JOIN courses c ON c.id=k.course_id "
	  "JOIN institutions i ON i.id=c.institution_id LEFT JOIN venues v ON v.id=k.first_venue_id "
	  "WHERE k.first_start>=?1 AND k.first_start<=?2 AND (?3=0 OR c.institution_id=?3) "
	  "ORDER BY k.first_start,k.course_id"),
	/* ?1, ?2 = days [from, to]; ?3 = institution (0 = any) */
	S(ST_KPI_TRAININGS,
	  "SELECT t.id,ifnull(g.institution_id,0),ifnull(i.district_id,0),"
	  "CAST(substr(t.held_on,6,2) AS INTEGER),t.participants,t.held_on,t.title,g.name,t.hours,"
	  "i.name_zh,d.name_zh FROM volunteer_trainings t JOIN volunteer_groups g ON g.id=t.group_id "
	  "LEFT JOIN institutions i ON i.id=g.institution_id LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE t.held_on>=?1 AND t.held_on<=?2 AND (?3=0 OR g.institution_id=?3) "
	  "ORDER BY t.held_on,t.id"),
	/* ?1 = year, ?2 = institution (0 = any) */
	S(ST_KPI_GRANTS,
	  "SELECT g.id,ifnull(g.institution_id,0),ifnull(i.district_id,0),"
	  "CAST(substr(g.submitted_on,6,2) AS INTEGER),g.status,g.amount_approved_twd,"
	  "g.submitted_on,g.title,g.scheme,g.amount_applied_twd,i.name_zh,d.name_zh "
	  "FROM grants g LEFT JOIN institutions i ON i.id=g.institution_id "
	  "LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE g.year=?1 AND (?2=0 OR g.institution_id=?2) ORDER BY g.submitted_on,g.id"),
	/* ?1, ?2 = days [from, to]; ?3 = institution (0 = any) */
	S(ST_KPI_MEETINGS,
	  "SELECT m.id,ifnull(m.institution_id,0),ifnull(i.district_id,0),"
	  "CAST(substr(m.held_on,6,2) AS INTEGER),m.kind,m.held_on,m.title,m.attendees,"
	  "i.name_zh,d.name_zh FROM meetings m LEFT JOIN institutions i ON i.id=m.institution_id "
	  "LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE m.held_on>=?1 AND m.held_on<=?2 AND (?3=0 OR m.institution_id=?3) "
	  "ORDER BY m.held_on,m.id"),
	/* ?1, ?2 = days [from, to]: views per month and page kind */
	S(ST_KPI_PAGE_VIEWS,
	  "SELECT CAST(substr(day,6,2) AS INTEGER),page_kind,sum(views) FROM page_views "
	  "WHERE day>=?1 AND day<=?2 GROUP BY 1,2 ORDER BY 1,2"),
	S(ST_KPI_DISTRICTS,
	  "SELECT id,name_zh,population,population_year,boundary FROM districts ORDER BY postcode"),
	S(ST_KPI_INSTITUTION_NAMES, "SELECT id,name_zh FROM institutions ORDER BY name_zh,id"),
	/* ?1, ?2 = start times [from, to]; ?3 = institution (0 = any): the
	 * sessions behind a figure, district as session, venue, institution */
	S(ST_KPI_SESSIONS_RAW,
	  "SELECT s.id,s.course_id,ifnull(s.venue_id,0),"
	  "coalesce(s.district_id,v.district_id,i.district_id,0),s.starts_at,s.attendance,"
	  "ifnull(v.is_reading_station,0),c.title,i.name_zh,v.name,"
	  "(SELECT name_zh FROM districts WHERE id=coalesce(s.district_id,v.district_id,i.district_id)) "
	  "FROM sessions s JOIN courses c ON c.id=s.course_id "
	  "JOIN institutions i ON i.id=c.institution_id LEFT JOIN venues v ON v.id=s.venue_id "
	  "WHERE s.starts_at>=?1 AND s.starts_at<=?2 AND s.cancelled=0 "
	  "AND (?3=0 OR c.institution_id=?3) ORDER BY s.starts_at,s.id"),
	/* ?1 = plan, ?2 = indicator code */
	S(ST_INDICATOR_PROGRAMME,
	  "SELECT p.number FROM plan_indicators i JOIN plan_programmes p ON p.id=i.programme_id "
	  "WHERE i.plan_id=?1 AND i.code=?2"),
	S(ST_INDICATOR_SET_RULE,
	  "UPDATE plan_indicators SET rule_kind=?3,rule_filter=?4,rule_text=?5 "
	  "WHERE plan_id=?1 AND code=?2"),

	/* plan back office (src/pages/kpi_records_admin.c, kpi_plan_admin.c).
	 * Optional numbers bind 'I'; institution 0 stores NULL. */
	S(ST_GRANTS_LIST,
	  "SELECT g.id,g.year,g.scheme,g.title,i.name_zh,g.amount_applied_twd,g.amount_approved_twd,"
	  "g.status,g.submitted_on FROM grants g LEFT JOIN institutions i ON i.id=g.institution_id "
	  "ORDER BY g.year DESC,g.submitted_on DESC,g.id DESC"),
	S(ST_GRANT_GET,
	  "SELECT id,year,scheme,title,ifnull(institution_id,0),amount_applied_twd,"
	  "amount_approved_twd,status,submitted_on FROM grants WHERE id=?1"),
	S(ST_GRANT_INSERT,
	  "INSERT INTO grants(year,scheme,title,institution_id,amount_applied_twd,"
	  "amount_approved_twd,status,submitted_on) VALUES(?1,?2,?3,nullif(?4,0),?5,?6,?7,?8)"),
	S(ST_GRANT_UPDATE,
	  "UPDATE grants SET year=?2,scheme=?3,title=?4,institution_id=nullif(?5,0),"
	  "amount_applied_twd=?6,amount_approved_twd=?7,status=?8,submitted_on=?9 WHERE id=?1"),
	S(ST_GRANT_DELETE, "DELETE FROM grants WHERE id=?1"),
	S(ST_MEETINGS_LIST,
	  "SELECT m.id,m.kind,m.title,m.held_on,m.attendees,i.name_zh FROM meetings m "
	  "LEFT JOIN institutions i ON i.id=m.institution_id ORDER BY m.held_on DESC,m.id DESC"),
	S(ST_MEETING_GET,
	  "SELECT id,kind,title,held_on,attendees,ifnull(institution_id,0) FROM meetings WHERE id=?1"),
	S(ST_MEETING_INSERT,
	  "INSERT INTO meetings(kind,title,held_on,attendees,institution_id) "
	  "VALUES(?1,?2,?3,?4,nullif(?5,0))"),
	S(ST_MEETING_UPDATE,
	  "UPDATE meetings SET kind=?2,title=?3,held_on=?4,attendees=?5,institution_id=nullif(?6,0) "
	  "WHERE id=?1"),
	S(ST_MEETING_DELETE, "DELETE FROM meetings WHERE id=?1"),
	S(ST_VGROUPS_LIST,
	  "SELECT g.id,g.name,i.name_zh,g.members,"
	  "(SELECT count(*) FROM volunteer_trainings t WHERE t.group_id=g.id),"
	  "(SELECT total(hours) FROM volunteer_trainings t WHERE t.group_id=g.id),"
	  "(SELECT max(held_on) FROM volunteer_trainings t WHERE t.group_id=g.id) "
	  "FROM volunteer_groups g LEFT JOIN institutions i ON i.id=g.institution_id "
	  "ORDER BY g.name,g.id"),
	S(ST_VGROUP_GET,
	  "SELECT id,name,ifnull(institution_id,0),members FROM volunteer_groups WHERE id=?1"),
	S(ST_VGROUP_INSERT,
	  "INSERT INTO volunteer_groups(name,institution_id,members) VALUES(?1,nullif(?2,0),?3)"),
	S(ST_VGROUP_UPDATE,
	  "UPDATE volunteer_groups SET name=?2,institution_id=nullif(?3,0),members=?4 WHERE id=?1"),
	S(ST_VGROUP_DELETE, "DELETE FROM volunteer_groups WHERE id=?1"),
	S(ST_VTRAININGS_OF_GROUP,
	  "SELECT id,title,held_on,hours,participants FROM volunteer_trainings WHERE group_id=?1 "
	  "ORDER BY held_on DESC,id DESC"),
	S(ST_VTRAINING_GET,
	  "SELECT t.id,t.group_id,t.title,t.held_on,t.hours,t.participants,g.name "
	  "FROM volunteer_trainings t JOIN volunteer_groups g ON g.id=t.group_id WHERE t.id=?1"),
	S(ST_VTRAINING_INSERT,
	  "INSERT INTO volunteer_trainings(group_id,title,held_on,hours,participants) "
	  "VALUES(?1,?2,?3,?4,?5)"),
	S(ST_VTRAINING_UPDATE,
	  "UPDATE volunteer_trainings SET title=?2,held_on=?3,hours=?4,participants=?5 WHERE id=?1"),
	S(ST_VTRAINING_DELETE, "DELETE FROM volunteer_trainings WHERE id=?1"),
	/* per year: trainings, hours, participants, person-hours */
	S(ST_VOLUNTEER_YEARS,
	  "SELECT CAST(substr(held_on,1,4) AS INTEGER),count(*),total(hours),total(participants),"
	  "total(hours*participants) FROM volunteer_trainings GROUP BY 1 ORDER BY 1 DESC"),
	S(ST_INSTITUTION_EXISTS, "SELECT 1 FROM institutions WHERE id=?1"),
	S(ST_PLAN_INDICATOR_GET,
	  "SELECT i.id,i.plan_id,i.code,i.name_zh,i.unit,i.rule_kind,i.rule_filter,i.rule_text,"
	  "p.number,pl.code,pl.first_year,pl.last_year FROM plan_indicators i "
	  "JOIN plan_programmes p ON p.id=i.programme_id JOIN plans pl ON pl.id=i.plan_id "
	  "WHERE i.id=?1"),
	S(ST_PLAN_INDICATOR_TARGETS,
	  "SELECT year,target FROM indicator_targets WHERE indicator_id=?1 ORDER BY year"),
	S(ST_TARGET_SET,
	  "INSERT INTO indicator_targets(indicator_id,year,target) VALUES(?1,?2,?3) "
	  "ON CONFLICT(indicator_id,year) DO UPDATE SET target=excluded.target"),
	S(ST_TARGET_DELETE, "DELETE FROM indicator_targets WHERE indicator_id=?1 AND year=?2"),
	S(ST_INDICATOR_RULE_UPDATE,
	  "UPDATE plan_indicators SET rule_kind=?2,rule_filter=?3,rule_text=?4 WHERE id=?1"),
	S(ST_INDICATOR_VALUE_GET,
	  "SELECT value,note,updated_at FROM indicator_values WHERE indicator_id=?1 AND year=?2"),
	S(ST_INDICATOR_VALUE_SET,
	  "INSERT INTO indicator_values(indicator_id,year,value,note,updated_by) "
	  "VALUES(?1,?2,?3,?4,nullif(?5,0)) ON CONFLICT(indicator_id,year) DO UPDATE SET "
	  "value=excluded.value,note=excluded.note,updated_by=excluded.updated_by,"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')"),
	S(ST_INDICATOR_VALUE_DELETE,
	  "DELETE FROM indicator_values WHERE indicator_id=?1 AND year=?2"),
	S(ST_PLAN_BY_CODE, "SELECT id FROM plans WHERE code=?1"),
	/* ?1, ?2 = first and last year: a plan whose years overlap them */
	S(ST_PLAN_OVERLAP,
	  "SELECT code FROM plans WHERE first_year<=?2 AND last_year>=?1 ORDER BY first_year LIMIT 1"),
	/* the titles of goal / programme ?1 in the latest plan that has it */
	S(ST_PLAN_LATEST_GOAL,
	  "SELECT g.title_zh,g.title_en FROM plan_goals g JOIN plans p ON p.id=g.plan_id "
	  "WHERE g.number=?1 ORDER BY p.last_year DESC,p.id DESC LIMIT 1"),
	S(ST_PLAN_LATEST_PROGRAMME,
	  "SELECT g.title_zh,g.title_en,g.lead_agencies FROM plan_programmes g "
	  "JOIN plans p ON p.id=g.plan_id WHERE g.number=?1 ORDER BY p.last_year DESC,p.id DESC LIMIT 1"),
	/* the rule of indicator code ?1 in the latest plan other than ?2 */
	S(ST_PLAN_LATEST_RULE,
	  "SELECT i.rule_kind,i.rule_filter,i.rule_text FROM plan_indicators i "
	  "JOIN plans p ON p.id=i.plan_id WHERE i.code=?1 AND i.plan_id<>?2 "
	  "ORDER BY p.last_year DESC,p.id DESC LIMIT 1"),

	/* course search: the in-memory course table (src/search/snapshot.c) */
	S(ST_SEARCH_VERSION, "SELECT version,seats_version FROM search_state WHERE id=1"),
	S(ST_SEARCH_DISTRICTS, "SELECT id,name_zh,name_en FROM districts ORDER BY postcode,id"),
	S(ST_SEARCH_TYPES, "SELECT id,code,name_zh,name_en FROM institution_types ORDER BY id"),
	S(ST_SEARCH_CATEGORIES, "SELECT code,name_zh,name_en FROM categories ORDER BY sort"),
	S(ST_SEARCH_AUDIENCES, "SELECT code,name_zh,name_en FROM audiences ORDER BY sort"),
	S(ST_SEARCH_INSTITUTIONS, "SELECT id,name_zh,type_id,district_id FROM institutions ORDER BY id"),
	S(ST_SEARCH_COURSES,
	  "SELECT id,institution_id,title,category,language,fee_twd,format,childcare,"
	  "coalesce(capacity,-1),created_at FROM courses WHERE status='published' ORDER BY id"),
	S(ST_SEARCH_COURSE_AUDIENCES,
	  "SELECT course_id,audience FROM course_audiences ORDER BY course_id"),
	S(ST_SEARCH_SEATS_TAKEN,
	  "SELECT course_id,count(*) FROM registrations WHERE status='enrolled' "
	  "GROUP BY course_id ORDER BY course_id"),
	/* sessions that count: not cancelled; where: the session's district,
	 * else its venue's, else the institution's (0: unknown) */
	S(ST_SEARCH_SESSIONS,
	  "SELECT s.course_id,s.starts_at,coalesce(s.district_id,v.district_id,i.district_id,0) "
	  "FROM sessions s JOIN courses c ON c.id=s.course_id "
	  "JOIN institutions i ON i.id=c.institution_id "
	  "LEFT JOIN venues v ON v.id=s.venue_id "
	  "WHERE s.cancelled=0 AND c.status='published' ORDER BY s.course_id,s.starts_at"),
	/* ?1 = an FTS5 expression made by tok_fts_query() (never user text) */
	S(ST_SEARCH_FTS, "SELECT rowid FROM course_fts WHERE course_fts MATCH ?1"),
	/* weights: title, description, institution, tags, places */
	S(ST_SEARCH_FTS_RANK,
	  "SELECT rowid,bm25(course_fts,10.0,1.0,3.0,4.0,2.0) FROM course_fts "
	  "WHERE course_fts MATCH ?1"),
	S(ST_SEARCH_FTS_TEXT,
	  "SELECT title,description,institution,tags,places FROM course_fts WHERE rowid=?1"),
	/* bulk loading: ?1 = 1 pauses the index triggers, 0 resumes them */
	S(ST_SEARCH_BULK_SET, "UPDATE search_state SET bulk=?1,version=version+1 WHERE id=1"),
	S(ST_SEARCH_FTS_CLEAR, "DELETE FROM course_fts"),
	S(ST_SEARCH_FTS_FILL, "INSERT INTO course_fts(" FTS_COLS ") " FTS_SELECT),

	/* staff accounts, sessions, audit */
	S(ST_USER_INSERT,
	  "INSERT INTO users(email,role,institution_id) VALUES(?1,?2,nullif(?3,0)) RETURNING id"),
	/* id, hash, locked now?, disabled, failed_logins */
	S(ST_USER_BY_EMAIL,
	  "SELECT id,password_hash,coalesce(locked_until > strftime('%Y-%m-%dT%H:%M:%SZ','now'),0),"
	  "disabled,failed_logins FROM users WHERE email=?1"),
	/* ?2 = failures that lock, ?3 = lock duration modifier ('+15 minutes') */
	S(ST_USER_LOGIN_FAILED,
	  "UPDATE users SET failed_logins=failed_logins+1, locked_until=CASE "
	  "WHEN failed_logins+1 >= ?2 THEN strftime('%Y-%m-%dT%H:%M:%SZ','now',?3) "
	  "ELSE locked_until END WHERE id=?1"),
	S(ST_USER_LOGIN_OK, "UPDATE users SET failed_logins=0, locked_until=NULL WHERE id=?1"),
	S(ST_USER_SET_PASSWORD,
	  "UPDATE users SET password_hash=?2, password_changed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
	  "failed_logins=0, locked_until=NULL WHERE id=?1"),
	S(ST_USER_TOKENS_CLEAR, "DELETE FROM user_tokens WHERE user_id=?1"),
	/* ?4 = lifetime modifier ('+12 hours') */
	S(ST_TOKEN_INSERT,
	  "INSERT INTO user_tokens(token_hash,user_id,purpose,expires_at,last_seen_at) "
	  "VALUES(?1,?2,?3,strftime('%Y-%m-%dT%H:%M:%SZ','now',?4),strftime('%Y-%m-%dT%H:%M:%SZ','now'))"),
	S(ST_TOKEN_DELETE, "DELETE FROM user_tokens WHERE token_hash=?1"),
	/* ?2 = '-30 minutes', ?3 = '+30 minutes' (idle limit): user id, role,
	 * institution, e-mail, idle expiry after this request */
	S(ST_SESSION_LOOKUP,
	  "SELECT u.id,u.role,coalesce(u.institution_id,0),u.email,"
	  "min(t.expires_at, strftime('%Y-%m-%dT%H:%M:%SZ','now',?3)) "
	  "FROM user_tokens t JOIN users u ON u.id=t.user_id "
	  "WHERE t.token_hash=?1 AND t.purpose='session' AND u.disabled=0 "
	  "AND t.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "AND t.last_seen_at > strftime('%Y-%m-%dT%H:%M:%SZ','now',?2)"),
	S(ST_SESSION_TOUCH,
	  "UPDATE user_tokens SET last_seen_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "WHERE token_hash=?1 AND last_seen_at < strftime('%Y-%m-%dT%H:%M:%SZ','now','-30 seconds')"),
	S(ST_PASSWORD_TOKEN_LOOKUP,
	  "SELECT u.id,u.email FROM user_tokens t JOIN users u ON u.id=t.user_id "
	  "WHERE t.token_hash=?1 AND t.purpose='set_password' AND u.disabled=0 "
	  "AND t.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ','now')"),
	S(ST_TOKENS_EXPIRED_DELETE,
	  "DELETE FROM user_tokens WHERE expires_at <= strftime('%Y-%m-%dT%H:%M:%SZ','now')"),
	S(ST_AUDIT_INSERT,
	  "INSERT INTO audit_log(user_id,action,entity,entity_id,old_value,new_value) "
	  "VALUES(nullif(?1,0),?2,?3,nullif(?4,0),?5,?6)"),
	/* newest first; ?1 limit, ?2 offset */
	S(ST_AUDIT_LIST,
	  "SELECT a.id,a.at,coalesce(u.email,''),a.action,a.entity,a.entity_id,a.old_value,a.new_value "
	  "FROM audit_log a LEFT JOIN users u ON u.id=a.user_id ORDER BY a.id DESC LIMIT ?1 OFFSET ?2"),

	/* ---- portal: directory, course pages, calendar, open data ---- */
	/* ?1 = type code or NULL, ?2 = district name or NULL, ?3 = now local:
	 * id, name, type code, type name, district, address, phone, website,
	 * courses with an upcoming session, demo */
	S(ST_DIR_INSTITUTIONS,
	  "SELECT i.id,i.name_zh,t.code,t.name_zh,d.name_zh,i.address,i.phone,i.website,"
	  "(SELECT count(DISTINCT s.course_id) FROM sessions s JOIN courses c ON c.id=s.course_id "
	  "  WHERE c.institution_id=i.id AND c.status='published' AND s.cancelled=0 "
	  "  AND s.starts_at>=?3),i.is_demo "
	  "FROM institutions i JOIN institution_types t ON t.id=i.type_id "
	  "LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE (?1 IS NULL OR t.code=?1) AND (?2 IS NULL OR d.name_zh=?2) "
	  "ORDER BY t.id,d.postcode IS NULL,d.postcode,i.name_zh"),
	/* ?1 = district name or NULL: code, name, English name, institutions */
	S(ST_DIR_TYPE_COUNTS,
	  "SELECT t.code,t.name_zh,t.name_en,(SELECT count(*) FROM institutions i "
	  "  LEFT JOIN districts d ON d.id=i.district_id "
	  "  WHERE i.type_id=t.id AND (?1 IS NULL OR d.name_zh=?1)) "
	  "FROM institution_types t ORDER BY t.id"),
	/* ?1 = type code or NULL: name, English name, institutions */
	S(ST_DIR_DISTRICT_COUNTS,
	  "SELECT d.name_zh,d.name_en,(SELECT count(*) FROM institutions i "
	  "  JOIN institution_types t ON t.id=i.type_id "
	  "  WHERE i.district_id=d.id AND (?1 IS NULL OR t.code=?1)) "
	  "FROM districts d ORDER BY d.postcode"),
	/* ?1 = id: id, name, English name, type code, type name, district,
	 * address, lat, lon, phone, website, local date of updated_at,
	 * calendar days since then, demo */
	S(ST_INSTITUTION_GET,
	  "SELECT i.id,i.name_zh,i.name_en,t.code,t.name_zh,d.name_zh,i.address,i.lat,i.lon,"
	  "i.phone,i.website,date(i.updated_at,'localtime'),"
	  "max(0,CAST(julianday(date('now','localtime'))-julianday(date(i.updated_at,'localtime')) "
	  "  AS INTEGER)),i.is_demo "
	  "FROM institutions i JOIN institution_types t ON t.id=i.type_id "
	  "LEFT JOIN districts d ON d.id=i.district_id WHERE i.id=?1"),
	/* ?1 = institution id, ?2 = now local: its published courses, those
	 * with an upcoming session first (soonest first), then the others
	 * (latest first): id, title, category name, format, fee, next start,
	 * sessions, last start */
	S(ST_INSTITUTION_COURSES,
	  "SELECT c.id,c.title,k.name_zh,c.format,c.fee_twd,"
	  "(SELECT min(s.starts_at) FROM sessions s WHERE s.course_id=c.id AND s.cancelled=0 "
	  "  AND s.starts_at>=?2) AS next,"
	  "(SELECT count(*) FROM sessions s WHERE s.course_id=c.id),"
	  "(SELECT max(s.starts_at) FROM sessions s WHERE s.course_id=c.id) AS last "
	  "FROM courses c JOIN categories k ON k.code=c.category "
	  "WHERE c.institution_id=?1 AND c.status='published' "
	  "ORDER BY next IS NULL,next,last DESC,c.title"),
#define SESSION_ROW \
	"SELECT s.id,s.starts_at,s.ends_at,s.cancelled,c.id,c.title,v.name,v.address," \
	"coalesce(sd.name_zh,vd.name_zh,xd.name_zh),i.id,i.name_zh,i.address,c.description " \
	"FROM sessions s JOIN courses c ON c.id=s.course_id " \
	"JOIN institutions i ON i.id=c.institution_id " \
	"LEFT JOIN venues v ON v.id=s.venue_id " \
	"LEFT JOIN districts sd ON sd.id=s.district_id " \
	"LEFT JOIN districts vd ON vd.id=v.district_id " \
	"LEFT JOIN districts xd ON xd.id=i.district_id "
	/* Session rows (SESSION_ROW): id, starts_at, ends_at, cancelled, course
	 * id, course title, venue, venue address, district (the session's, else
	 * the venue's, else the institution's), institution id, institution
	 * name, institution address, course description.
	 * ?1 = institution id, ?2 = now local, ?3 = limit: sessions of its
	 * published courses not yet over, soonest first */
	S(ST_INSTITUTION_SESSIONS,
	  SESSION_ROW "WHERE c.institution_id=?1 AND c.status='published' AND s.ends_at>?2 "
	  "ORDER BY s.starts_at,s.id LIMIT ?3"),
	/* ?1 = course id: every session of the course, in time order */
	S(ST_COURSE_SESSIONS, SESSION_ROW "WHERE c.id=?1 ORDER BY s.starts_at,s.id"),
	/* ?1 = JSON array of course ids, ?2/?3 = first/last local start time
	 * (NULL: open): sessions of those published courses, in time order */
	S(ST_SESSIONS_OF_COURSES,
	  SESSION_ROW "WHERE c.id IN (SELECT value FROM json_each(?1)) AND c.status='published' "
	  "AND (?2 IS NULL OR s.starts_at>=?2) AND (?3 IS NULL OR s.starts_at<=?3) "
	  "ORDER BY s.starts_at,c.title,s.id"),
#undef SESSION_ROW
	/* ?1 = institution id, ?2 = now UTC "YYYY-MM-DDTHH:MM:SSZ", ?3 =
	 * limit: visible announcements (as ST_ANNOUNCEMENT_PUBLIC), newest
	 * first: title, link, local date published, id */
	S(ST_INSTITUTION_ANNOUNCEMENTS,
	  "SELECT title,link,date(published_at,'localtime'),id FROM announcements "
	  "WHERE institution_id=?1 "
	  "AND (visible_from IS NULL OR visible_from<=?2) "
	  "AND (visible_until IS NULL OR visible_until>=?2) "
	  "ORDER BY published_at DESC,id DESC LIMIT ?3"),
	/* ?1 = id: a published course: id, title, description, category code,
	 * category name, language, fee, format, childcare, capacity, url,
	 * institution id, name, phone, website, address, enrolled, demo,
	 * updated_at, programme, institution type name, district of the
	 * institution */
	S(ST_COURSE_GET,
	  "SELECT c.id,c.title,c.description,c.category,k.name_zh,c.language,c.fee_twd,c.format,"
	  "c.childcare,c.capacity,c.url,i.id,i.name_zh,i.phone,i.website,i.address,"
	  "(SELECT count(*) FROM registrations g WHERE g.course_id=c.id AND g.status='enrolled'),"
	  "c.is_demo,c.updated_at,c.programme,t.name_zh,d.name_zh "
	  "FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "JOIN categories k ON k.code=c.category JOIN institution_types t ON t.id=i.type_id "
	  "LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE c.id=?1 AND c.status='published'"),
	/* ?1 = course id: its audiences: code, name, English name */
	S(ST_COURSE_AUDIENCE_NAMES,
	  "SELECT a.code,a.name_zh,a.name_en FROM course_audiences ca "
	  "JOIN audiences a ON a.code=ca.audience WHERE ca.course_id=?1 ORDER BY a.sort"),
	/* ?1 = type code or NULL, ?2 = district name or NULL: the open-data
	 * institutions table (columns as in src/pages/opendata.c) */
	S(ST_OD_INSTITUTIONS,
	  "SELECT i.id,i.name_zh,i.name_en,t.code,t.name_zh,d.name_zh,i.address,i.lat,i.lon,"
	  "i.phone,i.website,i.updated_at,i.is_demo "
	  "FROM institutions i JOIN institution_types t ON t.id=i.type_id "
	  "LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE (?1 IS NULL OR t.code=?1) AND (?2 IS NULL OR d.name_zh=?2) ORDER BY i.id"),
	/* ?1 = JSON array of course ids: those published courses (columns as
	 * in src/pages/opendata.c) */
	S(ST_OD_COURSES,
	  "SELECT c.id,c.title,i.id,i.name_zh,c.category,k.name_zh,"
	  "(SELECT group_concat(audience,';') FROM (SELECT audience FROM course_audiences "
	  "  WHERE course_id=c.id ORDER BY audience)),"
	  "c.language,c.fee_twd,c.format,c.childcare,c.capacity,"
	  "CASE WHEN c.capacity IS NULL THEN NULL ELSE max(0,c.capacity-(SELECT count(*) "
	  "  FROM registrations g WHERE g.course_id=c.id AND g.status='enrolled')) END,"
	  "c.programme,c.url,c.description,"
	  "(SELECT count(*) FROM sessions s WHERE s.course_id=c.id),"
	  "(SELECT min(starts_at) FROM sessions s WHERE s.course_id=c.id),"
	  "(SELECT max(ends_at) FROM sessions s WHERE s.course_id=c.id),"
	  "c.updated_at,c.is_demo "
	  "FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "JOIN categories k ON k.code=c.category "
	  "WHERE c.status='published' AND c.id IN (SELECT value FROM json_each(?1)) ORDER BY c.id"),

	/* ?1 bucket, ?2 client hash, ?3 window start: the hits so far, this one included */
	S(ST_RATE_HIT,
	  "INSERT INTO rate_limits(bucket,client,window,hits) VALUES(?1,?2,?3,1) "
	  "ON CONFLICT(bucket,client,window) DO UPDATE SET hits=hits+1 RETURNING hits"),
	S(ST_RATE_PURGE, "DELETE FROM rate_limits WHERE window < ?1"),

	/* ?1 = course id, ?2 = 1 to include drafts: what registering needs:
	 * id, title, capacity (NULL: no limit), institution id and name,
	 * childcare, programme, end of the last session held (NULL: none
	 * yet), enrolled, waiting, last place in line, institution phone,
	 * status */
	S(ST_REG_COURSE,
	  "SELECT c.id,c.title,c.capacity,c.institution_id,i.name_zh,c.childcare,c.programme,"
	  "(SELECT max(s.ends_at) FROM sessions s WHERE s.course_id=c.id AND s.cancelled=0),"
	  "(SELECT count(*) FROM registrations g WHERE g.course_id=c.id AND g.status='enrolled'),"
	  "(SELECT count(*) FROM registrations g WHERE g.course_id=c.id AND g.status='waitlisted'),"
	  "(SELECT ifnull(max(g.position),0) FROM registrations g "
	  "  WHERE g.course_id=c.id AND g.status='waitlisted'),"
	  "i.phone,c.status "
	  "FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "WHERE c.id=?1 AND (c.status='published' OR ?2)"),
	/* ?1 name, ?2 e-mail or NULL, ?3 phone or NULL: the learner these
	 * are (same name and e-mail; without an e-mail, same name and phone) */
	S(ST_REG_LEARNER_MATCH,
	  "SELECT id FROM learners WHERE name=?1 AND "
	  "((?2 IS NOT NULL AND email=?2) OR (?2 IS NULL AND ?3 IS NOT NULL AND phone=?3)) "
	  "ORDER BY id LIMIT 1"),
	/* name, phone, e-mail, age band, district id ('I'), language */
	S(ST_REG_LEARNER_INSERT,
	  "INSERT INTO learners(name,phone,email,age_band,district_id,consent_at,lang) "
	  "VALUES(?1,?2,?3,?4,?5,strftime('%Y-%m-%dT%H:%M:%SZ','now'),?6)"),
	/* ?1 course, ?2 learner: their registration that is not cancelled */
	S(ST_REG_LIVE,
	  "SELECT id FROM registrations WHERE course_id=?1 AND learner_id=?2 AND status<>'cancelled'"),
	/* course, learner, status, position ('I'), token hash, channel, childcare */
	S(ST_REG_INSERT,
	  "INSERT INTO registrations(course_id,learner_id,status,position,token_hash,channel,"
	  "childcare_requested) VALUES(?1,?2,?3,?4,?5,?6,?7)"),
	/* One registration (columns REG_* in src/pages/reg.h), by its link's
	 * token hash or by id. */
#define REG_SELECT \
	"SELECT g.id,g.course_id,g.learner_id,g.status,g.position,g.channel," \
	"g.childcare_requested,g.created_at,g.updated_at,g.promoted_at,c.title,i.id,i.name_zh," \
	"i.phone,l.name,l.email,l.phone,l.lang," \
	"(SELECT max(s.ends_at) FROM sessions s WHERE s.course_id=c.id AND s.cancelled=0)," \
	"(SELECT min(s.starts_at) FROM sessions s WHERE s.course_id=c.id AND s.cancelled=0) " \
	"FROM registrations g JOIN courses c ON c.id=g.course_id " \
	"JOIN institutions i ON i.id=c.institution_id JOIN learners l ON l.id=g.learner_id "
	S(ST_REG_BY_TOKEN, REG_SELECT "WHERE g.token_hash=?1"),
	S(ST_REG_BY_ID, REG_SELECT "WHERE g.id=?1"),
#undef REG_SELECT
	S(ST_REG_CANCEL,
	  "UPDATE registrations SET status='cancelled',position=NULL,"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1 AND status<>'cancelled'"),
	/* Closing a gap in the waiting line of course ?1 after place ?2, in two
	 * steps so that no two rows ever share a place (a unique index):
	 * LIFT moves the places after the gap out of the way (negative),
	 * LOWER brings them back one place nearer the front. */
	S(ST_REG_WAIT_LIFT,
	  "UPDATE registrations SET position=-position "
	  "WHERE course_id=?1 AND status='waitlisted' AND position>?2"),
	S(ST_REG_WAIT_LOWER,
	  "UPDATE registrations SET position=-position-1,"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "WHERE course_id=?1 AND status='waitlisted' AND position<0"),
	/* ?1 course: the first in its waiting line: id, place */
	S(ST_REG_WAIT_FIRST,
	  "SELECT id,position FROM registrations WHERE course_id=?1 AND status='waitlisted' "
	  "ORDER BY position LIMIT 1"),
	S(ST_REG_PROMOTE,
	  "UPDATE registrations SET status='enrolled',position=NULL,"
	  "promoted_at=strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1 AND status='waitlisted'"),
	S(ST_REG_SET_CHILDCARE,
	  "UPDATE registrations SET childcare_requested=?2,"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1"),
	/* ?1 course: every registration for staff, enrolled first, then the
	 * waiting line in order, then cancelled: id, status, place, channel,
	 * childcare, created, promoted, name, phone, e-mail, age band,
	 * district */
	S(ST_REG_COURSE_LIST,
	  "SELECT g.id,g.status,g.position,g.channel,g.childcare_requested,g.created_at,"
	  "g.promoted_at,l.name,l.phone,l.email,l.age_band,d.name_zh "
	  "FROM registrations g JOIN learners l ON l.id=g.learner_id "
	  "LEFT JOIN districts d ON d.id=l.district_id WHERE g.course_id=?1 "
	  "ORDER BY CASE g.status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END,"
	  "g.position,g.created_at,g.id"),
	/* ?1 course: its sessions for a calendar attachment: id, starts,
	 * ends, cancelled, venue, venue address, district, institution
	 * address */
	S(ST_REG_COURSE_SESSIONS,
	  "SELECT s.id,s.starts_at,s.ends_at,s.cancelled,v.name,v.address,d.name_zh,i.address "
	  "FROM sessions s JOIN courses c ON c.id=s.course_id "
	  "JOIN institutions i ON i.id=c.institution_id "
	  "LEFT JOIN venues v ON v.id=s.venue_id LEFT JOIN districts d ON d.id=s.district_id "
	  "WHERE s.course_id=?1 ORDER BY s.starts_at"),
	S(ST_LEARNER_LINK_INSERT, "INSERT INTO learner_links(token_hash,learner_id) VALUES(?1,?2)"),
	/* ?1 link token hash: the learner: id, name, phone, e-mail, age band,
	 * district, consent given, created, language */
	S(ST_LEARNER_BY_LINK,
	  "SELECT l.id,l.name,l.phone,l.email,l.age_band,d.name_zh,l.consent_at,l.created_at,l.lang "
	  "FROM learner_links k JOIN learners l ON l.id=k.learner_id "
	  "LEFT JOIN districts d ON d.id=l.district_id WHERE k.token_hash=?1"),
	/* ?1 learner: their registrations, live ones first: id, course id,
	 * title, institution, status, place, channel, childcare, created,
	 * updated, promoted, first and last session */
	S(ST_LEARNER_REGISTRATIONS,
	  "SELECT g.id,g.course_id,c.title,i.name_zh,g.status,g.position,g.channel,"
	  "g.childcare_requested,g.created_at,g.updated_at,g.promoted_at,"
	  "(SELECT min(s.starts_at) FROM sessions s WHERE s.course_id=c.id AND s.cancelled=0),"
	  "(SELECT max(s.ends_at) FROM sessions s WHERE s.course_id=c.id AND s.cancelled=0) "
	  "FROM registrations g JOIN courses c ON c.id=g.course_id "
	  "JOIN institutions i ON i.id=c.institution_id WHERE g.learner_id=?1 "
	  "ORDER BY g.status='cancelled',g.created_at DESC,g.id DESC"),
	/* ?1 learner: the learning passport: per year (of the session) and
	 * category, the minutes of the sessions attended (ticked, not
	 * cancelled) and their number: year, category code, name, English
	 * name, minutes, sessions, institutions */
	S(ST_LEARNER_PASSPORT,
	  "SELECT substr(s.starts_at,1,4),c.category,k.name_zh,k.name_en,"
	  "sum(CAST(round((julianday(s.ends_at)-julianday(s.starts_at))*1440) AS INTEGER)),"
	  "count(*),count(DISTINCT c.institution_id) "
	  "FROM registrations g JOIN session_attendance a ON a.registration_id=g.id "
	  "JOIN sessions s ON s.id=a.session_id JOIN courses c ON c.id=s.course_id "
	  "JOIN categories k ON k.code=c.category "
	  "WHERE g.learner_id=?1 AND s.cancelled=0 GROUP BY 1,2 ORDER BY 1 DESC,k.sort"),
	/* ?1 learner: each session attended: starts, ends, course, institution,
	 * category name, minutes */
	S(ST_LEARNER_ATTENDANCE,
	  "SELECT s.starts_at,s.ends_at,c.title,i.name_zh,k.name_zh,"
	  "CAST(round((julianday(s.ends_at)-julianday(s.starts_at))*1440) AS INTEGER) "
	  "FROM registrations g JOIN session_attendance a ON a.registration_id=g.id "
	  "JOIN sessions s ON s.id=a.session_id JOIN courses c ON c.id=s.course_id "
	  "JOIN institutions i ON i.id=c.institution_id JOIN categories k ON k.code=c.category "
	  "WHERE g.learner_id=?1 AND s.cancelled=0 ORDER BY s.starts_at"),
	/* ?1 learner: registrations not cancelled: id, course id */
	S(ST_LEARNER_LIVE_REGS,
	  "SELECT id,course_id FROM registrations WHERE learner_id=?1 AND status<>'cancelled' "
	  "ORDER BY id"),
	/* ?1 learner: the e-mails queued for them: subject, created, sent,
	 * attempts */
	S(ST_LEARNER_MAILS,
	  "SELECT subject,created_at,sent_at,attempts FROM outbox WHERE learner_id=?1 ORDER BY id"),
	S(ST_LEARNER_DELETE, "DELETE FROM learners WHERE id=?1"),

	/* learner ('I'), to, subject, body, attachment name, type, bytes */
	S(ST_OUTBOX_INSERT,
	  "INSERT INTO outbox(learner_id,to_addr,subject,body,attachment_name,attachment_type,"
	  "attachment) VALUES(?1,?2,?3,?4,?5,?6,?7)"),
	/* ?1 = how many: mails due now: id, to, subject, body, attachment
	 * name, type, bytes, attempts, List-Unsubscribe URL */
	S(ST_OUTBOX_DUE,
	  "SELECT id,to_addr,subject,body,attachment_name,attachment_type,attachment,attempts,"
	  "list_unsubscribe "
	  "FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL "
	  "AND next_attempt_at<=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "ORDER BY next_attempt_at,id LIMIT ?1"),
	S(ST_OUTBOX_SENT,
	  "UPDATE outbox SET sent_at=strftime('%Y-%m-%dT%H:%M:%SZ','now'),attempts=attempts+1,"
	  "last_error=NULL WHERE id=?1"),
	/* ?1 id, ?2 error, ?3 seconds until the next attempt */
	S(ST_OUTBOX_RETRY,
	  "UPDATE outbox SET attempts=attempts+1,last_error=?2,"
	  "next_attempt_at=strftime('%Y-%m-%dT%H:%M:%SZ','now','+'||?3||' seconds') WHERE id=?1"),
	S(ST_OUTBOX_FAILED,
	  "UPDATE outbox SET attempts=attempts+1,last_error=?2,"
	  "failed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1"),
	/* sent mails are kept a week (for questions), then forgotten */
	S(ST_OUTBOX_PURGE,
	  "DELETE FROM outbox WHERE sent_at IS NOT NULL "
	  "AND sent_at<strftime('%Y-%m-%dT%H:%M:%SZ','now','-7 days')"),

	/* ---- institution back office (src/pages/admin_*.c) ---- */
	/* every institution: id, name (for administrators' choosers) */
	S(ST_BO_INSTITUTIONS_ALL, "SELECT id,name_zh FROM institutions ORDER BY name_zh"),
	/* ?1 = id: id, name, English name, type code, district id (0 none),
	 * address, phone, website, lat, lon (text or NULL), feed URLs
	 * (space-separated), type name, district name */
	S(ST_BO_INSTITUTION_GET,
	  "SELECT i.id,i.name_zh,i.name_en,t.code,coalesce(i.district_id,0),i.address,i.phone,"
	  "i.website,CAST(i.lat AS TEXT),CAST(i.lon AS TEXT),"
	  "(SELECT group_concat(url,' ') FROM (SELECT url FROM feeds WHERE institution_id=i.id "
	  "  ORDER BY id)),t.name_zh,d.name_zh "
	  "FROM institutions i JOIN institution_types t ON t.id=i.type_id "
	  "LEFT JOIN districts d ON d.id=i.district_id WHERE i.id=?1"),
	/* ?1 id, ?2 name, ?3 English name, ?4 type id, ?5 district id (0
	 * none), ?6 address, ?7 phone, ?8 website, ?9/?10 lat/lon as decimal
	 * text or NULL */
	S(ST_BO_INSTITUTION_UPDATE,
	  "UPDATE institutions SET name_zh=?2,name_en=?3,type_id=?4,district_id=nullif(?5,0),"
	  "address=?6,phone=?7,website=?8,lat=CAST(?9 AS REAL),lon=CAST(?10 AS REAL),"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1"),
	S(ST_BO_INSTITUTION_NAME_TAKEN, "SELECT id FROM institutions WHERE name_zh=?1 AND id<>?2"),
	S(ST_BO_FEEDS_OF, "SELECT url FROM feeds WHERE institution_id=?1 ORDER BY id"),
	/* ?2 = JSON array of the URLs to keep; the others are removed */
	S(ST_BO_FEEDS_KEEP,
	  "DELETE FROM feeds WHERE institution_id=?1 AND url NOT IN (SELECT value FROM json_each(?2))"),
	/* ?1 = institution id (0: all), ?2 = status or NULL, ?3 = now local:
	 * id, title, institution name, status, sessions, first start, last
	 * start, enrolled, capacity (NULL: none), institution id, next start */
	S(ST_BO_COURSES_LIST,
	  "SELECT c.id,c.title,i.name_zh,c.status,"
	  "(SELECT count(*) FROM sessions s WHERE s.course_id=c.id),"
	  "(SELECT min(starts_at) FROM sessions s WHERE s.course_id=c.id),"
	  "(SELECT max(starts_at) FROM sessions s WHERE s.course_id=c.id) AS last,"
	  "(SELECT count(*) FROM registrations g WHERE g.course_id=c.id AND g.status='enrolled'),"
	  "c.capacity,i.id,"
	  "(SELECT min(starts_at) FROM sessions s WHERE s.course_id=c.id AND s.cancelled=0 "
	  "  AND s.starts_at>=?3) AS next "
	  "FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "WHERE (?1=0 OR c.institution_id=?1) AND (?2 IS NULL OR c.status=?2) "
	  "ORDER BY next IS NULL, next, last DESC, c.title LIMIT 500"),
	/* ?1 = id: id, institution id, title, description, category,
	 * language, fee, format, childcare, programme (NULL none), capacity
	 * (NULL none), url, status, institution name, updated_at, audiences
	 * (';'-separated codes), category name, enrolled, waitlisted */
	S(ST_BO_COURSE_GET,
	  "SELECT c.id,c.institution_id,c.title,c.description,c.category,c.language,c.fee_twd,"
	  "c.format,c.childcare,c.programme,c.capacity,c.url,c.status,i.name_zh,c.updated_at,"
	  "(SELECT group_concat(audience,';') FROM (SELECT audience FROM course_audiences "
	  "  WHERE course_id=c.id ORDER BY audience)),k.name_zh,"
	  "(SELECT count(*) FROM registrations g WHERE g.course_id=c.id AND g.status='enrolled'),"
	  "(SELECT count(*) FROM registrations g WHERE g.course_id=c.id AND g.status='waitlisted') "
	  "FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "JOIN categories k ON k.code=c.category WHERE c.id=?1"),
	/* ?1 institution, ?2 title, ?3 description, ?4 category, ?5
	 * language, ?6 fee, ?7 format, ?8 childcare, ?9 programme ('I'), ?10
	 * capacity ('I'), ?11 url: a new draft; returns its id */
	S(ST_BO_COURSE_INSERT,
	  "INSERT INTO courses(institution_id,title,description,category,language,fee_twd,format,"
	  "childcare,programme,capacity,url,status) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,'draft') "
	  "RETURNING id"),
	/* ?1 id, then as ST_BO_COURSE_INSERT ?2..?11 */
	S(ST_BO_COURSE_UPDATE,
	  "UPDATE courses SET title=?2,description=?3,category=?4,language=?5,fee_twd=?6,format=?7,"
	  "childcare=?8,programme=?9,capacity=?10,url=?11,is_demo=0,"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1"),
	S(ST_BO_COURSE_SET_STATUS,
	  "UPDATE courses SET status=?2,updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1"),
	S(ST_BO_COURSE_DELETE, "DELETE FROM courses WHERE id=?1"),
	/* ?1 institution, ?2 title, ?3 id of the course itself (0: new) */
	S(ST_BO_COURSE_TITLE_TAKEN,
	  "SELECT id FROM courses WHERE institution_id=?1 AND title=?2 AND id<>?3"),
	/* ?1 = course to copy, ?2 = new title: a draft copy; returns its id */
	S(ST_BO_COURSE_COPY,
	  "INSERT INTO courses(institution_id,title,description,category,language,fee_twd,format,"
	  "childcare,programme,capacity,url,status) SELECT institution_id,?2,description,category,"
	  "language,fee_twd,format,childcare,programme,capacity,url,'draft' FROM courses WHERE id=?1 "
	  "RETURNING id"),
	/* ?1 = from course, ?2 = to course */
	S(ST_BO_AUDIENCES_COPY,
	  "INSERT INTO course_audiences(course_id,audience) SELECT ?2,audience FROM course_audiences "
	  "WHERE course_id=?1"),
	/* ?1 = from course, ?2 = to course, ?3 = shift ('+364 days'): the
	 * sessions not cancelled, moved, without attendance */
	S(ST_BO_SESSIONS_COPY,
	  "INSERT INTO sessions(course_id,venue_id,district_id,starts_at,ends_at) "
	  "SELECT ?2,venue_id,district_id,strftime('%Y-%m-%d %H:%M',starts_at,?3),"
	  "strftime('%Y-%m-%d %H:%M',ends_at,?3) FROM sessions WHERE course_id=?1 AND cancelled=0 "
	  "ORDER BY starts_at"),
	/* ?1 = course: enrolled, waitlisted, sessions, sessions with attendance */
	S(ST_BO_COURSE_REG_COUNTS,
	  "SELECT (SELECT count(*) FROM registrations WHERE course_id=?1 AND status='enrolled'),"
	  "(SELECT count(*) FROM registrations WHERE course_id=?1 AND status='waitlisted'),"
	  "(SELECT count(*) FROM sessions WHERE course_id=?1),"
	  "(SELECT count(*) FROM sessions WHERE course_id=?1 AND attendance IS NOT NULL)"),
	/* ?1 = course: id, starts_at, ends_at, cancelled, attendance (NULL:
	 * not yet), venue name, district name, ticked learners */
	S(ST_BO_SESSIONS_OF_COURSE,
	  "SELECT s.id,s.starts_at,s.ends_at,s.cancelled,s.attendance,v.name,"
	  "coalesce(sd.name_zh,vd.name_zh),"
	  "(SELECT count(*) FROM session_attendance a WHERE a.session_id=s.id) "
	  "FROM sessions s LEFT JOIN venues v ON v.id=s.venue_id "
	  "LEFT JOIN districts sd ON sd.id=s.district_id LEFT JOIN districts vd ON vd.id=v.district_id "
	  "WHERE s.course_id=?1 ORDER BY s.starts_at,s.id"),
	/* ?1 = session: id, course id, institution id, course title,
	 * starts_at, ends_at, venue id (0 none), district id (0 none),
	 * cancelled, attendance (NULL: not yet), institution district id */
	S(ST_BO_SESSION_GET,
	  "SELECT s.id,s.course_id,c.institution_id,c.title,s.starts_at,s.ends_at,"
	  "coalesce(s.venue_id,0),coalesce(s.district_id,0),s.cancelled,s.attendance,"
	  "coalesce(i.district_id,0) "
	  "FROM sessions s JOIN courses c ON c.id=s.course_id "
	  "JOIN institutions i ON i.id=c.institution_id WHERE s.id=?1"),
	/* ?1 course, ?2 venue (0 none), ?3 district (0 none), ?4 start, ?5 end */
	S(ST_BO_SESSION_INSERT,
	  "INSERT INTO sessions(course_id,venue_id,district_id,starts_at,ends_at) "
	  "VALUES(?1,nullif(?2,0),nullif(?3,0),?4,?5)"),
	/* ?1 course, ?2 start, ?3 session to leave out (0: none) */
	S(ST_BO_SESSION_AT,
	  "SELECT id FROM sessions WHERE course_id=?1 AND starts_at=?2 AND id<>?3"),
	/* ?1 id, ?2 start, ?3 end, ?4 venue (0 none), ?5 district (0 none), ?6 cancelled */
	S(ST_BO_SESSION_UPDATE,
	  "UPDATE sessions SET starts_at=?2,ends_at=?3,venue_id=nullif(?4,0),"
	  "district_id=nullif(?5,0),cancelled=?6 WHERE id=?1"),
	S(ST_BO_SESSION_DELETE, "DELETE FROM sessions WHERE id=?1"),
	/* ?1 institution: its venues: id, name, district id (0 none), district name */
	S(ST_BO_VENUES_OF,
	  "SELECT v.id,v.name,coalesce(v.district_id,0),d.name_zh FROM venues v "
	  "LEFT JOIN districts d ON d.id=v.district_id WHERE v.institution_id=?1 ORDER BY v.name"),
	/* ?1 venue: institution id (0: a public place), district id (0 none) */
	S(ST_BO_VENUE_GET,
	  "SELECT coalesce(institution_id,0),coalesce(district_id,0) FROM venues WHERE id=?1"),
	/* ?1 course, ?2 session: enrolled registrations: id, learner name,
	 * phone, e-mail, ticked for the session, channel */
	S(ST_BO_ENROLLED_OF_COURSE,
	  "SELECT g.id,l.name,l.phone,l.email,"
	  "EXISTS(SELECT 1 FROM session_attendance a WHERE a.session_id=?2 AND a.registration_id=g.id),"
	  "g.channel FROM registrations g JOIN learners l ON l.id=g.learner_id "
	  "WHERE g.course_id=?1 AND g.status='enrolled' ORDER BY g.created_at,g.id"),
	/* ?1 session: ticked registration ids */
	S(ST_BO_ATTENDANCE_OF,
	  "SELECT registration_id FROM session_attendance WHERE session_id=?1 ORDER BY registration_id"),
	S(ST_BO_ATTENDANCE_CLEAR, "DELETE FROM session_attendance WHERE session_id=?1"),
	/* ?1 session, ?2 registration, ?3 course: ticks only an enrolled
	 * registration of that course */
	S(ST_BO_ATTENDANCE_ADD,
	  "INSERT OR IGNORE INTO session_attendance(session_id,registration_id) "
	  "SELECT ?1,id FROM registrations WHERE id=?2 AND course_id=?3 AND status='enrolled'"),
	/* ?1 session, ?2 head count ('I': NULL = not known) */
	S(ST_BO_SESSION_SET_ATTENDANCE, "UPDATE sessions SET attendance=?2 WHERE id=?1"),
	/* ?1 institution (0: all), ?2 now UTC: those written here: id, title,
	 * institution name, published_at, visible_from, visible_until (local
	 * dates or NULL), attachments, visible now */
	S(ST_BO_ANNOUNCEMENTS_LIST,
	  "SELECT a.id,a.title,i.name_zh,a.published_at,date(a.visible_from,'localtime'),"
	  "date(a.visible_until,'localtime'),"
	  "(SELECT count(*) FROM attachments t WHERE t.announcement_id=a.id),"
	  "(a.visible_from IS NULL OR a.visible_from<=?2) AND (a.visible_until IS NULL OR a.visible_until>=?2) "
	  "FROM announcements a JOIN institutions i ON i.id=a.institution_id "
	  "WHERE a.feed_id IS NULL AND (?1=0 OR a.institution_id=?1) "
	  "ORDER BY a.published_at DESC,a.id DESC LIMIT 500"),
	/* ?1 id: id, institution id, title, body text, visible_from,
	 * visible_until (local dates or NULL), published_at, feed id (0:
	 * written here), institution name */
	S(ST_BO_ANNOUNCEMENT_GET,
	  "SELECT a.id,a.institution_id,a.title,coalesce(a.body_text,''),"
	  "date(a.visible_from,'localtime'),date(a.visible_until,'localtime'),a.published_at,"
	  "coalesce(a.feed_id,0),i.name_zh FROM announcements a "
	  "JOIN institutions i ON i.id=a.institution_id WHERE a.id=?1"),
	/* ?1 institution, ?2 title, ?3 body, ?4/?5 first/last local day
	 * shown ("YYYY-MM-DD" or NULL): stored as UTC instants (the server's
	 * TZ is the city's); returns the id. Its public page is its link. */
	S(ST_BO_ANNOUNCEMENT_INSERT,
	  "INSERT INTO announcements(id,link,institution_id,title,body_text,published_at,visible_from,"
	  "visible_until,updated_at) VALUES((SELECT coalesce(max(id),0)+1 FROM announcements),"
	  "'/announcements/'||(SELECT coalesce(max(id),0)+1 FROM announcements),?1,?2,?3,"
	  "coalesce(max(strftime('%Y-%m-%dT%H:%M:%SZ',?4||' 00:00:00','utc'),"
	  "  strftime('%Y-%m-%dT%H:%M:%SZ','now')),strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	  "strftime('%Y-%m-%dT%H:%M:%SZ',?4||' 00:00:00','utc'),"
	  "strftime('%Y-%m-%dT%H:%M:%SZ',?5||' 23:59:59','utc'),"
	  "strftime('%Y-%m-%dT%H:%M:%SZ','now')) RETURNING id"),
	/* ?1 id, ?2 title, ?3 body, ?4/?5 as ST_BO_ANNOUNCEMENT_INSERT */
	S(ST_BO_ANNOUNCEMENT_UPDATE,
	  "UPDATE announcements SET title=?2,body_text=?3,link='/announcements/'||id,"
	  "visible_from=strftime('%Y-%m-%dT%H:%M:%SZ',?4||' 00:00:00','utc'),"
	  "visible_until=strftime('%Y-%m-%dT%H:%M:%SZ',?5||' 23:59:59','utc'),"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1 AND feed_id IS NULL"),
	S(ST_BO_ANNOUNCEMENT_DELETE, "DELETE FROM announcements WHERE id=?1"),
	/* ?1 announcement: id, file name, content type, size, storage name */
	S(ST_BO_ATTACHMENTS_OF,
	  "SELECT id,file_name,content_type,size,storage_name FROM attachments "
	  "WHERE announcement_id=?1 ORDER BY id"),
	S(ST_BO_ATTACHMENT_INSERT,
	  "INSERT INTO attachments(announcement_id,file_name,content_type,size,storage_name) "
	  "VALUES(?1,?2,?3,?4,?5) RETURNING id"),
	/* ?1 id, ?2 now UTC: id, announcement id, institution id, file name,
	 * content type, size, storage name, announcement visible now */
	S(ST_BO_ATTACHMENT_GET,
	  "SELECT t.id,t.announcement_id,a.institution_id,t.file_name,t.content_type,t.size,"
	  "t.storage_name,(a.visible_from IS NULL OR a.visible_from<=?2) "
	  "AND (a.visible_until IS NULL OR a.visible_until>=?2) "
	  "FROM attachments t JOIN announcements a ON a.id=t.announcement_id WHERE t.id=?1"),
	S(ST_BO_ATTACHMENT_DELETE, "DELETE FROM attachments WHERE id=?1"),
	/* ?1 id, ?2 now UTC: a visible announcement: id, title, body text
	 * (NULL for feed items), local date published, institution id,
	 * institution name, link */
	S(ST_ANNOUNCEMENT_PUBLIC,
	  "SELECT a.id,a.title,a.body_text,date(a.published_at,'localtime'),i.id,i.name_zh,a.link,"
	  "a.body_html,a.synced_at,(SELECT url FROM feeds f WHERE f.id=a.feed_id) "
	  "FROM announcements a JOIN institutions i ON i.id=a.institution_id WHERE a.id=?1 "
	  "AND (a.visible_from IS NULL OR a.visible_from<=?2) "
	  "AND (a.visible_until IS NULL OR a.visible_until>=?2)"),
	/* ?1 user, ?2 kind, ?3 file name, ?4 data: returns the id */
	S(ST_BO_PENDING_INSERT,
	  "INSERT INTO pending_imports(user_id,kind,file_name,data) VALUES(?1,?2,?3,?4) RETURNING id"),
	/* ?1 id, ?2 user: kind, file name, data (less than a day old) */
	S(ST_BO_PENDING_GET,
	  "SELECT kind,file_name,data FROM pending_imports WHERE id=?1 AND user_id=?2 "
	  "AND created_at>strftime('%Y-%m-%dT%H:%M:%SZ','now','-1 day')"),
	S(ST_BO_PENDING_DELETE, "DELETE FROM pending_imports WHERE id=?1 AND user_id=?2"),
	S(ST_BO_PENDING_PURGE,
	  "DELETE FROM pending_imports WHERE created_at<=strftime('%Y-%m-%dT%H:%M:%SZ','now','-1 day')"),
	/* ?1 institution name: what only administrators may change: type
	 * code, district name ("" none) */
	S(ST_IMPORT_INSTITUTION_FIXED,
	  "SELECT t.code,coalesce(d.name_zh,'') FROM institutions i "
	  "JOIN institution_types t ON t.id=i.type_id LEFT JOIN districts d ON d.id=i.district_id "
	  "WHERE i.name_zh=?1"),
	/* Feed sync (src/sync/sync.c). Every feed: id, institution, url,
	 * ETag and Last-Modified of the last good fetch */
	S(ST_SYNC_FEEDS,
	  "SELECT id,institution_id,url,etag,last_modified FROM feeds ORDER BY id"),
	S(ST_SYNC_FEED_ATTEMPT,
	  "UPDATE feeds SET last_attempt_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1"),
	/* ?1 feed, ?2 ETag, ?3 Last-Modified, ?4 1: store them (a 200), 0:
	 * keep the old ones (a 304) */
	S(ST_SYNC_FEED_OK,
	  "UPDATE feeds SET last_success_at=strftime('%Y-%m-%dT%H:%M:%SZ','now'),last_error=NULL,"
	  "etag=CASE WHEN ?4 THEN ?2 ELSE etag END,"
	  "last_modified=CASE WHEN ?4 THEN ?3 ELSE last_modified END WHERE id=?1"),
	S(ST_SYNC_FEED_FAIL, "UPDATE feeds SET last_error=?2 WHERE id=?1"),
	S(ST_SYNC_ANN_MISSING,
	  "UPDATE announcements SET missing_count=missing_count+1 WHERE feed_id=?1"),
	/* ?1 institution, ?2 feed, ?3 key, ?4 title, ?5 safe HTML, ?6 link,
	 * ?7 published (UTC, '' = unknown: now, or as before) */
	S(ST_SYNC_ANN_UPSERT,
	  "INSERT INTO announcements(institution_id,feed_id,guid,title,body_html,link,published_at,"
	  "synced_at,missing_count) VALUES(?1,?2,?3,?4,?5,?6,"
	  "coalesce(nullif(?7,''),strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	  "strftime('%Y-%m-%dT%H:%M:%SZ','now'),0) "
	  "ON CONFLICT(feed_id,guid) DO UPDATE SET title=excluded.title,body_html=excluded.body_html,"
	  "link=excluded.link,published_at=CASE WHEN ?7<>'' THEN excluded.published_at "
	  "ELSE announcements.published_at END,synced_at=excluded.synced_at,missing_count=0"),
	S(ST_SYNC_ANN_TOUCH,
	  "UPDATE announcements SET synced_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE feed_id=?1"),
	S(ST_SYNC_ANN_PURGE, "DELETE FROM announcements WHERE feed_id=?1 AND missing_count>=2"),
	S(ST_SYNC_ANN_COUNT, "SELECT count(*) FROM announcements WHERE feed_id=?1"),
	/* ?1 institution, ?2 title, ?3 description, ?4 category, ?5 url, ?6
	 * feed: the external course's id (none when a course of that title
	 * was not made by this feed) */
	S(ST_SYNC_EXT_COURSE,
	  "INSERT INTO courses(institution_id,title,description,category,url,source_feed_id) "
	  "VALUES(?1,?2,?3,?4,?5,?6) ON CONFLICT(institution_id,title) DO UPDATE SET "
	  "description=excluded.description,url=excluded.url,category=excluded.category,"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "WHERE courses.source_feed_id=excluded.source_feed_id RETURNING id"),
	/* ?1 course, ?2 starts, ?3 ends (local), ?4 UID */
	S(ST_SYNC_EXT_SESSION,
	  "INSERT INTO sessions(course_id,starts_at,ends_at,source_uid,source_missing) "
	  "VALUES(?1,?2,?3,?4,0) ON CONFLICT(course_id,starts_at) DO UPDATE SET "
	  "ends_at=excluded.ends_at,source_uid=excluded.source_uid,source_missing=0"),
	S(ST_SYNC_EXT_MISSING,
	  "UPDATE sessions SET source_missing=source_missing+1 "
	  "WHERE course_id IN (SELECT id FROM courses WHERE source_feed_id=?1)"),
	S(ST_SYNC_EXT_PURGE,
	  "DELETE FROM sessions WHERE source_missing>=2 "
	  "AND course_id IN (SELECT id FROM courses WHERE source_feed_id=?1)"),
	S(ST_SYNC_EXT_PURGE_COURSES,
	  "DELETE FROM courses WHERE source_feed_id=?1 "
	  "AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.course_id=courses.id) "
	  "AND NOT EXISTS (SELECT 1 FROM registrations g WHERE g.course_id=courses.id)"),
	/* ?1 institution: its feeds: url, last attempt, last success, last
	 * error, items held now */
	S(ST_FEED_STATUS_OF,
	  "SELECT f.url,f.last_attempt_at,f.last_success_at,f.last_error,"
	  "(SELECT count(*) FROM announcements a WHERE a.feed_id=f.id) "
	  "FROM feeds f WHERE f.institution_id=?1 ORDER BY f.id"),
	/* ?1 institution (0: all), ?2 now (UTC), ?3 limit, ?4 offset: visible
	 * announcements, newest first: id, title, link, published_at (UTC),
	 * synced_at (NULL: written here), institution id, name, feed url,
	 * body_html, body_text, updated_at */
	S(ST_NEWS_LIST,
	  "SELECT a.id,a.title,a.link,a.published_at,a.synced_at,i.id,i.name_zh,f.url,"
	  "a.body_html,a.body_text,coalesce(a.updated_at,a.synced_at,a.published_at) "
	  "FROM announcements a JOIN institutions i ON i.id=a.institution_id "
	  "LEFT JOIN feeds f ON f.id=a.feed_id WHERE (?1=0 OR a.institution_id=?1) "
	  "AND (a.visible_from IS NULL OR a.visible_from<=?2) "
	  "AND (a.visible_until IS NULL OR a.visible_until>=?2) "
	  "ORDER BY a.published_at DESC,a.id DESC LIMIT ?3 OFFSET ?4"),
	S(ST_NEWS_COUNT,
	  "SELECT count(*) FROM announcements a WHERE (?1=0 OR a.institution_id=?1) "
	  "AND (a.visible_from IS NULL OR a.visible_from<=?2) "
	  "AND (a.visible_until IS NULL OR a.visible_until>=?2)"),

	/* consultation service: inquiries, answers, FAQ */
	/* a case, as the pages read it (enum inq_col in pages/inquiry.h);
	 * times as local wall clock "YYYY-MM-DD HH:MM" */
#define INQ_LOCAL(t) "strftime('%Y-%m-%d %H:%M'," t ",'localtime')"
#define INQ_SELECT \
	"SELECT q.id,q.case_no,q.topic,q.institution_id,i.name_zh,q.question,q.contact_email," \
	"q.contact_phone,q.status," INQ_LOCAL("q.created_at") "," INQ_LOCAL("q.first_answered_at") \
	"," INQ_LOCAL("q.closed_at") "," \
	"q.assigned_user_id,u.email,q.lang,q.redacted_at," \
	"CAST(julianday('now')-julianday(q.created_at) AS INTEGER) " \
	"FROM inquiries q LEFT JOIN institutions i ON i.id=q.institution_id " \
	"LEFT JOIN users u ON u.id=q.assigned_user_id "
	S(ST_INQ_GET, INQ_SELECT "WHERE q.id=?1"),
	S(ST_INQ_BY_TOKEN,
	  INQ_SELECT "WHERE q.token_hash=?1 OR q.id=(SELECT inquiry_id FROM inquiry_links "
	  "WHERE token_hash=?1)"),
	/* ?1 token hash, ?2 case */
	S(ST_INQ_LINK_INSERT, "INSERT INTO inquiry_links(token_hash,inquiry_id) VALUES(?1,?2)"),
	/* the next number of the day's cases: ?1 the prefix (ROC date) */
	S(ST_INQ_NEXT_SEQ,
	  "SELECT coalesce(max(CAST(substr(case_no,length(?1)+2) AS INTEGER)),0)+1 "
	  "FROM inquiries WHERE substr(case_no,1,length(?1)+1)=?1||'-'"),
	/* case_no, topic, institution (0: the Education Department), question,
	 * e-mail, phone, token hash, language */
	S(ST_INQ_INSERT,
	  "INSERT INTO inquiries(case_no,topic,institution_id,question,contact_email,"
	  "contact_phone,consent_at,token_hash,lang) "
	  "VALUES(?1,?2,nullif(?3,0),?4,?5,?6,strftime('%Y-%m-%dT%H:%M:%SZ','now'),?7,?8)"),
	/* the inbox: ?1 status ('' = any), ?2 scope (0 all, -1 the Education
	 * Department's, else an institution), ?3 assigned user (0 = anyone),
	 * ?4 limit, ?5 offset; open cases oldest first, closed newest first */
#define INQ_SCOPE \
	"(?2=0 OR (?2=-1 AND q.institution_id IS NULL) OR q.institution_id=?2) " \
	"AND (?3=0 OR q.assigned_user_id=?3) "
	S(ST_INQ_LIST,
	  "SELECT q.id,q.case_no,q.topic,q.institution_id,i.name_zh,q.question,q.status,"
	  INQ_LOCAL("q.created_at") ",u.email,CAST(julianday('now')-julianday(q.created_at) AS INTEGER),"
	  "q.redacted_at FROM inquiries q LEFT JOIN institutions i ON i.id=q.institution_id "
	  "LEFT JOIN users u ON u.id=q.assigned_user_id "
	  "WHERE (?1='' OR q.status=?1) AND " INQ_SCOPE
	  "ORDER BY q.status='closed',CASE WHEN q.status='closed' THEN q.closed_at END DESC,"
	  "q.created_at,q.id LIMIT ?4 OFFSET ?5"),
	/* open, answered, closed, all (the same ?2, ?3; bind ?1 as '') */
	S(ST_INQ_COUNTS,
	  "SELECT coalesce(sum(q.status='open'),0),coalesce(sum(q.status='answered'),0),"
	  "coalesce(sum(q.status='closed'),0),count(*) FROM inquiries q WHERE " INQ_SCOPE),
	/* ?1 case, ?2 = 1: answers only (the citizen's page); id, kind, body,
	 * time, author's e-mail, author's institution */
	S(ST_INQ_NOTES,
	  "SELECT n.id,n.kind,n.body," INQ_LOCAL("n.created_at") ",u.email,ui.name_zh "
	  "FROM inquiry_notes n "
	  "LEFT JOIN users u ON u.id=n.user_id LEFT JOIN institutions ui ON ui.id=u.institution_id "
	  "WHERE n.inquiry_id=?1 AND (?2=0 OR n.kind='answer') ORDER BY n.created_at,n.id"),
	/* nothing is added to a case the citizen deleted (check db_changes) */
	S(ST_INQ_NOTE_INSERT,
	  "INSERT INTO inquiry_notes(inquiry_id,user_id,kind,body) SELECT ?1,nullif(?2,0),?3,?4 "
	  "WHERE EXISTS(SELECT 1 FROM inquiries WHERE id=?1 AND redacted_at IS NULL)"),
	/* ?1 note, ?2 course (only a published one is added) */
	S(ST_INQ_NOTE_COURSE_ADD,
	  "INSERT OR IGNORE INTO inquiry_courses(note_id,course_id) "
	  "SELECT ?1,id FROM courses WHERE id=?2 AND status='published'"),
	/* the courses suggested in case ?1's answers: note, course, title, institution */
	S(ST_INQ_NOTE_COURSES,
	  "SELECT ic.note_id,c.id,c.title,i.name_zh FROM inquiry_courses ic "
	  "JOIN inquiry_notes n ON n.id=ic.note_id JOIN courses c ON c.id=ic.course_id "
	  "JOIN institutions i ON i.id=c.institution_id WHERE n.inquiry_id=?1 "
	  "ORDER BY ic.note_id,c.title"),
	/* an answer: first_answered_at is set once */
	S(ST_INQ_ANSWERED,
	  "UPDATE inquiries SET status='answered',closed_at=NULL,"
	  "first_answered_at=coalesce(first_answered_at,strftime('%Y-%m-%dT%H:%M:%SZ','now')) "
	  "WHERE id=?1 AND redacted_at IS NULL"),
	/* ?2 'open' or 'closed'; these changes leave a deleted case alone
	 * (check db_changes) */
	S(ST_INQ_SET_STATUS,
	  "UPDATE inquiries SET status=?2,closed_at=CASE WHEN ?2='closed' "
	  "THEN strftime('%Y-%m-%dT%H:%M:%SZ','now') END WHERE id=?1 AND redacted_at IS NULL"),
	S(ST_INQ_ASSIGN,
	  "UPDATE inquiries SET assigned_user_id=nullif(?2,0) WHERE id=?1 AND redacted_at IS NULL"),
	S(ST_INQ_ROUTE,
	  "UPDATE inquiries SET institution_id=nullif(?2,0),assigned_user_id=NULL "
	  "WHERE id=?1 AND redacted_at IS NULL"),
	/* answered cases without a new answer for ?1 days ('-30 days') are
	 * closed (the retention period then runs from now) */
	S(ST_INQ_IDLE_CLOSE,
	  "UPDATE inquiries SET status='closed',closed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "WHERE status='answered' AND redacted_at IS NULL AND coalesce((SELECT max(n.created_at) "
	  "FROM inquiry_notes n WHERE n.inquiry_id=inquiries.id AND n.kind='answer'),"
	  "first_answered_at,created_at)<strftime('%Y-%m-%dT%H:%M:%SZ','now',?1)"),
	/* who may be given a case of institution ?1 (0: the Education
	 * Department's officers): id, e-mail */
	S(ST_INQ_ASSIGNABLE,
	  "SELECT id,email FROM users WHERE disabled=0 AND ((?1=0 AND role='admin') OR "
	  "(?1<>0 AND role='institution' AND institution_id=?1)) ORDER BY email"),
	/* removing a case's personal data: case ?1, or (?1 = 0) every case
	 * closed before the retention period ?2 ('-365 days') */
#define INQ_REDACTED \
	"(id=?1 OR (?1=0 AND status='closed' AND redacted_at IS NULL " \
	"AND closed_at<strftime('%Y-%m-%dT%H:%M:%SZ','now',?2)))"
	S(ST_INQ_REDACT_NOTES,
	  "DELETE FROM inquiry_notes WHERE inquiry_id IN (SELECT id FROM inquiries WHERE "
	  INQ_REDACTED ")"),
	S(ST_INQ_REDACT_LINKS,
	  "DELETE FROM inquiry_links WHERE inquiry_id IN (SELECT id FROM inquiries WHERE "
	  INQ_REDACTED ")"),
	S(ST_INQ_REDACT_OUTBOX,
	  "DELETE FROM outbox WHERE inquiry_id IN (SELECT id FROM inquiries WHERE " INQ_REDACTED ")"),
	S(ST_INQ_REDACT,
	  "UPDATE inquiries SET question='',contact_email=NULL,contact_phone=NULL,status='closed',"
	  "token_hash=randomblob(32),assigned_user_id=NULL,"
	  "closed_at=coalesce(closed_at,strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
	  "redacted_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE " INQ_REDACTED),
	/* case, to, subject, body */
	S(ST_INQ_OUTBOX_INSERT,
	  "INSERT INTO outbox(inquiry_id,to_addr,subject,body) VALUES(?1,?2,?3,?4)"),
	/* the statistics: every case of year ?1 ('' = all), grouped by the
	 * institution it is routed to (the Education Department first); the
	 * year is the city's (TZ), not UTC:
	 * institution id (NULL), name, status, days to the first answer (NULL) */
	S(ST_INQ_STATS_ROWS,
	  "SELECT q.institution_id,i.name_zh,q.status,"
	  "julianday(q.first_answered_at)-julianday(q.created_at) "
	  "FROM inquiries q LEFT JOIN institutions i ON i.id=q.institution_id "
	  "WHERE ?1='' OR strftime('%Y',q.created_at,'localtime')=?1 "
	  "ORDER BY q.institution_id IS NOT NULL,i.name_zh,q.institution_id"),
	/* published courses matching the FTS expression ?1: id, title, institution */
	S(ST_INQ_COURSE_FIND,
	  "SELECT c.id,c.title,i.name_zh FROM course_fts JOIN courses c ON c.id=course_fts.rowid "
	  "JOIN institutions i ON i.id=c.institution_id "
	  "WHERE course_fts MATCH ?1 AND c.status='published' ORDER BY rank LIMIT 20"),
	S(ST_INQ_COURSE_GET,
	  "SELECT c.id,c.title,i.name_zh FROM courses c JOIN institutions i ON i.id=c.institution_id "
	  "WHERE c.id=?1 AND c.status='published'"),
	S(ST_INQ_INSTITUTION_NAME, "SELECT name_zh FROM institutions WHERE id=?1"),
	/* the institutions a citizen may ask: id, name */
	S(ST_INQ_INSTITUTIONS, "SELECT id,name_zh FROM institutions ORDER BY is_demo,name_zh"),
	/* the FAQ: id, question, answer, topic (then sort, published, updated_at) */
	S(ST_FAQ_PUBLISHED,
	  "SELECT id,question,answer,topic FROM faqs WHERE published=1 ORDER BY topic,sort,id"),
	/* ?1 an FTS expression (search/tokenize.h), ?2 limit; best first */
	S(ST_FAQ_SEARCH,
	  "SELECT f.id,f.question,f.answer,f.topic FROM faq_fts JOIN faqs f ON f.id=faq_fts.rowid "
	  "WHERE faq_fts MATCH ?1 AND f.published=1 ORDER BY rank LIMIT ?2"),
	S(ST_FAQ_ALL,
	  "SELECT id,question,answer,topic,sort,published,updated_at FROM faqs "
	  "ORDER BY topic,sort,id"),
	S(ST_FAQ_GET,
	  "SELECT id,question,answer,topic,sort,published,updated_at FROM faqs WHERE id=?1"),
	/* question, answer, topic, sort, published, is_demo */
	S(ST_FAQ_INSERT,
	  "INSERT INTO faqs(question,answer,topic,sort,published,is_demo,updated_at) "
	  "VALUES(?1,?2,?3,?4,?5,?6,strftime('%Y-%m-%dT%H:%M:%SZ','now'))"),
	S(ST_FAQ_UPDATE,
	  "UPDATE faqs SET question=?2,answer=?3,topic=?4,sort=?5,published=?6,"
	  "updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id=?1"),
	S(ST_FAQ_DELETE, "DELETE FROM faqs WHERE id=?1"),
	S(ST_FAQ_DELETE_DEMO, "DELETE FROM faqs WHERE is_demo=1"),

	/* password policy: ?1 user id */
	S(ST_PASSWORD_HISTORY_ADD,
	  "INSERT INTO password_history(user_id,hash) SELECT id,password_hash FROM users "
	  "WHERE id=?1 AND password_hash IS NOT NULL"),
	/* the current hash, then the earlier ones, newest first; ?2 = how many */
	S(ST_PASSWORD_RECENT,
	  "SELECT password_hash FROM users WHERE id=?1 AND password_hash IS NOT NULL "
	  "UNION ALL SELECT hash FROM (SELECT hash FROM password_history WHERE user_id=?1 "
	  "ORDER BY changed_at DESC, rowid DESC LIMIT ?2)"),
	S(ST_PASSWORD_AGE_DAYS,
	  "SELECT CAST(julianday('now') - julianday(coalesce(password_changed_at, created_at)) "
	  "AS INTEGER) FROM users WHERE id=?1"),

	/* "tell me when" alerts: saved searches */
	/* ?1 email, ?2 canonical query, ?3 hash of its first link, ?4 lang */
	S(ST_ALERT_INSERT,
	  "INSERT INTO saved_searches(email,query,token_hash,lang,mailed_at) "
	  "VALUES(?1,?2,?3,?4,strftime('%Y-%m-%dT%H:%M:%SZ','now'))"),
	/* the alert of an address and query: id, confirmed (0/1), mailed in
	 * the last ?3 hours (0/1) */
	S(ST_ALERT_FIND,
	  "SELECT id,confirmed_at IS NOT NULL,"
	  "coalesce(mailed_at>=strftime('%Y-%m-%dT%H:%M:%SZ','now','-'||?3||' hours'),0) "
	  "FROM saved_searches WHERE email=?1 AND query=?2"),
	S(ST_ALERT_COUNT_EMAIL, "SELECT count(*) FROM saved_searches WHERE email=?1"),
	/* saved again: its mail is queued now; before it was confirmed, the
	 * language of the new request (the week to confirm is not extended) */
	S(ST_ALERT_RESEND,
	  "UPDATE saved_searches SET mailed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now'),"
	  "lang=CASE WHEN confirmed_at IS NULL THEN ?2 ELSE lang END WHERE id=?1"),
	/* ?1 token hash, ?2 saved search */
	S(ST_ALERT_LINK_ADD,
	  "INSERT INTO saved_search_links(token_hash,saved_search_id) VALUES(?1,?2)"),
	/* the alert of a link (?1 token hash), unless unconfirmed for more
	 * than ?2 days: id, email, query, confirmed_at, lang */
	S(ST_ALERT_BY_TOKEN,
	  "SELECT s.id,s.email,s.query,s.confirmed_at,s.lang FROM saved_search_links l "
	  "JOIN saved_searches s ON s.id=l.saved_search_id WHERE l.token_hash=?1 "
	  "AND (s.confirmed_at IS NOT NULL "
	  "OR s.created_at>=strftime('%Y-%m-%dT%H:%M:%SZ','now','-'||?2||' days'))"),
	/* in milliseconds, like courses.published_at */
	S(ST_ALERT_CONFIRM,
	  "UPDATE saved_searches SET confirmed_at=strftime('%Y-%m-%dT%H:%M:%fZ','now') "
	  "WHERE id=?1 AND confirmed_at IS NULL"),
	/* its links, hits and queued mails go with it (ON DELETE CASCADE) */
	S(ST_ALERT_DELETE, "DELETE FROM saved_searches WHERE id=?1"),
	/* alerts left unconfirmed for more than ?1 days */
	S(ST_ALERT_PURGE,
	  "DELETE FROM saved_searches WHERE confirmed_at IS NULL "
	  "AND created_at<strftime('%Y-%m-%dT%H:%M:%SZ','now','-'||?1||' days')"),
	/* every confirmed alert: id, email, query, lang, confirmed_at */
	S(ST_ALERT_CONFIRMED,
	  "SELECT id,email,query,lang,confirmed_at FROM saved_searches "
	  "WHERE confirmed_at IS NOT NULL ORDER BY id"),
	S(ST_ALERT_LIVE, "SELECT 1 FROM saved_searches WHERE id=?1 AND confirmed_at IS NOT NULL"),
	/* courses published since ?2 (the alert's confirmation; the same
	 * millisecond counts) that alert ?1 has not announced yet: id */
	S(ST_ALERT_NEW_COURSES,
	  "SELECT c.id FROM courses c WHERE c.status='published' AND c.published_at>=?2 "
	  "AND NOT EXISTS(SELECT 1 FROM saved_search_hits h "
	  "WHERE h.saved_search_id=?1 AND h.course_id=c.id) ORDER BY c.id"),
	/* changes nothing when already announced */
	S(ST_ALERT_HIT_ADD,
	  "INSERT OR IGNORE INTO saved_search_hits(saved_search_id,course_id) VALUES(?1,?2)"),
	S(ST_ALERT_NOTIFIED,
	  "UPDATE saved_searches SET last_notified_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
	  "WHERE id=?1"),
	/* ?1 saved search, ?2 to, ?3 subject, ?4 body, ?5 List-Unsubscribe URL */
	S(ST_ALERT_OUTBOX_INSERT,
	  "INSERT INTO outbox(saved_search_id,to_addr,subject,body,list_unsubscribe) "
	  "VALUES(?1,?2,?3,?4,?5)"),
};

const char *stmt_sql(enum stmt_id id)
{
	return (id >= 0 && id < ST__COUNT) ? catalogue[id].sql : NULL;
}

const char *stmt_name(enum stmt_id id)
{
	return (id >= 0 && id < ST__COUNT) ? catalogue[id].name : "?";
}
