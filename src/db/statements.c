#include "db/statements.h"

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
	  "+(SELECT count(*) FROM venues WHERE is_demo=1)"),
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

	S(ST_PAGE_VIEWS_ADD,
	  "INSERT INTO page_views(day,page_kind,views) VALUES(?1,?2,?3) "
	  "ON CONFLICT(day,page_kind) DO UPDATE SET views=views+excluded.views"),
	S(ST_PAGE_VIEWS_TOTAL, "SELECT coalesce(sum(views),0) FROM page_views"),
};

const char *stmt_sql(enum stmt_id id)
{
	return (id >= 0 && id < ST__COUNT) ? catalogue[id].sql : NULL;
}

const char *stmt_name(enum stmt_id id)
{
	return (id >= 0 && id < ST__COUNT) ? catalogue[id].name : "?";
}
