/* params — input validation at the edge. Each route names the query or
 * form fields it accepts in a table of struct param_spec; the dispatcher
 * checks every submitted value against it before the handler runs, and
 * answers 400 naming the field and what is allowed when one is wrong.
 * Handlers read only the validated struct param_value array. */
#ifndef LIFELONG_HTTP_PARAMS_H
#define LIFELONG_HTTP_PARAMS_H

#include "core/buf.h"

#define PARAMS_MAX 32

enum param_kind {
	P_INT,		/* whole number in [min, max] */
	P_INT_CLAMP,	/* whole number, clamped into [min, max] */
	P_ENUM,		/* one of choices */
	P_TEXT,		/* UTF-8 text of at most max code points */
	P_BOOL,		/* 1/0, yes/no, true/false, on */
};

struct param_spec {
	const char *name;
	enum param_kind kind;
	long long min, max;		/* P_INT*: range; P_TEXT: max = length */
	const char *const *choices;	/* P_ENUM: NULL-terminated */
	long long def;			/* default number when absent */
};

struct param_value {
	int present;
	long long n;		/* P_INT*, P_BOOL, P_ENUM (index into choices) */
	const char *s;		/* the submitted text; owned by the request */
};

/* Looks up one raw value by field name; returns NULL when absent. */
typedef const char *(*param_lookup_fn)(void *ctx, const char *name);

/* Validates every field of specs (terminated by a NULL name) using lookup.
 * Fills out[] in the same order. Returns 0, or -1 with a message for the
 * user in *err (appended; names the field and what it accepts). Values
 * must already be valid UTF-8 (the dispatcher checks that first). */
int params_validate(const struct param_spec *specs, param_lookup_fn lookup,
		    void *ctx, struct param_value *out, struct buf *err);

#endif
