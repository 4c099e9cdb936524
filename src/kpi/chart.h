/* chart — the arithmetic the plan-tracking charts share, whether drawn as
 * SVG for pages (src/pages/kpi_charts.c) or with cairo for the PDF report
 * (src/kpi/pdf.c). */
#ifndef LIFELONG_KPI_CHART_H
#define LIFELONG_KPI_CHART_H

/* A value axis from 0 for values up to max: *step is 1, 2 or 5 times a
 * power of ten and *top = step × (4 to 6) >= max. A max of 0 or less gives
 * top 10, step 2. */
void chart_axis(double max, double *top, double *step);

#endif
