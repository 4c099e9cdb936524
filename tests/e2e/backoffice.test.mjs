// The institution back office in the browser, without JavaScript of its
// own: a member of a library's staff sets a password from the one-time
// link, makes a course (a form with mistakes first: the messages are next
// to the fields and what was typed stays), previews and creates a weekly
// series of sessions, publishes the course and finds it on the public
// side, posts news with a PDF attached, and opens the attendance and
// import pages. Every page on the way passes axe-core's WCAG 2.1 A/AA
// rules, in the large text size.
//
// Needs LIFELONG_DB and LIFELONG_BIN (set by tests/e2e/run) to create the
// staff account with `lifelong user add`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BASE, assertAccessible, assertNoConsoleErrors, go, launchBrowser, openPage, shot } from './lib.mjs';

const INSTITUTION = '七堵區百福圖書館';
const PASSWORD = 'a quiet harbour at dawn';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Creates the staff account and returns the path of its set-password link.
function staffLink(email) {
	const db = process.env.LIFELONG_DB;
	const bin = process.env.LIFELONG_BIN || 'build/lifelong';
	assert.ok(db, 'LIFELONG_DB is set by tests/e2e/run');
	const out = execFileSync(bin, ['user', 'add', '--db', db, '--role', 'institution',
		'--institution', INSTITUTION, email], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	const m = out.match(/\/password\/set\?token=[0-9a-f]{32}/);
	assert.ok(m, `no link in: ${out}`);
	return m[0];
}

// A one-page PDF made by hand: enough for libmagic to know it.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
	'2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

test('library staff make, schedule and publish a course, and post news with a PDF', async () => {
	const page = await openPage(browser, { size: 'large' });
	try {
		await go(page, staffLink('e2e-library@example.org'));
		await page.fill('#password', PASSWORD);
		await page.fill('#password2', PASSWORD);
		await Promise.all([page.waitForURL('**/admin'), page.getByRole('button', { name: '設定密碼' }).click()]);
		await assertAccessible(page, '/admin (institution staff)');

		// a course form with mistakes
		await page.getByRole('link', { name: '課程與場次管理' }).click();
		await page.waitForURL('**/admin/courses');
		await assertAccessible(page, '/admin/courses');
		await page.getByRole('link', { name: /新增課程/ }).click();
		await page.fill('#f-description', '給長輩的平板電腦入門。');
		await page.fill('#f-fee_twd', '三百');
		await page.check('#f-audience-senior');
		await page.getByRole('button', { name: /建立課程/ }).click();
		const summary = page.locator('#form-errors');
		await summary.waitFor();
		assert.match(await summary.innerText(), /課程名稱/);
		assert.equal(await page.getAttribute('#f-title', 'aria-invalid'), 'true');
		assert.match(await page.getAttribute('#f-title', 'aria-describedby'), /f-title-error/);
		assert.equal(await page.inputValue('#f-description'), '給長輩的平板電腦入門。');
		assert.equal(await page.inputValue('#f-fee_twd'), '三百');
		assert.ok(await page.isChecked('#f-audience-senior'));
		await assertAccessible(page, 'course form with errors');
		await shot(page, 'backoffice-course-errors');

		// corrected
		await page.fill('#f-title', '長者平板入門（瀏覽器測試）');
		await page.selectOption('#f-category', 'digital');
		await page.fill('#f-fee_twd', '300');
		await page.fill('#f-capacity', '20');
		await page.getByRole('button', { name: /建立課程/ }).click();
		await page.waitForURL(/\/admin\/courses\/\d+\?saved=1$/);
		const courseId = page.url().match(/\/admin\/courses\/(\d+)/)[1];
		await assertAccessible(page, 'course page');

		// a weekly series: preview, then create
		await page.getByRole('link', { name: '新增場次' }).click();
		await page.check('#f-repeat-weekly');
		await page.fill('#f-date', '2030/3/5');
		await page.fill('#f-start', '19:00');
		await page.fill('#f-end', '21:00');
		await page.fill('#f-count', '4');
		await page.selectOption('#f-venue', 'new');
		await page.fill('#f-venue_name', '三樓電腦教室');
		await page.getByRole('button', { name: '先預覽日期' }).click();
		const dates = page.locator('ol.dates li');
		await dates.first().waitFor();
		assert.equal(await dates.count(), 4);
		assert.match(await dates.nth(3).innerText(), /民國119年3月26日/);
		await assertAccessible(page, 'session series preview');
		await page.getByRole('button', { name: '建立場次' }).click();
		await page.waitForURL(`**/admin/courses/${courseId}?saved=1`);
		assert.equal(await page.locator('table tbody tr').count(), 4);

		// publish, and the public sees it
		await page.getByRole('button', { name: '發布到網站' }).click();
		await page.waitForURL(`**/admin/courses/${courseId}?saved=1`);
		await go(page, `/courses/${courseId}`);
		assert.match(await page.locator('h1').innerText(), /長者平板入門（瀏覽器測試）/);

		// attendance page of the first session
		await go(page, `/admin/courses/${courseId}`);
		await page.getByRole('link', { name: '點名／出席' }).first().click();
		await page.waitForURL(/\/admin\/sessions\/\d+\/attendance$/);
		await assertAccessible(page, 'attendance page');

		// news with a PDF
		await go(page, '/admin/announcements/new');
		await page.fill('#f-title', '春季班開始報名');
		await page.fill('#f-body', '**歡迎報名**\n\n- 名額 20 人\n- 詳見附件');
		await page.setInputFiles('#f-file', { name: '簡章.pdf', mimeType: 'application/pdf', buffer: PDF });
		await assertAccessible(page, 'announcement form');
		await page.getByRole('button', { name: '發布消息' }).click();
		await page.waitForURL(/\/admin\/announcements\/\d+\?saved=1$/);
		assert.match(await page.locator('ul.attachments').innerText(), /簡章\.pdf/);
		await assertAccessible(page, 'announcement edit page');
		await page.getByRole('link', { name: '在網站上查看' }).click();
		assert.match(await page.locator('.announcement-body').innerText(), /歡迎報名/);
		await assertAccessible(page, 'public announcement');

		await go(page, '/admin/import');
		await assertAccessible(page, 'import page');
		await go(page, '/admin/institutions');
		await assertAccessible(page, 'institution profile');
		await shot(page, 'backoffice-institution');
		// the form with mistakes is answered 400, as it should be
		assertNoConsoleErrors(page, [/status of 400 .*\/admin\/courses\)$/]);
	} finally {
		await page.context().close();
	}
});
