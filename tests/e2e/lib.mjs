// Shared helpers for the browser tests: one headless Debian Chromium per test
// file (driven by playwright-core, never a downloaded browser), a fresh
// browser context per test holding the display-preference cookies, axe-core
// injected into the page, screenshots under test-output/e2e/.
//
// tests/e2e/run sets LIFELONG_URL (the server under test) and E2E_OUT; it
// runs from the repository root.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE = (process.env.LIFELONG_URL || '').replace(/\/$/, '');
if (!BASE)
	throw new Error('LIFELONG_URL is not set: run the browser tests with tests/e2e/run');
export const OUT = process.env.E2E_OUT || 'test-output/e2e';
mkdirSync(OUT, { recursive: true });

// The WCAG 2.0 and 2.1 level A and AA rules of axe-core.
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The three text sizes of the site's 字級 switch, and the contrast themes.
export const SIZES = ['normal', 'large', 'xlarge'];

// Launches headless Chromium. playwright's launch() itself creates a fresh
// temporary --user-data-dir (under TMPDIR, which tests/e2e/run points at its
// own temporary folder) and removes it on close.
export async function launchBrowser() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		timeout: 60_000,
		args: [
			'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
			'--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync',
			'--disable-dev-shm-usage', '--lang=zh-TW',
		],
	});
}

// Opens a page in a new context. opts: size ('normal'|'large'|'xlarge'),
// contrast ('normal'|'high'), lang (ll_lang cookie), width/height (CSS px),
// scale (deviceScaleFactor). The caller closes page.context().
// Console errors (CSP violations, failed sub-resources) are collected in
// page.consoleErrors.
export async function openPage(browser, opts = {}) {
	const context = await browser.newContext({
		viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
		deviceScaleFactor: opts.scale ?? 1,
		locale: 'zh-TW',
		timezoneId: 'Asia/Taipei',
	});
	const cookies = [];
	if (opts.size)
		cookies.push({ name: 'll_size', value: opts.size, url: BASE });
	if (opts.contrast)
		cookies.push({ name: 'll_contrast', value: opts.contrast, url: BASE });
	if (opts.lang)
		cookies.push({ name: 'll_lang', value: opts.lang, url: BASE });
	if (cookies.length)
		await context.addCookies(cookies);
	context.setDefaultTimeout(15_000);
	context.setDefaultNavigationTimeout(20_000);
	const page = await context.newPage();
	page.consoleErrors = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error')
			page.consoleErrors.push(`${msg.text()} (${msg.location()?.url ?? ''})`);
	});
	page.on('pageerror', (err) => page.consoleErrors.push(`page error: ${err.message}`));
	return page;
}

// Loads BASE+path and asserts the HTTP status (200 unless told).
export async function go(page, path, status = 200) {
	const res = await page.goto(BASE + path, { waitUntil: 'load' });
	assert.ok(res, `no response for ${path}`);
	assert.equal(res.status(), status, `GET ${path}: HTTP ${res.status()}, expected ${status}`);
	return res;
}

// Runs axe-core in the page with the WCAG 2.0/2.1 A and AA rules and fails
// with a readable list when anything is violated.
export async function assertAccessible(page, label) {
	const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
	if (!hasAxe)
		await page.evaluate(axeSource);
	const result = await page.evaluate(async (tags) => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		});
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 8).map((n) => ({
				target: n.target.join(' '), html: n.html.slice(0, 200),
				summary: n.failureSummary,
			})),
			count: v.nodes.length,
		}));
	}, WCAG_TAGS);
	if (result.length) {
		const text = result.map((v) =>
			`[${v.impact}] ${v.id}: ${v.help} (${v.count} node(s))\n` +
			v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${(n.summary || '').replace(/\n/g, '\n      ')}`).join('\n')
		).join('\n');
		assert.fail(`axe-core found ${result.length} WCAG A/AA violation(s) on ${label}:\n${text}`);
	}
}

// Asserts that the page logged no errors (a CSP violation, a sub-resource
// that failed to load, a script error). 'allow' lists regexps to ignore.
export function assertNoConsoleErrors(page, allow = []) {
	const errs = page.consoleErrors.filter((e) => !allow.some((re) => re.test(e)));
	assert.deepEqual(errs, [], `console errors on ${page.url()}`);
}

// Saves a full-page screenshot as test-output/e2e/NAME.png. A screenshot
// is a record, not a check: when Chromium cannot capture the whole page (it
// sometimes refuses very tall pages on a busy machine) it keeps the visible
// part, and failing that prints a warning rather than failing the test.
export async function shot(page, name) {
	const file = join(OUT, name.replace(/[^A-Za-z0-9._-]+/g, '_') + '.png');
	for (const fullPage of [true, true, false]) {
		try {
			await page.screenshot({ path: file, fullPage, timeout: 15_000 });
			return file;
		} catch (err) {
			if (!fullPage)
				console.log(`warning: no screenshot ${file}: ${err.message.split('\n')[0]}`);
		}
	}
	return null;
}

// Asserts that the document does not scroll sideways.
export async function assertNoHorizontalScroll(page, label) {
	const m = await page.evaluate(() => {
		const se = document.scrollingElement;
		// The widest element sticking out on the right, to name the culprit.
		let worst = null;
		for (const el of document.body.querySelectorAll('*')) {
			const right = el.getBoundingClientRect().right;
			if (right > se.clientWidth + 1 && (!worst || right > worst.right))
				worst = { right, tag: el.tagName.toLowerCase(), cls: el.className, text: (el.textContent || '').trim().slice(0, 60) };
		}
		return { scrollWidth: se.scrollWidth, clientWidth: se.clientWidth, worst };
	});
	assert.ok(m.scrollWidth <= m.clientWidth + 1,
		`${label}: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}` +
		(m.worst ? `; widest: <${m.worst.tag} class="${m.worst.cls}"> right=${Math.round(m.worst.right)} "${m.worst.text}"` : ''));
}

// The computed font size of the element matched by selector, in px.
export async function fontSizePx(page, selector) {
	return page.$eval(selector, (el) => parseFloat(getComputedStyle(el).fontSize));
}
