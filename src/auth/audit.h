/* audit — the append-only log of every change: who, when, what, old → new.
 * The table refuses UPDATE and DELETE (triggers in the schema). */
#ifndef LIFELONG_AUTH_AUDIT_H
#define LIFELONG_AUTH_AUDIT_H

#include <jansson.h>

#include "http/request.h"

/* Records that r's staff member (or nobody, for a citizen or the system)
 * did action ("create", "update", "delete", "login", …) to entity/id.
 * old_value and new_value are JSON objects or NULL; their references are
 * stolen. Returns 0 or -1. Call inside the transaction of the change. */
int audit_record(struct request *r, const char *action, const char *entity, long long id,
		 json_t *old_value, json_t *new_value);

#endif
