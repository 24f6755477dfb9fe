// The README's "What we promise" section names, for each promise, the tests that keep it true: every one
// of them must exist (a promise whose test is gone is a promise nobody checks).
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

describe('README: What we promise', () => {
	it('covers files, backups, links, permissions, secrets and exit codes, each with tests that exist', () => {
		const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
		const section = /## What we promise\n([\s\S]*?)(?=\n## )/.exec(readme)?.[1] ?? '';
		for (const topic of ['Files', 'Backups', 'Links', 'Permissions', 'Secrets', 'Exit codes', 'Read-only']) expect(section).toContain(`**${topic}`);
		const promises = section.split('\n- ').slice(1);
		for (const promise of promises) {
			const tests = [...promise.matchAll(/`(test\/[^`]+\.test\.tsx?)`/g)].map((m) => m[1]!);
			expect(tests.length, promise.slice(0, 60)).toBeGreaterThan(0);
			for (const test of tests) expect(existsSync(path.join(root, test)), test).toBe(true);
		}
	});
});
