/* seed — loads a city's reference data, plan and places from a folder of
 * CSV and GeoJSON files (seed/keelung; formats in seed/keelung/README.md),
 * and removes demo data again. */
#ifndef LIFELONG_DB_SEED_H
#define LIFELONG_DB_SEED_H

struct db;

/* Loads the seed in dir (e.g. "seed/keelung") into an empty, migrated
 * database: meta (city.csv), districts (districts.csv, boundaries from
 * districts.geojson), institution types, the plan with goals, programmes,
 * indicators and yearly targets, public venues (venues.csv) in one
 * transaction; then institutions.csv through import_csv(), and with
 * demo != 0 demo-institutions.csv and demo-sessions.csv as demo data.
 * Returns 0, or -1 with a message on stderr naming the file and line. After
 * a failure in the imports the reference data stays written: discard the
 * database. */
int seed_load(struct db *db, const char *dir, int demo);

/* Removes demo courses (their sessions go with them), demo venues and demo
 * institutions (with anything else of theirs), in one transaction. Returns
 * the number of course, venue and institution rows removed, or -1. */
int seed_remove_demo(struct db *db);

#endif
