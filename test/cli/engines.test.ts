// "No dependency may declare an engine newer than ours": every package in the lock file, the test-only
// ones included (CI runs the suite on Node 20), must accept the oldest Node this package says it runs on.
// vite 8 and rolldown, which vitest 4 pulls in by default, declare ^20.19.0; package.json pins vite 6.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

type Version = [number, number, number];

function parse(text: string): {version: Version; wildcard: number} {
	// 20, 20.x, 20.5, 20.5.0: `wildcard` is how many leading parts were given (x/* and missing parts are free).
	const parts = text.replace(/^v/, '').split('.');
	const numbers: number[] = [];
	for (const part of parts.slice(0, 3)) {
		if (part === 'x' || part === 'X' || part === '*' || part === '') break;
		numbers.push(Number.parseInt(part, 10));
	}
	const wildcard = numbers.length;
	while (numbers.length < 3) numbers.push(0);
	return {version: numbers as Version, wildcard};
}

function compare(a: Version, b: Version): number {
	for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
	return 0;
}

/** Whether `version` satisfies one comparator of a node-semver range (the forms packages use for engines). */
function comparator(version: Version, token: string): boolean {
	const match = /^(\^|~|>=|<=|>|<|=)?(.*)$/.exec(token)!;
	const operator = match[1] ?? '';
	const {version: bound, wildcard} = parse(match[2]!);
	const upper = (index: number): Version => {
		const next: Version = [bound[0], bound[1], bound[2]];
		next[index]! += 1;
		for (let i = index + 1; i < 3; i++) next[i] = 0;
		return next;
	};
	if (operator === '>=') return compare(version, bound) >= 0;
	if (operator === '>') return wildcard === 3 ? compare(version, bound) > 0 : compare(version, upper(Math.max(0, wildcard - 1))) >= 0;
	if (operator === '<=') return wildcard === 3 ? compare(version, bound) <= 0 : compare(version, upper(Math.max(0, wildcard - 1))) < 0;
	if (operator === '<') return compare(version, bound) < 0;
	if (operator === '^') {
		const index = bound[0] > 0 || wildcard <= 1 ? 0 : bound[1] > 0 || wildcard <= 2 ? 1 : 2;
		return compare(version, bound) >= 0 && compare(version, upper(index)) < 0;
	}
	if (operator === '~') return compare(version, bound) >= 0 && compare(version, upper(wildcard >= 2 ? 1 : 0)) < 0;
	// A bare or x-range version: the parts given must match.
	if (wildcard === 0) return true;
	return compare(version, bound) >= 0 && compare(version, upper(wildcard - 1)) < 0;
}

export function satisfies(version: string, range: string): boolean {
	const v = parse(version).version;
	return range.split('||').some((alternative) => {
		const text = alternative.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1');
		const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
		if (hyphen) return comparator(v, `>=${hyphen[1]}`) && comparator(v, `<=${hyphen[2]}`);
		return text === '' || text.split(/\s+/).every((token) => comparator(v, token));
	});
}

describe('engines', () => {
	it('the range reader agrees with node-semver on the forms packages use', () => {
		expect(satisfies('20.5.0', '>=20.5')).toBe(true);
		expect(satisfies('20.5.0', '>=20')).toBe(true);
		expect(satisfies('20.5.0', '^20.19.0 || >=22.12.0')).toBe(false);
		expect(satisfies('20.5.0', '^18.0.0 || ^20.0.0 || >=22.0.0')).toBe(true);
		expect(satisfies('20.5.0', '>=14.17')).toBe(true);
		expect(satisfies('20.5.0', '>= 20.6.0')).toBe(false);
		expect(satisfies('20.5.0', '^20.0.0 || ^22.0.0 || >=24.0.0')).toBe(true);
		expect(satisfies('20.5.0', '>=18 <21')).toBe(true);
		expect(satisfies('20.5.0', '20.x')).toBe(true);
		expect(satisfies('20.5.0', '*')).toBe(true);
		expect(satisfies('20.5.0', '~20.4.0')).toBe(false);
		expect(satisfies('20.5.0', '16 - 20')).toBe(true);
	});

	it('every package in the lock file accepts the oldest Node in package.json\'s engines', () => {
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {engines: {node: string}};
		const oldest = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(pkg.engines.node)?.[1];
		expect(oldest, 'package.json engines.node is ">=x.y"').toBeDefined();
		const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, {version?: string; engines?: {node?: string} | string[]}>};
		const newer = Object.entries(lock.packages)
			.filter(([name, entry]) => name !== '' && !Array.isArray(entry.engines) && entry.engines?.node && !satisfies(oldest!, entry.engines.node))
			.map(([name, entry]) => `${name.replace(/^node_modules\//, '')}@${entry.version} wants node ${(entry.engines as {node: string}).node}`);
		expect(newer).toEqual([]);
	});
});
