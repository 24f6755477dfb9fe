// Model IDs as Codex sees them: every ID Codex 0.169.0's catalogue holds, on both providers (asked from the
// real binary: `codex debug models`), plus gpt-oss, parsed and sorted newest first; what Codex cannot use.
import {execFile} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {codexCannotUse, compareNewestFirst, parseModelId, PROVIDERS, type Route} from '../../source/core/bedrock/models.js';

const CODEX = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');

/** Codex's own catalogue for a provider, in Codex's order (priority). */
async function codexCatalogue(route: Route): Promise<Array<{slug: string; priority: number}>> {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-models-'));
	const provider = PROVIDERS[route];
	const {stdout} = await promisify(execFile)(CODEX, ['debug', 'models', '-c', `model_provider="${provider}"`, '-c', `model_providers.${provider}.aws.region="us-east-1"`], {
		env: {PATH: process.env['PATH'] ?? '', HOME: home, CODEX_HOME: home, NO_COLOR: '1'},
		timeout: 60_000,
		maxBuffer: 64 * 1024 * 1024,
	});
	return (JSON.parse(stdout) as {models: Array<{slug: string; priority: number}>}).models;
}

const GPT_OSS = ['openai.gpt-oss-120b', 'openai.gpt-oss-20b', 'openai.gpt-oss-safeguard-120b', 'openai.gpt-oss-safeguard-20b', 'openai.gpt-oss-120b-1:0'];

describe('model IDs', () => {
	it('sorts every ID in Codex 0.169.0\'s catalogue (both providers) plus gpt-oss newest first', {timeout: 90_000}, async () => {
		const [mantle, runtime] = await Promise.all([codexCatalogue('mantle'), codexCatalogue('runtime')]);
		const ids = [...mantle, ...runtime].map((m) => m.slug);
		// What the binary holds today: if Codex adds a model, this test names it.
		expect(new Set(mantle.map((m) => m.slug))).toEqual(new Set(['openai.gpt-6.1-sol', 'openai.gpt-6-astra', 'openai.gpt-6.1-terra', 'openai.gpt-6-sol', 'openai.gpt-6-luna', 'openai.gpt-5.6-sol', 'openai.gpt-5.6-terra', 'openai.gpt-5.6-luna', 'openai.gpt-5.5']));
		expect(runtime.every((m) => /^(global|us)\.openai\./.test(m.slug))).toBe(true);
		for (const id of ids) expect(parseModelId(id)?.family, id).toBe('gpt');

		// Oldest-looking first, in-region and profiles interleaved: the sort must do all the work.
		const shuffled = [...GPT_OSS, ...ids, 'openai.gpt-6-sol', 'us.openai.gpt-6-sol'].reverse();
		const sorted = shuffled.sort(compareNewestFirst);
		const bases = [...new Set(sorted.map((id) => parseModelId(id)!.base))];
		expect(bases).toEqual([
			'openai.gpt-6.1-sol',
			'openai.gpt-6.1-terra',
			'openai.gpt-6-astra',
			'openai.gpt-6-sol',
			'openai.gpt-6-luna',
			'openai.gpt-5.6-sol',
			'openai.gpt-5.6-terra',
			'openai.gpt-5.6-luna',
			'openai.gpt-5.5',
			'openai.gpt-oss-safeguard-120b',
			'openai.gpt-oss-safeguard-20b',
			'openai.gpt-oss-120b',
			'openai.gpt-oss-20b',
		]);
		// Within one model, the in-region ID first, then geographic, then global.
		expect([...new Set(sorted.filter((id) => parseModelId(id)!.base === 'openai.gpt-6-sol'))]).toEqual(['openai.gpt-6-sol', 'us.openai.gpt-6-sol', 'global.openai.gpt-6-sol']);
		// Versions never go up along the list; within one version, the order is Codex's own (its priority).
		const version = (id: string) => parseModelId(id)!.version;
		const gpt = sorted.filter((id) => version(id));
		for (let i = 1; i < gpt.length; i++) {
			const [a, b] = [version(gpt[i - 1]!)!, version(gpt[i]!)!];
			expect(a[0] * 100 + a[1] >= b[0] * 100 + b[1], `${gpt[i - 1]} before ${gpt[i]}`).toBe(true);
		}
		const priority = new Map(mantle.map((m) => [m.slug, m.priority]));
		const sameVersion = (x: string, y: string) => String(version(x)) === String(version(y));
		for (const x of mantle.map((m) => m.slug)) {
			for (const y of mantle.map((m) => m.slug)) {
				if (x !== y && sameVersion(x, y)) expect(Math.sign(compareNewestFirst(x, y)), `${x} vs ${y}`).toBe(Math.sign(priority.get(x)! - priority.get(y)!));
			}
		}
	});

	it('parses prefixes, scopes, variants and Runtime suffixes generally', () => {
		expect(parseModelId('global.openai.gpt-6.1-sol')).toMatchObject({prefix: 'global', scope: 'global', base: 'openai.gpt-6.1-sol', version: [6, 1], variant: 'sol'});
		expect(parseModelId('us.openai.gpt-6-luna')).toMatchObject({prefix: 'us', scope: 'geo', base: 'openai.gpt-6-luna', version: [6, 0], variant: 'luna'});
		expect(parseModelId('eu.openai.gpt-7')).toMatchObject({scope: 'geo', version: [7, 0]});
		expect(parseModelId('openai.gpt-oss-safeguard-120b-1:0')).toMatchObject({scope: 'in-region', family: 'gpt-oss', variant: 'safeguard', sizeB: 120, versionSuffix: '-1:0', base: 'openai.gpt-oss-safeguard-120b'});
		expect(parseModelId('not a model')).toBeUndefined();
		// A newer generation Codex does not know yet still sorts first.
		expect(['openai.gpt-6.1-sol', 'global.openai.gpt-7-nova', 'openai.gpt-oss-120b'].sort(compareNewestFirst)).toEqual(['global.openai.gpt-7-nova', 'openai.gpt-6.1-sol', 'openai.gpt-oss-120b']);
	});

	it('says why Codex cannot use a model on a route', () => {
		expect(codexCannotUse('openai.gpt-oss-120b', 'mantle')).toMatch(/only on Mantle's \/v1 route/);
		expect(codexCannotUse('openai.gpt-oss-120b', 'runtime')).toMatch(/cannot use it on either route/);
		expect(codexCannotUse('global.openai.gpt-6-sol', 'mantle')).toMatch(/only Bedrock Runtime .* serves profiles/);
		expect(codexCannotUse('global.openai.gpt-6-sol', 'runtime')).toBeUndefined();
		expect(codexCannotUse('openai.gpt-5.5', 'mantle')).toBeUndefined();
	});
});
