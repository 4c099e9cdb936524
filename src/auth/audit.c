#include "auth/audit.h"

#include <stdlib.h>

#include "db/db.h"

int audit_record(struct request *r, const char *action, const char *entity, long long id,
		 json_t *old_value, json_t *new_value)
{
	char *o = old_value ? json_dumps(old_value, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *n = new_value ? json_dumps(new_value, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc = db_exec(r->db, ST_AUDIT_INSERT, "ittitt", r->staff.user_id, action, entity, id, o, n);
	free(o);
	free(n);
	json_decref(old_value);
	json_decref(new_value);
	return rc;
}
