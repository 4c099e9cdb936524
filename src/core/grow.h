/* grow — room for one more element at the end of a malloc'd array, the
 * one growth rule of the project's dynamic arrays (doubling). */
#ifndef LIFELONG_CORE_GROW_H
#define LIFELONG_CORE_GROW_H

#include <stddef.h>

/* Makes sure element n of an array exists. items is the address of the
 * array's pointer (e.g. &g->pairs; NULL pointer when empty), *cap its
 * capacity in elements of size bytes, n the elements in use. When n is
 * *cap, the array is reallocated to twice the capacity (first when it is
 * empty). Returns 0, or -1 with the array and *cap unchanged when memory
 * runs out or the size would overflow. The caller still owns and frees
 * the array. */
int grow(void *items, size_t *cap, size_t n, size_t size, size_t first);

#endif
