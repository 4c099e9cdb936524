// Keyboard use: the skip link comes first and moves focus to the main
// content; the ":::" accesskey anchors (U top, C content, Z footer) exist.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, go, launchBrowser, openPage, shot } from './lib.mjs';
import { PUBLIC_PAGES, resolvePath } from './pages.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const active = (page) => page.evaluate(() => {
	const el = document.activeElement;
	const r = el.getBoundingClientRect();
	return {
		tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
		href: el.getAttribute('href'), text: (el.textContent || '').trim().slice(0, 40),
		visible: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
			r.left < innerWidth && r.top < innerHeight,
	};
});

test('Tab from the top reaches the skip link first; Enter moves focus to main', async () => {
	const page = await openPage(browser, { size: 'large' });
	try {
		await go(page, '/');
		await page.keyboard.press('Tab');
		const first = await active(page);
		assert.equal(first.cls, 'skip', `first Tab stop is <${first.tag} class="${first.cls}"> "${first.text}"`);
		assert.equal(first.href, '#content');
		assert.ok(first.visible, 'the focused skip link is visible on screen');
		await shot(page, 'keyboard-skip-link-focused');

		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.activeElement?.id === 'content');
		const main = await active(page);
		assert.equal(main.tag, 'main');
		assert.equal(page.url(), BASE + '/#content');
		// The next Tab continues inside the main content, not back at the top.
		await page.keyboard.press('Tab');
		const next = await page.evaluate(() =>
			document.getElementById('content').contains(document.activeElement));
		assert.ok(next, 'Tab after the skip link stays in main');
	} finally {
		await page.context().close();
	}
});

for (const p of PUBLIC_PAGES) {
	test(`accesskey anchors U, C, Z exist on ${p.name}`, async () => {
		const page = await openPage(browser);
		try {
			await go(page, await resolvePath(page, p, BASE), p.status ?? 200);
			const keys = await page.evaluate(() =>
				[...document.querySelectorAll('a[accesskey]')].map((a) => ({
					key: a.getAttribute('accesskey'), id: a.id, href: a.getAttribute('href'),
					text: a.textContent, title: a.title,
					where: a.closest('header') ? 'header' : a.closest('main') ? 'main' :
						a.closest('footer') ? 'footer' : 'elsewhere',
				})));
			assert.deepEqual(keys.map((k) => [k.key, k.where]),
				[['U', 'header'], ['C', 'main'], ['Z', 'footer']]);
			for (const k of keys) {
				assert.equal(k.text, ':::');
				assert.equal(k.href, `#${k.id}`);
				assert.ok(k.title.length > 0, `accesskey ${k.key} has a title`);
			}
		} finally {
			await page.context().close();
		}
	});
}

// WCAG 2.4.7: every stop of the first Tab presses shows where focus is.
for (const contrast of ['normal', 'high']) {
	test(`focus is visible at each Tab stop (contrast ${contrast})`, async () => {
		const page = await openPage(browser, { contrast });
		try {
			await go(page, '/search?q=%E6%9B%B8%E6%B3%95');
			const stops = [];
			for (let i = 0; i < 40; i++) {
				await page.keyboard.press('Tab');
				stops.push(await page.evaluate(() => {
					const el = document.activeElement;
					const cs = getComputedStyle(el);
					const r = el.getBoundingClientRect();
					return {
						what: `<${el.tagName.toLowerCase()}> ${(el.textContent || el.value || el.name || '').trim().slice(0, 30)}`,
						outline: cs.outlineStyle !== 'none' ? parseFloat(cs.outlineWidth) : 0,
						inView: r.bottom > 0 && r.top < innerHeight && r.width > 0,
					};
				}));
				if (i === 12)
					await shot(page, `keyboard-focus-${contrast}`);
			}
			const bad = stops.filter((s) => s.what !== '<body> ' && (s.outline < 2 || !s.inView));
			assert.deepEqual(bad, [], 'Tab stops without a visible focus outline, or off screen');
			assert.ok(stops.filter((s) => s.outline >= 2).length >= 30, 'Tab moved through the page');
		} finally {
			await page.context().close();
		}
	});
}
