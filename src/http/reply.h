/* reply — sending what a handler built: headers (security headers on every
 * response), the body in one piece, the access log line; plus JSON bodies
 * and the embedded static files. */
#ifndef LIFELONG_HTTP_REPLY_H
#define LIFELONG_HTTP_REPLY_H

#include <jansson.h>

#include "http/request.h"

/* Serializes j (the reference is stolen) as the reply body with type
 * application/json. Returns 0, or 500 if it cannot be encoded. */
int reply_json(struct request *r, json_t *j);
/* Serves an embedded asset by its versioned /static/ path. Returns 0 or 404. */
int static_file(struct request *r);
/* Sends r->out with r->status and the headers, once, and logs the
 * request: one line in combined format plus the request id, with every
 * private-link token in the address and the Referer replaced by "[token]".
 * A reply to an address holding a token says Referrer-Policy: no-referrer. The line goes to r->log_sink
 * when set (the caller writes it out later with log_write), else straight
 * to stderr. */
void send_reply(struct request *r);
/* Writes the lines collected in *lines to stderr (one write(2) when the
 * kernel takes it whole, so lines of different workers never mix) and
 * empties *lines. Returns 0, or -1 when stderr refused them (dropped). */
int log_write(struct buf *lines);

#endif
