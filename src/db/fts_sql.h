/* fts_sql — the SQL that fills the course search index (course_fts) from
 * the course tables, shared by the schema's triggers (schema.c) and the
 * bulk rebuild in the statement catalogue (statements.c), so both index
 * exactly the same text. Columns: title, description, institution (names),
 * tags (category and audience names, zh and en), places (venue and
 * district names). Migration 2 is built from these macros: a change here
 * needs a new migration that recreates the triggers and rebuilds the index
 * (and must keep migration 2's text as shipped). */
#ifndef LIFELONG_DB_FTS_SQL_H
#define LIFELONG_DB_FTS_SQL_H

#define FTS_COLS "rowid,title,description,institution,tags,places"
#define FTS_SELECT \
	"SELECT c.id, c.title, c.description, i.name_zh||' '||coalesce(i.name_en,''),\n" \
	"  coalesce((SELECT k.name_zh||' '||k.name_en FROM categories k WHERE k.code=c.category),'')\n" \
	"  ||' '||coalesce((SELECT group_concat(a.name_zh||' '||a.name_en,' ') FROM course_audiences ca\n" \
	"     JOIN audiences a ON a.code=ca.audience WHERE ca.course_id=c.id),''),\n" \
	"  coalesce((SELECT group_concat(x,' ') FROM (\n" \
	"     SELECT v.name AS x FROM venues v WHERE v.id IN (SELECT venue_id FROM sessions WHERE course_id=c.id)\n" \
	"     UNION SELECT d.name_zh FROM districts d WHERE d.id=i.district_id\n" \
	"       OR d.id IN (SELECT district_id FROM sessions WHERE course_id=c.id))),'')\n" \
	"FROM courses c JOIN institutions i ON i.id=c.institution_id "
/* Re-indexes the courses that the SQL condition (on c, i) selects. */
#define FTS_REINDEX(cond) \
	"DELETE FROM course_fts WHERE rowid IN (SELECT c.id FROM courses c JOIN institutions i\n" \
	"  ON i.id=c.institution_id WHERE " cond ");\n" \
	"INSERT INTO course_fts(" FTS_COLS ") " FTS_SELECT "WHERE " cond ";\n"

#endif
