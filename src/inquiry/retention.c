/* retention — closing idle cases and purging expired ones (retention.h). */
#include "inquiry/retention.h"

#include <stdio.h>

#include "db/db.h"
#include "db/statements.h"

int inquiry_purge(struct db *db, long long id)
{
	static const enum stmt_id steps[] = {ST_INQ_REDACT_NOTES, ST_INQ_REDACT_LINKS,
					     ST_INQ_REDACT_OUTBOX, ST_INQ_REDACT};
	char period[32];
	snprintf(period, sizeof period, "-%d days", INQUIRY_RETENTION_DAYS);
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
		if (db_exec(db, steps[i], "it", id, period) < 0)
			return -1;
	return 0;
}

int inquiry_retention_run(struct db *db)
{
	char idle[32];
	int closed;
	snprintf(idle, sizeof idle, "-%d days", INQUIRY_IDLE_CLOSE_DAYS);
	if (db_begin(db) < 0)
		return -1;
	if (db_exec(db, ST_INQ_IDLE_CLOSE, "t", idle) < 0)
		goto fail;
	closed = db_changes(db);
	if (inquiry_purge(db, 0) < 0 || db_commit(db) < 0)
		goto fail;
	return closed;
fail:
	db_rollback(db);
	return -1;
}
