/* password — staff passwords: argon2id hashes (libsodium crypto_pwhash,
 * 19 MiB, 2 passes), and the acceptance rules (8-128 characters, not on the
 * shipped list of common passwords seed/common-passwords.txt). */
#ifndef LIFELONG_AUTH_PASSWORD_H
#define LIFELONG_AUTH_PASSWORD_H

#include "core/buf.h"

#define PASSWORD_HASH_MAX 128	/* >= crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_CHARS 8
#define PASSWORD_MAX_CHARS 128

/* Hashes pw into out (a NUL-terminated "$argon2id$v=19$m=19456,t=2,…"
 * string). Returns 0, or -1 when memory ran out. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* Returns 1 if pw matches the stored hash, else 0. A NULL hash (no
 * password set yet) never matches, but costs the same time. */
int password_verify(const char *hash, const char *pw);
/* Checks the rules; returns 0, or -1 with a message for the user appended
 * to why (zh-Hant msgid; the caller translates). */
int password_acceptable(const char *pw, const char **why);

#endif
