// Registration in the browser: a course is filled up through the JSON API,
// then a visitor goes from the course page to the form, is told what is
// missing (consent), registers, and sees the place in the waiting line and
// the private link; the registration's own page shows the same. Every page
// on the way passes axe-core's WCAG 2.1 A/AA rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertAccessible, assertNoConsoleErrors, go, launchBrowser, openPage, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function json(path, init) {
	const res = await fetch(BASE + path, init);
	return { status: res.status, body: await res.json(), res };
}

// A published course with a capacity and sessions still to come, with the
// fewest seats left: the cheapest to fill up.
async function smallCourse() {
	const today = new Date().toISOString().slice(0, 10);
	const list = await json('/api/v1/courses?per_page=100');
	assert.equal(list.status, 200);
	let best = null;
	for (const item of list.body.items ?? list.body.courses ?? []) {
		const c = await json(`/api/v1/courses/${item.id}`);
		const ends = (c.body.sessions ?? []).map((s) => s.ends_at).sort();
		if (c.body.capacity == null || !ends.length || ends[ends.length - 1] <= today)
			continue;
		if (c.body.seats_left > 0 && (!best || c.body.seats_left < best.seats_left))
			best = c.body;
	}
	assert.ok(best, 'the demo data has a course with places and sessions to come');
	return best;
}

test('a visitor registers for a full course and sees the place in the waiting line', async () => {
	const course = await smallCourse();
	assert.ok(course.seats_left <= 15, `${course.seats_left} seats would take too many registrations`);
	// fill it through the API (a CSRF token from /api/v1/csrf, sent back as a header)
	const csrf = await json('/api/v1/csrf');
	const cookie = csrf.res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	for (let i = 0; i < course.seats_left; i++) {
		const r = await json(`/api/v1/courses/${course.id}/registrations`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf.body.token },
			body: JSON.stringify({ name: `瀏覽器測試${i}`, phone: `09123${String(i).padStart(5, '0')}`, consent: true }),
		});
		assert.equal(r.status, 201, JSON.stringify(r.body));
		assert.equal(r.body.status, 'enrolled');
	}

	const page = await openPage(browser, { size: 'large' });
	try {
		await go(page, `/courses/${course.id}`);
		const link = page.getByRole('link', { name: /網路報名/ });
		assert.match(await link.innerText(), /額滿/);
		await link.click();
		await page.waitForURL(`**/courses/${course.id}/register`);
		assert.match(await page.locator('main').innerText(), /名額已滿/);
		assert.match(await page.locator('.pdpa').innerText(), /蒐集目的[\s\S]*您的權利[\s\S]*不提供的影響/);
		await assertAccessible(page, 'the registration form');
		await shot(page, 'registration-form-full-course');

		// name and phone, but no consent: the form comes back with the message
		await page.getByLabel('姓名').fill('周阿嬤');
		await page.getByLabel('電話').fill('0912-345-678');
		await page.getByRole('button', { name: '送出報名' }).click();
		await page.waitForLoadState('load');
		const alert = page.getByRole('alert');
		assert.match(await alert.innerText(), /同意/);
		assert.equal(await page.getByLabel('姓名').inputValue(), '周阿嬤', 'what was typed is kept');
		assert.equal(await page.locator('#f-consent').getAttribute('aria-invalid'), 'true');
		await assertAccessible(page, 'the form with an error');
		await shot(page, 'registration-form-error');

		await page.locator('#f-consent').check();
		await page.getByRole('button', { name: '送出報名' }).click();
		await page.waitForLoadState('load');
		const outcome = await page.getByRole('status').innerText();
		assert.match(outcome, /候補第 1 位/);
		const privateLink = page.locator('.private-link a').first();
		const href = await privateLink.getAttribute('href');
		assert.match(href, /^\/registrations\/[0-9a-f]{32}$/);
		// a new learner who gave no e-mail address gets the learner's page link here
		const me = await page.locator('.private-link a[href^="/me/"]').getAttribute('href');
		assert.match(me, /^\/me\/[0-9a-f]{32}$/);
		await assertAccessible(page, 'the registration result');
		await shot(page, 'registration-waitlisted');

		// the private link shows the same place, and offers cancelling
		await privateLink.click();
		await page.waitForURL(`**${href}`);
		assert.match(await page.locator('.reg-state').innerText(), /候補第 1 位/);
		assert.ok(await page.getByRole('link', { name: '取消這筆報名' }).isVisible());
		await assertAccessible(page, 'a registration page');
		// the only console message: the form that came back with HTTP 400
		assertNoConsoleErrors(page, [/status of 400/]);
		// and the API agrees
		const api = await json(`/api/v1${href}`);
		assert.equal(api.body.status, 'waitlisted');
		assert.equal(api.body.position, 1);

		// the learner's page: the place in line, and a passport that prints on one A4 page
		await go(page, me);
		assert.match(await page.locator('main').innerText(), /候補第 1 位/);
		await assertAccessible(page, 'the learner page');
		await shot(page, 'learner-page');
		await page.emulateMedia({ media: 'print' });
		assert.equal(await page.locator('#h-regs').isVisible(), false, 'the registrations are not printed');
		assert.equal(await page.locator('#h-passport').isVisible(), true, 'the passport is printed');
		const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
		const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
		assert.equal(pages, 1, `the printed passport takes ${pages} A4 pages`);
	} finally {
		await page.context().close();
	}
});
