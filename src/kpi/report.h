/* report — the plan's figures as files for people who work in
 * spreadsheets and for the lifelong-learning committee: the year's table of
 * indicators or one indicator's split as ODS (OpenDocument, the
 * government's format; core/table.h), XLSX (libxlsxwriter) or CSV (UTF-8
 * with a byte-order mark; core/table.h), and the committee report as PDF
 * (cairo + pango, a real text layer; pdf.c). The same bytes come from the
 * dashboard's download links and from `lifelong report`. */
#ifndef LIFELONG_KPI_REPORT_H
#define LIFELONG_KPI_REPORT_H

#include "core/buf.h"
#include "core/table.h"
#include "kpi/kpi.h"

struct db;

enum report_format { REPORT_ODS = 0, REPORT_XLSX, REPORT_CSV, REPORT_PDF, REPORT__FORMATS };

/* The format names (the file extensions), NULL-terminated, in enum order. */
extern const char *const report_format_names[];
/* The MIME type of a format. */
const char *report_content_type(enum report_format f);

/* Fills t (table_init'ed here; free with table_free) with one row per
 * indicator of y: goal, programme, code, name, unit, target, actual,
 * percent, status, pace, rule, as of. Figures are rounded as the API
 * rounds them. Returns 0 or -1. */
int report_year_table(const struct kpi_year *y, struct table *t);
/* Fills t with indicator i's split s (one row per group). 0 or -1. */
int report_split_table(const struct kpi_year *y, int i, const struct kpi_split *s,
		       struct table *t);
/* Appends t as an XLSX workbook with one sheet to out. 0 or -1. */
int report_xlsx(const struct table *t, const char *sheet, struct buf *out);

/* Appends the committee report for y as a PDF to out: a cover, the
 * summary by goal, a section per programme with its chart and table, and
 * the indicators behind target. city is the city's name. 0 or -1. (pdf.c) */
int report_pdf(struct db *db, struct kpi_year *y, const char *city, struct buf *out);

/* Releases what cairo and fontconfig keep between reports (their caches).
 * Call once at exit, when no other thread can be drawing. */
void report_pdf_cleanup(void);

/* Makes the file: the year's table (code NULL) or the split of indicator
 * code by by, in format f (PDF: the year only). *file_name receives a
 * suggested name (e.g. "keelung-kpi-2023.ods"). Returns 0, 1 when code is
 * not an indicator of y or the split does not apply, or -1. */
int report_make(struct db *db, struct kpi_year *y, const char *code, enum kpi_by by,
		enum report_format f, const char *city_code, const char *city_name,
		struct buf *out, char *file_name, size_t name_size);

#endif
