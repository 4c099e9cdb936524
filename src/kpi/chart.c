#include "kpi/chart.h"

#include <math.h>

void chart_axis(double max, double *top, double *step)
{
	static const double mult[] = {1, 2, 5};
	if (!(max > 0)) {
		*top = 10;
		*step = 2;
		return;
	}
	double p = pow(10, floor(log10(max / 5)));
	for (;;) {
		for (int i = 0; i < 3; i++) {
			double s = mult[i] * p, t = ceil(max / s - 1e-9) * s;
			if (t / s <= 6) {
				*step = s;
				*top = t > 0 ? t : s;
				return;
			}
		}
		p *= 10;
	}
}
