// What a visitor does, click by click, with a screenshot at each step: the
// language switch, a search narrowed by two facets, the learning guide from
// its first question to its recommendations, and a district on the map.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertAccessible, go, launchBrowser, openPage, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// The query of the current URL as [name, value] pairs, decoded.
const query = (page) => [...new URL(page.url()).searchParams.entries()];

// Clicks and waits until the browser has loaded the next page.
async function clickAndLoad(page, locator) {
	const old = await page.evaluate(() => performance.timeOrigin);
	await locator.click();
	await page.waitForFunction((t) =>
		performance.timeOrigin !== t && document.readyState === 'complete', old);
}

test('language switch: Tiếng Việt turns the interface Vietnamese, 中文 turns it back', async () => {
	const page = await openPage(browser, { size: 'large' });
	try {
		await go(page, '/institutions');
		assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
		const menuBefore = await page.locator('nav.main').innerText();
		const langs = page.locator('nav.langs');
		// Each language is named in its own language and marked as such.
		assert.equal(await langs.getByRole('link', { name: 'Tiếng Việt' }).getAttribute('lang'), 'vi');
		assert.equal(await langs.getByRole('link', { name: 'ภาษาไทย' }).getAttribute('lang'), 'th');

		await clickAndLoad(page, langs.getByRole('link', { name: 'Tiếng Việt' }));
		assert.equal(new URL(page.url()).pathname, '/institutions', 'stays on the same page');
		assert.equal(await page.getAttribute('html', 'lang'), 'vi');
		assert.equal(await langs.locator('a[aria-current="true"]').innerText(), 'Tiếng Việt');
		const menuAfter = await page.locator('nav.main').innerText();
		assert.notEqual(menuAfter, menuBefore, 'the main menu is translated');
		assert.doesNotMatch(menuAfter, /找課程/);
		await assertAccessible(page, '/institutions in Vietnamese');
		await shot(page, 'lang-vi-institutions');

		// The choice holds on the next page.
		await go(page, '/');
		assert.equal(await page.getAttribute('html', 'lang'), 'vi');

		await clickAndLoad(page, langs.getByRole('link', { name: '中文' }));
		assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
		assert.equal(await page.locator('nav.main').innerText(), menuBefore);
	} finally {
		await page.context().close();
	}
});

test('Thai interface renders with a Thai font (no missing glyphs)', async () => {
	const page = await openPage(browser, { lang: 'th' });
	try {
		await go(page, '/');
		assert.equal(await page.getAttribute('html', 'lang'), 'th');
		// The Thai name in the language switch is as wide as real glyphs,
		// not as a row of empty boxes of one width each.
		const w = await page.evaluate(() => {
			const span = (text, lang) => {
				const s = document.createElement('span');
				s.lang = lang;
				s.textContent = text;
				s.style.whiteSpace = 'nowrap';
				document.body.append(s);
				const width = s.getBoundingClientRect().width;
				s.remove();
				return width;
			};
			// Thai vowels and tone marks above consonants take no width
			// when shaped by a Thai font; missing glyphs each take a box.
			return { marks: span('\u0e01\u0e34\u0e49', 'th'), base: span('\u0e01', 'th') };
		});
		assert.ok(w.marks < w.base * 1.5,
			`ก with combining marks is ${w.marks}px wide vs ${w.base}px: Thai shaping is missing`);
		await shot(page, 'lang-th-home');
	} finally {
		await page.context().close();
	}
});

test('search: a keyword and two facets narrow the results; the URL keeps all three', async () => {
	const page = await openPage(browser);
	try {
		await go(page, '/search');
		await page.getByLabel('想學什麼？').fill('書法');
		await clickAndLoad(page, page.locator('form.search').getByRole('button', { name: '搜尋' }));
		assert.deepEqual(query(page).filter(([k]) => k === 'q'), [['q', '書法']]);
		const total = async () => Number((await page.locator('#h-results').innerText()).match(/(\d+)/)[1]);
		const all = await total();
		assert.ok(all >= 2, `「書法」finds ${all} courses`);
		await shot(page, 'search-1-keyword');

		// Pick a district that has results, tick it, and apply.
		const facet = (legend) => page.locator('fieldset.facet').filter({
			has: page.locator('legend', { hasText: legend }) });
		const firstWithCourses = async (fs) => {
			const labels = fs.locator('label');
			for (let i = 0; i < await labels.count(); i++) {
				const text = await labels.nth(i).innerText();
				const m = text.match(/（(\d+)）/);
				if (m && Number(m[1]) > 0)
					return { label: labels.nth(i), name: text.replace(/\s*（\d+）\s*$/, '').trim(),
						count: Number(m[1]) };
			}
			return null;
		};
		const district = await firstWithCourses(facet('上課地區'));
		assert.ok(district, 'the district facet offers a district with courses');
		await district.label.click();
		const category = await firstWithCourses(facet('學習類別'));
		assert.ok(category, 'the category facet offers a category with courses');
		await category.label.click();
		await shot(page, 'search-2-facets-ticked');
		await clickAndLoad(page, page.getByRole('button', { name: '套用篩選' }));

		const q = query(page);
		assert.deepEqual(q.filter(([k]) => k === 'q'), [['q', '書法']]);
		assert.deepEqual(q.filter(([k]) => k === 'district'), [['district', district.name]]);
		assert.equal(q.filter(([k]) => k === 'category').length, 1);
		const n = await total();
		assert.ok(n >= 1 && n <= all, `${n} of ${all} courses left`);
		assert.ok(n <= district.count, `${n} <= ${district.count} in ${district.name}`);
		// Every result is in the district, and both choices show as removable.
		const places = await page.locator('ol.results li.result').evaluateAll((lis) =>
			lis.map((li) => [...li.querySelectorAll('dt')].find((dt) => dt.textContent === '地區')
				?.nextElementSibling?.textContent));
		assert.equal(places.length, n);
		for (const p of places)
			assert.equal(p, district.name);
		const chips = await page.locator('.active-filters li').allInnerTexts();
		assert.equal(chips.length, 2, `active filters: ${chips.join(' | ')}`);
		assert.ok(chips.some((c) => c.includes(district.name)));
		assert.ok(chips.some((c) => c.includes(category.name)));
		await assertAccessible(page, 'search results with two facets');
		await shot(page, 'search-3-results');

		// The first result opens its course page.
		const first = page.locator('ol.results li.result h3 a').first();
		const title = (await first.innerText()).trim();
		await clickAndLoad(page, first);
		assert.match(new URL(page.url()).pathname, /^\/courses\/\d+$/);
		assert.equal((await page.locator('main h1').innerText()).trim(), title);
		await shot(page, 'search-4-course');
	} finally {
		await page.context().close();
	}
});

test('guide: three steps from "who are you" to recommendations', async () => {
	const page = await openPage(browser, { size: 'large' });
	try {
		await go(page, '/');
		await clickAndLoad(page, page.locator('nav.main').getByRole('link', { name: '學習導引' }));
		assert.equal(new URL(page.url()).pathname, '/guide');
		assert.match(await page.locator('.guide-step').innerText(), /1\/3/);
		await shot(page, 'guide-1-who');

		// Step 1: one press on a big button goes on.
		await clickAndLoad(page, page.getByRole('button', { name: /樂齡長者/ }));
		assert.match(await page.locator('.guide-step').innerText(), /2\/3/);
		// Step 2: tick two subjects by their labels.
		await page.getByLabel(/健康與運動/).check();
		await page.getByLabel(/藝術與手作/).check();
		await shot(page, 'guide-2-what');
		await clickAndLoad(page, page.getByRole('button', { name: '下一步' }));
		assert.match(await page.locator('.guide-step').innerText(), /3\/3/);
		// Step 3: mornings; any district (the default).
		await page.getByLabel(/上午/).check();
		assert.ok(await page.getByLabel(/哪一區都可以/).isChecked());
		await shot(page, 'guide-3-when');
		await clickAndLoad(page, page.getByRole('button', { name: '看推薦結果' }));

		assert.equal(new URL(page.url()).pathname, '/guide/results');
		const q = query(page);
		assert.deepEqual(q.filter(([k]) => k === 'who'), [['who', 'senior']]);
		assert.deepEqual(q.filter(([k]) => k === 'category').map(([, v]) => v).sort(), ['arts', 'health']);
		assert.deepEqual(q.filter(([k]) => k === 'time'), [['time', 'morning']]);
		const answers = await page.locator('dl.guide-answers').innerText();
		assert.match(answers, /樂齡長者/);
		assert.match(answers, /健康與運動/);
		assert.match(answers, /藝術與手作/);
		// Recommendations, each with the sentence saying why.
		const courses = page.locator('ol.guide-results li.course');
		assert.ok(await courses.count() >= 1, 'at least one course is recommended');
		for (const why of await courses.locator('.why').allInnerTexts())
			assert.match(why, /因為您選了/);
		await assertAccessible(page, 'guide results');
		await shot(page, 'guide-4-results');

		// "上一步"-style links keep every answer: 修改 on 想學 goes to step 2
		// with both subjects still ticked.
		await clickAndLoad(page, page.locator('dl.guide-answers a').nth(1));
		assert.ok(await page.getByLabel(/健康與運動/).isChecked());
		assert.ok(await page.getByLabel(/藝術與手作/).isChecked());
	} finally {
		await page.context().close();
	}
});

test('map: clicking a district on the map lands on the search for that district', async () => {
	const page = await openPage(browser);
	try {
		await go(page, '/map');
		const link = page.locator('svg.district-map a.district-link').first();
		const name = new URL(await link.getAttribute('href'), BASE).searchParams.get('district');
		assert.ok(name, 'a district link leads to the search for its district');
		assert.match(await link.getAttribute('aria-label'), new RegExp(name));
		// Click where a person would: on the district's name drawn on the map
		// (the labels let clicks through to the district underneath).
		const label = page.locator('svg.district-map .map-labels text').filter({
			has: page.locator('tspan', { hasText: name }) }).first();
		const box = await label.boundingBox();
		assert.ok(box, `the map shows the name ${name}`);
		const onMap = Number((await label.textContent()).match(/(\d+)/)[1]);
		await shot(page, 'map-1');
		const old = await page.evaluate(() => performance.timeOrigin);
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 4);
		await page.waitForFunction((t) =>
			performance.timeOrigin !== t && document.readyState === 'complete', old);

		const url = new URL(page.url());
		assert.equal(url.pathname, '/search');
		const district = url.searchParams.get('district');
		assert.equal(district, name);
		// The district is ticked in the search form, and the count matches the map's.
		const box2 = page.locator('fieldset.facet input[name="district"]:checked');
		assert.equal(await box2.count(), 1);
		assert.equal(await box2.getAttribute('value'), district);
		const found = Number((await page.locator('#h-results').innerText()).match(/(\d+)/)[1]);
		assert.equal(found, onMap, `the map says ${onMap} courses, the search finds ${found}`);
		await shot(page, 'map-2-search');
	} finally {
		await page.context().close();
	}
});
