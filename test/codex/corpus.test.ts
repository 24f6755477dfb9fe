// A corpus of real-looking ~/.codex/config.toml files (comments, dotted keys, inline tables, legacy
// profiles, MCP servers, CRLF, multi-line strings, a broken file). For each, in both shapes:
// - the result is exactly the expected bytes (golden files under fixtures/codex-config/expected,
//   reviewed by hand: everything outside our keys is the user's text, byte for byte);
// - it means exactly what was asked (@iarna/toml), and a second edit changes nothing;
// - the real Codex accepts it: `codex doctor --json` loads it as amazon-bedrock with our model and no
//   "ignored setting" warning, and `codex exec --strict-config` starts a turn with it.
import {mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {planCodexEdits, type CodexTarget} from '../../source/core/codex/config.js';
import {TomlSyntaxError, editToml, parseToml} from '../../source/core/codex/toml-edit.js';
import {doctorLoad, execProbe} from '../helpers/codex.js';

const DIR = path.resolve(import.meta.dirname, '../fixtures/codex-config');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.toml') && f !== 'broken.toml').sort();
const TARGET = {awsProfile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5'};

async function edit(text: string, shape: 'default' | 'profile', profileText = '') {
	const target: CodexTarget = {...TARGET, shape, ...(shape === 'profile' ? {codexProfile: 'bedrock'} : {})};
	const plan = planCodexEdits(text ? await parseToml(text) : undefined, profileText ? await parseToml(profileText) : undefined, target);
	const base = await editToml(text, plan.base);
	const profile = plan.profile ? await editToml(profileText, plan.profile) : undefined;
	return {base, profile, plan};
}

function codexHome(files: Record<string, string>): string {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-corpus-'));
	for (const [name, text] of Object.entries(files)) writeFileSync(path.join(home, name), text);
	return home;
}

describe('the config.toml corpus', () => {
	it('has the cases the issue names', () => {
		expect(FIXTURES).toEqual(expect.arrayContaining(['commented.toml', 'dotted.toml', 'inline.toml', 'legacy-profiles.toml', 'mcp-servers.toml', 'crlf.toml', 'empty.toml']));
	});

	for (const name of FIXTURES) {
		const original = readFileSync(path.join(DIR, name), 'utf8');
		const stem = name.replace(/\.toml$/, '');

		it(`${name}, Bedrock as the default: exact bytes, exact meaning, idempotent`, async () => {
			const {base} = await edit(original, 'default');
			await expect(base).toMatchFileSnapshot(`../fixtures/codex-config/expected/${stem}.default.toml`);
			const data = (await parseToml(base)) as Record<string, any>;
			expect(data['model_provider']).toBe('amazon-bedrock');
			expect(data['model']).toBe(TARGET.model);
			expect(data['model_providers']['amazon-bedrock']['aws']).toEqual({profile: TARGET.awsProfile, region: TARGET.region});
			expect(data['profile']).toBeUndefined();
			expect((await edit(base, 'default')).base).toBe(base);
			if (original.includes('\r\n')) expect(base.replace(/\r\n/g, '')).not.toContain('\n');
		});

		it(`${name}, Bedrock as the Codex profile "bedrock": the default is left alone`, async () => {
			const {base, profile} = await edit(original, 'profile');
			await expect(profile!).toMatchFileSnapshot(`../fixtures/codex-config/expected/${stem}.bedrock.config.toml`);
			if (base !== original) await expect(base).toMatchFileSnapshot(`../fixtures/codex-config/expected/${stem}.profile-base.toml`);
			const before = (await parseToml(original)) as Record<string, any>;
			const after = (await parseToml(base)) as Record<string, any>;
			// Only the legacy selector, the legacy [profiles.bedrock] table and ignored keys may go.
			for (const key of Object.keys(before)) if (!['profile', 'profiles', 'aws', 'model_providers'].includes(key)) expect(after[key]).toEqual(before[key]);
			const again = await edit(base, 'profile', profile!);
			expect(again.base).toBe(base);
			expect(again.profile).toBe(profile);
		});
	}

	it('codex doctor --json loads every default-shape result as amazon-bedrock with our model, without warnings', async () => {
		const results = await Promise.all(
			FIXTURES.map(async (name) => {
				const {base} = await edit(readFileSync(path.join(DIR, name), 'utf8'), 'default');
				return {name, load: await doctorLoad(codexHome({'config.toml': base}))};
			}),
		);
		for (const {name, load} of results) {
			expect({name, ...load}).toEqual({name, status: 'ok', provider: 'amazon-bedrock', model: TARGET.model});
		}
	}, 120_000);

	it('codex exec --strict-config starts a Bedrock turn with every result, in both shapes', async () => {
		const results = await Promise.all(
			FIXTURES.flatMap((name) => {
				const text = readFileSync(path.join(DIR, name), 'utf8');
				return [
					edit(text, 'default').then(async ({base}) => ({name: `${name} (default)`, probe: await execProbe(codexHome({'config.toml': base}))})),
					edit(text, 'profile').then(async ({base, profile}) => ({name: `${name} (profile)`, probe: await execProbe(codexHome({'config.toml': base, 'bedrock.config.toml': profile!}), {profile: 'bedrock'})})),
				];
			}),
		);
		for (const {name, probe} of results) {
			expect({name, accepted: probe.accepted, refusal: probe.refusal}).toEqual({name, accepted: true, refusal: undefined});
			// No AWS credentials in the throwaway HOME: the first error proves the Bedrock provider ran.
			expect(probe.firstError, name).toMatch(/AWS credentials/);
		}
	}, 180_000);

	it('the judges can say no: strict-config refuses an unknown key with its line, doctor reports a legacy selector', async () => {
		const bad = await execProbe(codexHome({'config.toml': 'model_provider = "amazon-bedrock"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\nbogus = 1\n'}));
		expect(bad.accepted).toBe(false);
		expect(bad.refusal).toMatch(/config\.toml:4:1: unknown configuration field `model_providers\.amazon-bedrock\.aws\.bogus`/);
		const legacy = await doctorLoad(codexHome({'config.toml': readFileSync(path.join(DIR, 'legacy-profiles.toml'), 'utf8')}));
		expect(legacy.status).toBe('fail');
	}, 60_000);

	it('a file that does not parse is refused with its line and column, and never edited', async () => {
		const broken = readFileSync(path.join(DIR, 'broken.toml'), 'utf8');
		const error = await editToml(broken, {set: [{path: ['model'], value: 'x'}]}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TomlSyntaxError);
		expect(error).toMatchObject({line: 2, column: expect.any(Number)});
	});
});
