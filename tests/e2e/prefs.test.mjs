// The display preferences, clicked as a person would: the 字級 (text size)
// and 高對比 (high contrast) switches are plain links to /prefs that set a
// cookie and come back to the same page; no JavaScript needed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, assertAccessible, fontSizePx, go, launchBrowser, openPage, shot } from './lib.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Waits until the page's <html> element carries (or lacks) a class.
async function waitForHtmlClass(page, cls, present = true) {
	await page.waitForFunction(([c, want]) =>
		document.readyState === 'complete' &&
		document.documentElement.classList.contains(c) === want, [cls, present]);
}

test('text size switch: clicking 大 makes the text measurably larger and sticks', async () => {
	const page = await openPage(browser);
	try {
		await go(page, '/privacy');
		assert.match(await page.getAttribute('html', 'class'), /\bsize-normal\b/);
		const rootBefore = await fontSizePx(page, 'html');
		const h1Before = await fontSizePx(page, 'main h1');
		const pBefore = await fontSizePx(page, 'main p');
		await shot(page, 'prefs-size-before');

		await page.locator('.prefs').getByRole('link', { name: '大', exact: true }).click();
		await waitForHtmlClass(page, 'size-xlarge');
		assert.equal(page.url(), BASE + '/privacy', 'the switch returns to the page it was clicked on');
		const rootAfter = await fontSizePx(page, 'html');
		const h1After = await fontSizePx(page, 'main h1');
		const pAfter = await fontSizePx(page, 'main p');
		assert.ok(rootAfter >= rootBefore * 1.4, `root font-size ${rootBefore}px -> ${rootAfter}px`);
		assert.ok(h1After >= h1Before * 1.4, `h1 font-size ${h1Before}px -> ${h1After}px`);
		assert.ok(pAfter >= pBefore * 1.4, `paragraph font-size ${pBefore}px -> ${pAfter}px`);
		// The current size is marked for screen readers.
		assert.equal(await page.locator('.prefs a[aria-current="true"]').innerText(), '大');
		await shot(page, 'prefs-size-xlarge');

		// The choice is remembered on the next page.
		await go(page, '/sitemap');
		assert.match(await page.getAttribute('html', 'class'), /\bsize-xlarge\b/);
		assert.equal(await fontSizePx(page, 'html'), rootAfter);

		// And 小 brings it back.
		await page.locator('.prefs').getByRole('link', { name: '小', exact: true }).click();
		await waitForHtmlClass(page, 'size-normal');
		assert.equal(await fontSizePx(page, 'html'), rootBefore);
	} finally {
		await page.context().close();
	}
});

test('contrast switch: clicking 高對比 turns the background black, and back', async () => {
	const page = await openPage(browser);
	try {
		await go(page, '/');
		const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		const fg = () => page.evaluate(() => getComputedStyle(document.body).color);
		assert.equal(await bg(), 'rgb(255, 255, 255)');

		await page.locator('.prefs').getByRole('link', { name: '高對比', exact: true }).click();
		await waitForHtmlClass(page, 'contrast-high');
		assert.equal(page.url(), BASE + '/');
		assert.equal(await bg(), 'rgb(0, 0, 0)');
		assert.equal(await fg(), 'rgb(255, 255, 255)');
		await assertAccessible(page, '/ after switching to high contrast');
		await shot(page, 'prefs-contrast-high');

		await page.locator('.prefs').getByRole('link', { name: '一般對比', exact: true }).click();
		await waitForHtmlClass(page, 'contrast-high', false);
		assert.equal(await bg(), 'rgb(255, 255, 255)');
	} finally {
		await page.context().close();
	}
});
