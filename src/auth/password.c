#include "auth/password.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/text.h"
#include "http/assets.h"

#define OPSLIMIT 2
#define MEMLIMIT (19u * 1024 * 1024)

extern const struct embedded_file common_passwords[];

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	return crypto_pwhash_str_alg(out, pw, strlen(pw), OPSLIMIT, MEMLIMIT,
				     crypto_pwhash_ALG_ARGON2ID13) == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *pw)
{
	/* A fixed hash of a random string keeps the time of a failed lookup
	 * equal to a real check, so timing does not reveal which e-mail
	 * addresses have accounts. */
	static const char dummy[crypto_pwhash_STRBYTES] =
		"$argon2id$v=19$m=19456,t=2,p=1$NO0durpZHQGFP3aI1ndPqQ$"
		"1J7rtEMYz8bxdtJw0QcUgngO4QogJzt0SJOM+QV8OOs";
	if (!hash) {
		(void)!crypto_pwhash_str_verify(dummy, pw, strlen(pw));
		return 0;
	}
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* True if pw (case-insensitively) is a line of the common-password list. */
static int is_common(const char *pw)
{
	const char *p = (const char *)common_passwords[0].data;
	const char *end = p + common_passwords[0].size;
	size_t n = strlen(pw);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len == n && p[0] != '#' && strncasecmp(p, pw, n) == 0)
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int password_acceptable(const char *pw, const char **why)
{
	size_t n = strlen(pw);
	if (!text_utf8_valid(pw, n)) {
		*why = N_("密碼含有無法辨識的字元。");
		return -1;
	}
	size_t chars = text_length(pw);
	if (chars < PASSWORD_MIN_CHARS) {
		*why = N_("密碼至少要 8 個字元。");
		return -1;
	}
	if (chars > PASSWORD_MAX_CHARS) {
		*why = N_("密碼最多 128 個字元。");
		return -1;
	}
	if (is_common(pw)) {
		*why = N_("這個密碼太常見，很容易被猜到，請換一個。");
		return -1;
	}
	return 0;
}
