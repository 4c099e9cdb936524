// The public page types the browser tests visit: one example of each.
// status: the HTTP status expected (200 unless told). Detail pages (an
// institution, a course) have no fixed id: 'from' names a list page and
// 'link' the pattern of the first link there to follow (see resolvePath).
export const PUBLIC_PAGES = [
	{ name: 'home', path: '/' },
	{ name: 'search', path: '/search' },
	{ name: 'search-keyword-facets', path: '/search?q=%E6%9B%B8%E6%B3%95&district=%E4%BB%81%E6%84%9B%E5%8D%80&category=arts' },
	{ name: 'search-empty', path: '/search?q=%E6%B2%92%E6%9C%89%E9%80%99%E7%A8%AE%E8%AA%B2zzz' },
	{ name: 'alert-new', path: '/alerts/new?q=%E6%9B%B8%E6%B3%95&district=%E4%BB%81%E6%84%9B%E5%8D%80&weekend=yes' },
	{ name: 'alert-new-no-filters', path: '/alerts/new' },
	{ name: 'guide-step1', path: '/guide' },
	{ name: 'guide-step2', path: '/guide?step=2&who=senior' },
	{ name: 'guide-step3', path: '/guide?step=3&who=senior&category=arts&category=health' },
	{ name: 'guide-results', path: '/guide/results?who=senior&category=arts&category=health&days=any&district=any' },
	{ name: 'map', path: '/map' },
	{ name: 'calendar', path: '/calendar' },
	{ name: 'calendar-week', path: '/calendar?view=week' },
	{ name: 'institutions', path: '/institutions' },
	{ name: 'institution', from: '/institutions', link: /^\/institutions\/\d+$/ },
	{ name: 'course', from: '/search', link: /^\/courses\/\d+$/ },
	{ name: 'course-register', from: 'course', link: /^\/courses\/\d+\/register$/ },
	{ name: 'ask', path: '/ask' },
	{ name: 'ask-institution', from: 'institution', link: /^\/ask\?institution=\d+$/ },
	{ name: 'faq', path: '/faq' },
	{ name: 'faq-search', path: '/faq?q=%E6%9B%B8%E6%B3%95' },
	{ name: 'plan', path: '/plan' },
	{ name: 'announcements', path: '/announcements' },
	{ name: 'open-data', path: '/open-data' },
	{ name: 'sitemap', path: '/sitemap' },
	{ name: 'privacy', path: '/privacy' },
	{ name: 'security', path: '/security' },
	{ name: 'login', path: '/login' },
	{ name: 'not-found', path: '/no-such-page', status: 404 },
];

// The pages a visitor meets most, for the layout checks (reflow, zoom).
export const MAIN_PAGES = PUBLIC_PAGES.filter((p) =>
	['home', 'search-keyword-facets', 'guide-step1', 'guide-step3', 'guide-results', 'map',
		'calendar', 'institutions', 'institution', 'course', 'course-register', 'ask', 'faq', 'plan',
		'announcements', 'open-data', 'sitemap', 'not-found'].includes(p.name));

// The path of page type p: its own, or the first link on its list page
// whose href matches p.link (fails the test when there is none). p.from is
// a path, or the name of another entry (resolved the same way first).
export async function resolvePath(page, p, base) {
	if (p.path)
		return p.path;
	const from = p.from.startsWith('/') ? p.from
		: await resolvePath(page, PUBLIC_PAGES.find((q) => q.name === p.from), base);
	const res = await page.goto(base + from);
	if (!res || res.status() !== 200)
		throw new Error(`${from}: HTTP ${res?.status()}`);
	const hrefs = await page.$$eval('main a[href]', (as) => as.map((a) => a.getAttribute('href')));
	const href = hrefs.find((h) => p.link.test(h));
	if (!href)
		throw new Error(`${from} links to no ${p.link}`);
	return href;
}

// Reflow failures known and reported, not yet fixed in the page itself:
// page name -> the variant labels of layout.test.mjs where the page still
// scrolls sideways at 320 CSS px. They are checked and printed as
// "# known issue" lines but do not fail; once a page reflows, the test says
// so and its entry here should go. Keep this list short and dated.
export const KNOWN_REFLOW_ISSUES = {};
