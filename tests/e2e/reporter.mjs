// A node:test reporter that prints one TAP-style line per test, at the start
// of the line, so that tests/run counts every browser test the way it counts
// cmocka's TAP: "ok N - file: suite > test" or "not ok N - …" followed by the
// failure, indented with "#". Suites (describe) are not counted themselves;
// a failure outside any test (a file that does not load) is one "not ok".
import { relative } from 'node:path';

export default async function* flatTap(source) {
	let n = 0;
	const name = (data) => {
		const file = data.file ? relative(process.cwd(), data.file) : '?';
		return `${file}: ${data.name}`;
	};
	for await (const event of source) {
		const { type, data } = event;
		if (type === 'test:pass' || type === 'test:fail') {
			if (data.details?.type === 'suite' && type === 'test:pass')
				continue;
			const err = data.details?.error;
			// A suite that fails only because a test inside it failed is
			// already counted by that test.
			if (data.details?.type === 'suite' && err?.failureType === 'subtestsFailed')
				continue;
			if (data.skip || data.todo) {	/* not run: neither passed nor failed */
				yield `# skipped: ${name(data)}\n`;
				continue;
			}
			if (type === 'test:pass') {
				yield `ok ${++n} - ${name(data)} (${Math.round(data.details.duration_ms)} ms)\n`;
			} else {
				yield `not ok ${++n} - ${name(data)}\n`;
				const cause = err?.cause ?? err;
				const text = String(cause?.stack ?? cause?.message ?? cause ?? err);
				const lines = text.split('\n').filter((l) => !l.includes('(node:'));
				for (const line of lines.slice(0, 60))
					yield `#   ${line}\n`;
			}
		} else if (type === 'test:diagnostic') {
			if (!/^(tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(data.message))
				yield `# ${data.message}\n`;
		} else if (type === 'test:stderr' || type === 'test:stdout') {
			for (const line of String(data.message).replace(/\n$/, '').split('\n'))
				yield `# ${line}\n`;
		}
	}
	yield `1..${n}\n`;
}
