#include "http/params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

/* Parses a base-10 integer that fills the whole string. */
static int parse_ll(const char *s, long long *out)
{
	char *end;
	if (!*s || strlen(s) > 19)
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *s, long long *out)
{
	static const char *const yes[] = {"1", "yes", "true", "on", NULL};
	static const char *const no[] = {"0", "no", "false", "off", NULL};
	for (int i = 0; yes[i]; i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static void list_choices(struct buf *err, const char *const *choices)
{
	for (int i = 0; choices[i]; i++)
		buf_printf(err, "%s%s", i ? ", " : "", choices[i]);
}

int params_validate(const struct param_spec *specs, param_lookup_fn lookup,
		    void *ctx, struct param_value *out, struct buf *err)
{
	int rc = 0;
	for (int i = 0; specs && specs[i].name && i < PARAMS_MAX; i++) {
		const struct param_spec *sp = &specs[i];
		struct param_value *v = &out[i];
		const char *s = lookup(ctx, sp->name);
		v->present = s && *s;
		v->s = s;
		v->n = sp->def;
		if (!v->present)
			continue;
		switch (sp->kind) {
		case P_INT:
		case P_INT_CLAMP:
			if (parse_ll(s, &v->n) < 0) {
				buf_printf(err, "%s: must be a whole number\n", sp->name);
				rc = -1;
			} else if (sp->kind == P_INT_CLAMP) {
				v->n = v->n < sp->min ? sp->min : v->n > sp->max ? sp->max : v->n;
			} else if (v->n < sp->min || v->n > sp->max) {
				buf_printf(err, "%s: must be between %lld and %lld\n",
					   sp->name, sp->min, sp->max);
				rc = -1;
			}
			break;
		case P_ENUM:
			v->n = -1;
			for (int k = 0; sp->choices[k]; k++)
				if (!strcmp(s, sp->choices[k]))
					v->n = k;
			if (v->n < 0) {
				buf_printf(err, "%s: must be one of: ", sp->name);
				list_choices(err, sp->choices);
				buf_puts(err, "\n");
				rc = -1;
			}
			break;
		case P_TEXT:
			if ((long long)text_length(s) > sp->max) {
				buf_printf(err, "%s: at most %lld characters\n", sp->name, sp->max);
				rc = -1;
			}
			break;
		case P_BOOL:
			if (parse_bool(s, &v->n) < 0) {
				buf_printf(err, "%s: must be yes or no\n", sp->name);
				rc = -1;
			}
			break;
		}
	}
	return rc;
}
