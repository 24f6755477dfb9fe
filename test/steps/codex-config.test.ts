// The Codex config step as the wizard runs it: files in a throwaway HOME and CODEX_HOME, Codex found
// (or not) on PATH, the real `codex doctor` as the judge, fake `codex` / `npm` scripts where a test
// needs Codex missing, old or failing.
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {vi, describe, expect, it} from 'vitest';
import type {Flags} from '../../source/core/context.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import type {Answers} from '../../source/core/types.js';
import {CODEX, doctorLoad, SYSTEM_PATH} from '../helpers/codex.js';
import type {ScriptedAnswer} from '../helpers/recording-renderer.js';
import {wizardWorld} from '../helpers/wizard.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/codex-config');
const ANSWERS: Answers = {profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5'};

/** A bin directory with shell scripts standing in for programs. */
function binWith(scripts: Record<string, string>): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-bin-'));
	for (const [name, body] of Object.entries(scripts)) {
		writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
		chmodSync(path.join(dir, name), 0o755);
	}
	return dir;
}

async function world(options: {config?: string; mode?: number; path?: string; awsProfiles?: string[]} = {}) {
	const w = await wizardWorld('happy');
	const codexHome = path.join(w.home, '.codex');
	mkdirSync(path.join(w.home, '.aws'), {recursive: true});
	writeFileSync(path.join(w.home, '.aws', 'config'), (options.awsProfiles ?? ['codex-bedrock']).map((p) => `[profile ${p}]\nregion = us-east-1\n`).join('\n'));
	if (options.config !== undefined) {
		mkdirSync(codexHome, {recursive: true});
		writeFileSync(path.join(codexHome, 'config.toml'), options.config, {mode: options.mode ?? 0o600});
		chmodSync(path.join(codexHome, 'config.toml'), options.mode ?? 0o600);
	}
	// Codex from node_modules/.bin (the real one) unless the test gives another PATH.
	vi.stubEnv('PATH', options.path ?? `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
	const run = (flags: Flags = {}, extra: {interactive?: boolean; script?: ScriptedAnswer[]} = {}) => w.run([codexConfig], flags, {answers: ANSWERS, ...extra});
	const files = () => readdirSync(codexHome).filter((f) => f.endsWith('.toml') || f.includes('.bak-') || f.includes('.broken-')).sort();
	const read = (name: string) => readFileSync(path.join(codexHome, name), 'utf8');
	return {...w, codexHome, run, files, read};
}

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

describe('Codex config step', () => {
	it('on a new machine: writes config.toml (0600) with Bedrock as the default, and codex doctor agrees', async () => {
		const w = await world();
		const {result, notes, blocks} = await w.run({});
		expect(result.exitCode).toBe(0);
		expect(w.read('config.toml')).toBe('model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n\n[model_providers.amazon-bedrock.aws]\nprofile = "codex-bedrock"\nregion = "us-east-1"\n');
		expect(statSync(path.join(w.codexHome, 'config.toml')).mode & 0o777).toBe(0o600);
		expect(notes).toContain("Bedrock becomes Codex's default provider. (Pass --codex-profile NAME to keep it separate.)");
		expect(notes).toContain('Codex CLI 0.169.0');
		expect(notes).toContain('codex doctor: the config loads; provider amazon-bedrock, model openai.gpt-5.5');
		expect(blocks.find((b) => b.title === 'Changes to ~/.codex/config.toml')?.lines).toContain('+model_provider = "amazon-bedrock"');
		expect(result.state.steps.find((s) => s.id === 'codex-config')?.summary).toBe('codex → openai.gpt-5.5 in us-east-1 via amazon-bedrock (AWS profile codex-bedrock)');
		// The check ran on a copy: doctor's state databases are not in the user's CODEX_HOME.
		expect(readdirSync(w.codexHome)).toEqual(['config.toml']);
		expect(await doctorLoad(w.codexHome)).toMatchObject({status: 'ok', provider: 'amazon-bedrock', model: 'openai.gpt-5.5'});
	});

	it('edits an existing file in place: backup first, mode kept, and a second run changes nothing and makes no backup', async () => {
		const w = await world({config: fixture('commented.toml'), mode: 0o640});
		const first = await w.run({});
		expect(first.result.exitCode).toBe(0);
		expect(w.read('config.toml')).toBe(fixture('expected/commented.default.toml'));
		expect(statSync(path.join(w.codexHome, 'config.toml')).mode & 0o777).toBe(0o640);
		const backups = w.files().filter((f) => f.startsWith('config.toml.bak-'));
		expect(backups).toHaveLength(1);
		expect(w.read(backups[0]!)).toBe(fixture('commented.toml'));

		const second = await w.run({});
		expect(second.result.exitCode).toBe(0);
		expect(second.notes).toContain('~/.codex/config.toml already points Codex at openai.gpt-5.5 in us-east-1 with the profile codex-bedrock; nothing to change.');
		expect(second.blocks.filter((b) => b.title.startsWith('Changes to'))).toEqual([]);
		expect(w.files().filter((f) => f.startsWith('config.toml.bak-'))).toHaveLength(1);
	});

	it('--codex-profile writes <name>.config.toml and leaves config.toml byte for byte', async () => {
		const w = await world({config: fixture('mcp-servers.toml')});
		const {result, notes} = await w.run({'codex-profile': 'bedrock'});
		expect(result.exitCode).toBe(0);
		expect(w.read('config.toml')).toBe(fixture('mcp-servers.toml'));
		expect(w.read('bedrock.config.toml')).toBe(fixture('expected/mcp-servers.bedrock.config.toml'));
		expect(w.files()).toEqual(['bedrock.config.toml', 'config.toml']);
		expect(notes).toContain('codex doctor: the config loads; provider amazon-bedrock, model openai.gpt-5.5');
		expect(result.state.answers.codexProfile).toBe('bedrock');
		expect(result.state.steps.find((s) => s.id === 'codex-config')?.summary).toBe('codex --profile bedrock → openai.gpt-5.5 in us-east-1 via amazon-bedrock (AWS profile codex-bedrock)');
	});

	it('asks which shape when the file already uses another provider; "profile" asks the name', async () => {
		const w = await world({config: fixture('mcp-servers.toml')});
		const {result, renderer} = await w.run({}, {interactive: true, script: ['profile', 'bedrock-team', true]});
		expect(result.exitCode).toBe(0);
		expect(renderer.asked.map((q) => q.id)).toEqual(['codex-shape', 'codex-profile', 'write-codex-config']);
		expect(renderer.asked[0]!.message).toBe('config.toml uses the "openai" provider. How should Codex use Bedrock?');
		expect(w.files()).toEqual(['bedrock-team.config.toml', 'config.toml']);
	});

	it('with --yes and another provider, Bedrock becomes the default (with a backup)', async () => {
		const w = await world({config: fixture('mcp-servers.toml')});
		const {result} = await w.run({yes: true});
		expect(result.exitCode).toBe(0);
		expect(w.read('config.toml')).toBe(fixture('expected/mcp-servers.default.toml'));
		expect(w.files().some((f) => f.startsWith('config.toml.bak-'))).toBe(true);
	});

	it('re-run on a broken setup: finds a Runtime ID, a refused region and a missing AWS profile, and repairs them', async () => {
		const w = await world({config: fixture('runtime-id.toml'), awsProfiles: ['codex-bedrock']});
		const {result, notes} = await w.run({});
		expect(result.exitCode).toBe(0);
		expect(notes).toEqual(
			expect.arrayContaining([
				'model = "openai.gpt-oss-120b-1:0" is a control-plane ID with a version suffix; Codex\'s Bedrock providers name it "openai.gpt-oss-120b".',
				'Codex refuses the region "us-west-1": Amazon Bedrock Mantle does not support it.',
				'Codex uses the AWS profile "dev", which is not in the AWS config file.',
			]),
		);
		expect(w.read('config.toml')).toBe(fixture('expected/runtime-id.default.toml'));
	});

	it('repairs a legacy profile selector and keys in the wrong table, saying why in the file', async () => {
		const w = await world({config: fixture('legacy-profiles.toml')});
		const {result, blocks} = await w.run({'codex-profile': 'bedrock'});
		expect(result.exitCode).toBe(0);
		expect(blocks.find((b) => b.title === 'Repairs')?.lines).toEqual([
			'Remove the legacy selector profile = "bedrock" from config.toml (Codex 0.134 and later refuse to start with it; use codex --profile bedrock).',
			'Move [profiles.bedrock] out of config.toml into bedrock.config.toml (codex --profile bedrock refuses to start while the legacy table exists).',
		]);
		expect(w.read('config.toml')).toBe(fixture('expected/legacy-profiles.profile-base.toml'));
		expect(w.read('bedrock.config.toml')).toBe(fixture('expected/legacy-profiles.bedrock.config.toml'));
	});

	it('says which credential Codex will sign with, in Codex\'s observed order, and what it ignores', async () => {
		const w = await world();
		vi.stubEnv('AWS_BEARER_TOKEN_BEDROCK', 'bedrock-api-key-c2VjcmV0');
		vi.stubEnv('OPENAI_API_KEY', 'sk-test-not-used');
		// Bedrock credentials Codex stored itself: they beat the variable, not aws.profile (test/contract).
		mkdirSync(w.codexHome, {recursive: true});
		writeFileSync(path.join(w.codexHome, 'auth.json'), JSON.stringify({auth_mode: 'bedrockApiKey', bedrock_api_key: {api_key: 'bedrock-api-key-c3RvcmVk', region: 'us-east-1'}}));
		const {notes, result} = await w.run({});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('Codex will sign its Bedrock requests with the AWS profile "codex-bedrock" (aws.profile in config.toml).');
		expect(notes).toContain(
			'the Bedrock API key Codex stored in auth.json (region us-east-1), the Bedrock API key in AWS_BEARER_TOKEN_BEDROCK: Codex does not use them, because the AWS profile "codex-bedrock" (aws.profile in config.toml) comes first (other AWS tools in this shell may still use them). Fix: run `codex logout` (it removes the Bedrock credentials Codex stored in auth.json, and also the Bedrock settings in config.toml: re-run this wizard after it); unset AWS_BEARER_TOKEN_BEDROCK (and remove it from your shell profile)',
		);
		expect(notes.some((n) => n.startsWith('OPENAI_API_KEY is set'))).toBe(true);
		expect(notes.join('\n')).not.toContain('c2VjcmV0');
		expect(notes.join('\n')).not.toContain('c3RvcmVk');
	});

	it('Bedrock credentials Codex stored are not "signed in to OpenAI": Bedrock simply becomes the default', async () => {
		const w = await world();
		mkdirSync(w.codexHome, {recursive: true});
		writeFileSync(path.join(w.codexHome, 'auth.json'), JSON.stringify({auth_mode: 'bedrockAccessKeys', bedrock_access_keys: {access_key_id: 'AKIDEXAMPLE', secret_access_key: 'x'}}));
		const {notes, result} = await w.run({});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain("Bedrock becomes Codex's default provider. (Pass --codex-profile NAME to keep it separate.)");
		const openai = await world();
		mkdirSync(openai.codexHome, {recursive: true});
		writeFileSync(path.join(openai.codexHome, 'auth.json'), JSON.stringify({OPENAI_API_KEY: 'sk-test'}));
		const again = await openai.run({}, {interactive: true, script: ['default']});
		expect(again.renderer.asked.find((q) => q.id === 'codex-shape')?.message).toMatch(/^Codex is signed in to OpenAI\./);
	});

	describe('a config.toml that does not parse', () => {
		it('is shown with line and column and never overwritten; the step fails with its own code', async () => {
			const w = await world({config: fixture('broken.toml')});
			const {result, blocks} = await w.run({}, {interactive: true, script: [false]});
			expect(blocks.find((b) => b.title === '~/.codex/config.toml does not parse')?.lines[0]).toMatch(/^line 2, column \d+: /);
			expect(blocks.find((b) => b.title === '~/.codex/config.toml does not parse')?.lines[1]).toBe('2 | approval_policy = "on-request');
			expect(result.state.failure?.code).toBe('codex.config-invalid');
			expect(w.read('config.toml')).toBe(fixture('broken.toml'));
			expect(w.files()).toEqual(['config.toml']);
		});

		it('needs an explicit --set-aside-broken-config under --yes', async () => {
			const w = await world({config: fixture('broken.toml')});
			const {result} = await w.run({yes: true});
			expect(result.exitCode).toBe(2);
			expect(result.state.failure?.message).toMatch(/needs an explicit yes: pass --set-aside-broken-config/);
			expect(w.read('config.toml')).toBe(fixture('broken.toml'));
		});

		it('is renamed (not deleted) with consent, and a new file is started', async () => {
			const w = await world({config: fixture('broken.toml')});
			const {result, notes} = await w.run({yes: true, 'set-aside-broken-config': true});
			expect(result.exitCode).toBe(0);
			const aside = w.files().find((f) => f.startsWith('config.toml.broken-'))!;
			expect(w.read(aside)).toBe(fixture('broken.toml'));
			expect(notes).toContain(`Set aside: ~/.codex/config.toml is now ~/.codex/${aside}.`);
			expect(w.read('config.toml')).toContain('model_provider = "amazon-bedrock"');
		});
	});

	describe('Codex itself', () => {
		it('missing: says so, does not install under --yes, writes the config anyway', async () => {
			const w = await world({path: `${binWith({})}:${SYSTEM_PATH}`});
			const {result, notes} = await w.run({yes: true});
			expect(result.exitCode).toBe(0);
			expect(notes).toContain('The Codex CLI is not on PATH. The config is written anyway; Codex needs it to use Bedrock.');
			expect(notes).toContain('Skipped. Later: npm install -g @openai/codex@latest');
			expect(notes).toContain('Not checked by codex doctor (Codex is not installed).');
			expect(existsSync(path.join(w.codexHome, 'config.toml'))).toBe(true);
		});

		it('too old: offers the update, runs npm only after a yes, and shows its output', async () => {
			const bin = binWith({
				codex: 'echo "codex-cli 0.120.0"',
				// npm "installs" a newer codex into the same directory.
				npm: `echo "added 2 packages in 3s"; printf '#!/bin/sh\\necho "codex-cli 0.170.0"\\n' > "$(dirname "$0")/codex"; chmod +x "$(dirname "$0")/codex"`,
			});
			const w = await world({path: `${bin}:${SYSTEM_PATH}`});
			const {result, notes, blocks, renderer} = await w.run({}, {interactive: true, script: [true, true]});
			expect(result.exitCode).toBe(0);
			expect(notes).toContain('codex-cli 0.120.0 is too old: the built-in amazon-bedrock provider needs 0.128.0 or newer.');
			expect(renderer.asked[0]).toMatchObject({id: 'install-codex', message: 'Update Codex now with: npm install -g @openai/codex@latest?'});
			expect(blocks.find((b) => b.title === '$ npm install -g @openai/codex@latest')?.lines).toEqual(['added 2 packages in 3s']);
			expect(notes).toContain('Codex CLI 0.170.0 installed');
			// This stand-in has no doctor: the step says so instead of pretending.
			expect(notes.some((n) => n.startsWith('codex doctor could not check the config'))).toBe(true);
		});

		it('a profile file needs Codex 0.134 or newer', async () => {
			const w = await world({path: `${binWith({codex: 'echo "codex-cli 0.130.0"'})}:${SYSTEM_PATH}`});
			const {notes} = await w.run({'codex-profile': 'bedrock'});
			expect(notes).toContain('codex-cli 0.130.0 is too old: Codex profile files need 0.134.0 or newer.');
		});

		it('a doctor that cannot load the config fails the step with its error', async () => {
			const report = JSON.stringify({overallStatus: 'fail', checks: {'config.load': {id: 'config.load', status: 'fail', summary: 'config could not be loaded', details: {error: 'invalid data'}, remediation: null}}});
			const bin = binWith({codex: `if [ "$1" = "--version" ]; then echo "codex-cli 0.169.0"; else echo '${report}'; exit 1; fi`});
			const w = await world({path: `${bin}:${SYSTEM_PATH}`});
			const {result} = await w.run({});
			expect(result.state.failure).toMatchObject({code: 'codex.doctor-rejected', message: 'codex doctor cannot load the config: invalid data.'});
		});
	});
});
