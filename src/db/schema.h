/* schema — numbered migrations. Migration N brings a database from
 * PRAGMA user_version N-1 to N. Never edit a migration that has shipped:
 * add the next one. */
#ifndef LIFELONG_DB_SCHEMA_H
#define LIFELONG_DB_SCHEMA_H

/* The number of migrations (= the newest schema version). */
int schema_migration_count(void);
/* The SQL script of migration v (1-based); NULL if out of range. */
const char *schema_migration(int v);

#endif
