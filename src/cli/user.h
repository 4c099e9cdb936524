/* user — staff accounts from the command line. There is no default
 * password: an account gets a one-time link to set its own. */
#ifndef LIFELONG_CLI_USER_H
#define LIFELONG_CLI_USER_H

/* lifelong user add --role admin|institution|viewer [--institution NAME]
 * EMAIL: creates the account and prints a set-password link (valid 72 h)
 * under base_url. lifelong user link EMAIL prints a new link for an
 * existing account (a forgotten password). Returns the exit code: 0, 1 on
 * a database failure, 2 on bad arguments. */
int cli_user(const char *db_path, const char *verb, const char *role, const char *institution,
	     const char *email, const char *base_url);

#endif
