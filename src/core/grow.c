#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int grow(void *items, size_t *cap, size_t n, size_t size, size_t first)
{
	void *p, *np;
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : (first ? first : 1);
	if (nc <= *cap || !size || nc > SIZE_MAX / size)
		return -1;
	memcpy(&p, items, sizeof p);	/* items points at a typed array pointer */
	np = realloc(p, nc * size);
	if (!np)
		return -1;
	memcpy(items, &np, sizeof np);
	*cap = nc;
	return 0;
}
