// axe-core (WCAG 2.0/2.1 A and AA) on every public page type, in each of the
// three text sizes and once in the high-contrast theme; a screenshot of each.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	BASE, SIZES, assertAccessible, assertNoConsoleErrors, go, launchBrowser, openPage, shot,
} from './lib.mjs';
import { PUBLIC_PAGES, resolvePath } from './pages.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Each text size, the high-contrast theme, and two of the other interface
// languages (their own scripts, longer words) in larger sizes.
const variants = [
	...SIZES.map((size) => ({ label: `size ${size}`, size })),
	{ label: 'high contrast', size: 'normal', contrast: 'high' },
	{ label: 'vi size large', size: 'large', lang: 'vi' },
	{ label: 'th size xlarge', size: 'xlarge', lang: 'th' },
];

for (const p of PUBLIC_PAGES) {
	for (const v of variants) {
		test(`axe ${p.name} in ${v.label}`, async () => {
			const page = await openPage(browser, { size: v.size, contrast: v.contrast, lang: v.lang });
			try {
				const path = await resolvePath(page, p, BASE);
				await go(page, path, p.status ?? 200);
				await assertAccessible(page, `${path} in ${v.label}`);
				// The document's own 404 is expected on the not-found page.
				assertNoConsoleErrors(page, p.status === 404 ? [/status of 404/] : []);
				await shot(page, `a11y-${p.name}-${v.label.replace(/ /g, '-')}`);
			} finally {
				await page.context().close();
			}
		});
	}
}

// The check itself: axe must notice an image without alt text and text
// without enough contrast, or the tests above would prove nothing.
test('the axe check fails on a page with known violations', async () => {
	const page = await openPage(browser);
	try {
		await go(page, '/privacy');
		await page.evaluate(() => {
			const main = document.querySelector('main');
			const img = document.createElement('img');
			img.src = '/static/no-such-image.png';
			img.width = 20;
			img.height = 20;
			main.append(img);
			const p = document.createElement('p');
			p.textContent = '淺灰色的字';
			p.style.color = '#999999';
			p.style.background = '#ffffff';
			main.append(p);
		});
		await assert.rejects(assertAccessible(page, 'a page with planted violations'),
			(err) => /image-alt/.test(err.message) && /color-contrast/.test(err.message));
	} finally {
		await page.context().close();
	}
});
