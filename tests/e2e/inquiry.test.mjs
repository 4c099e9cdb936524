// The consultation service in the browser: a visitor asks a question in
// two steps (the FAQ answers that match are shown before sending), is told
// what is missing (consent) with everything typed kept, sends it, keeps the
// case number and private link, and opens the case's page. Pages reached
// only by a form or a private link are checked with axe-core here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccessible, assertNoHorizontalScroll, go, launchBrowser, openPage, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a visitor asks a question, sees matching FAQ answers, and gets a private link', async () => {
	const page = await openPage(browser, { size: 'large' });
	try {
		await go(page, '/ask');
		await page.getByLabel('課程內容與報名').check();
		await page.getByLabel(/您的問題/).fill('我想學書法，週末有課嗎？');
		await page.getByRole('button', { name: '下一步' }).click();
		await page.waitForLoadState('load');
		// step 2: the demo FAQ about 書法入門 is offered first
		const help = page.locator('.faq-hits');
		assert.match(await help.innerText(), /書法入門/);
		assert.match(await page.locator('.pdpa').innerText(), /蒐集目的[\s\S]*您的權利[\s\S]*不提供的影響/);
		await assertAccessible(page, 'the question form, step 2');
		await shot(page, 'ask-step-2');

		// no consent: the form comes back, announced, with what was typed
		await page.getByLabel('電子郵件').fill('grandma@example.org');
		await page.getByRole('button', { name: '送出諮詢' }).click();
		await page.waitForLoadState('load');
		assert.match(await page.getByRole('alert').innerText(), /同意/);
		assert.equal(await page.getByLabel('電子郵件').inputValue(), 'grandma@example.org');
		await assertAccessible(page, 'step 2 with an error');

		// back to step 1 and forward again keeps the question
		await page.getByRole('button', { name: '回上一步修改問題' }).click();
		await page.waitForLoadState('load');
		assert.equal(await page.getByLabel(/您的問題/).inputValue(), '我想學書法，週末有課嗎？');
		await page.getByRole('button', { name: '下一步' }).click();
		await page.waitForLoadState('load');
		assert.equal(await page.getByLabel('電子郵件').inputValue(), 'grandma@example.org');

		await page.getByLabel(/我已閱讀/).check();
		await page.getByRole('button', { name: '送出諮詢' }).click();
		await page.waitForLoadState('load');
		assert.match(await page.locator('.case-no').innerText(), /\d{7}-\d{3}/);
		await assertAccessible(page, 'the question received');
		await shot(page, 'ask-received');

		await page.locator('.private-link a').click();
		await page.waitForURL(/\/inquiries\/[0-9a-f]{32}$/);
		assert.match(await page.locator('main').innerText(), /我想學書法/);
		await assertAccessible(page, "the case's private page");
		await shot(page, 'inquiry-status');
	} finally {
		await page.context().close();
	}
});

test('step 2 of the question form reflows at 320 CSS px in the largest text', async () => {
	for (const lang of ['zh-Hant', 'vi']) {
		const page = await openPage(browser, { size: 'xlarge', lang, width: 320, height: 640 });
		try {
			await go(page, '/ask');
			await page.locator('#f-topic-support').check();
			await page.locator('#f-question').fill('輪椅可以進教室嗎？');
			await page.locator('button[value="next"]').click();
			await page.waitForLoadState('load');
			await assertNoHorizontalScroll(page, `step 2 at 320px, ${lang} size xlarge`);
			await shot(page, `ask-step-2-320-${lang}`);
		} finally {
			await page.context().close();
		}
	}
});
