/* ratelimit — limits on anonymous POSTs (registrations, questions) per
 * client address, counted in the database so that several app servers
 * behind a proxy share the count. The address is stored only as a keyed
 * BLAKE2b hash (the key is the database's own secret in meta). */
#ifndef LIFELONG_HTTP_RATELIMIT_H
#define LIFELONG_HTTP_RATELIMIT_H

#include "http/request.h"

/* Counts one hit of r's client in bucket (e.g. "registration"), allowing
 * max hits per window_s seconds. Returns 0 when allowed, 1 when over the
 * limit (the caller answers 429), -1 on a database error. Always 0 when the
 * server runs with --no-rate-limit or max <= 0. */
int ratelimit_hit(struct request *r, const char *bucket, int max, int window_s);

#endif
