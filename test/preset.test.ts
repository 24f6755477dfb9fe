// Team presets: JSON and TOML, validated with a message naming the key; they answer the questions,
// flags override them, and `allowed` lists lock the choices. A non-interactive run with a preset
// completes against the simulated AWS without a single prompt.
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {runWizard} from '../source/core/driver.js';
import {STEPS} from '../source/core/steps/index.js';
import {UsageError} from '../source/core/errors.js';
import {applyPreset, loadPreset, presetFlags} from '../source/preset.js';
import {recordingRenderer} from './helpers/recording-renderer.js';
import {wizardWorld} from './helpers/wizard.js';
import {SYSTEM_PATH} from './helpers/codex.js';

const DOCS = path.resolve(import.meta.dirname, '../docs/presets');

function presetFile(content: unknown, ext = '.json'): string {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'cbs-preset-')), `team${ext}`);
	writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
	return file;
}

async function problemsOf(content: unknown, ext = '.json'): Promise<string> {
	const error = await loadPreset(presetFile(content, ext)).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(UsageError);
	return (error as Error).message;
}

describe('team presets', () => {
	it('the example presets in docs/ load, in JSON and in TOML', async () => {
		const json = await loadPreset(path.join(DOCS, 'example-team.json'));
		expect(presetFlags(json)).toEqual({
			'start-url': 'https://d-9067example.awsapps.com/start',
			'sso-region': 'us-east-1',
			'sso-session': 'acme',
			scopes: 'sso:account:access',
			profile: 'codex-bedrock',
			'account-id': '111122223333',
			'role-name': 'BedrockDeveloper',
			region: 'us-east-1',
			model: 'openai.gpt-5.5',
			'codex-profile': 'bedrock',
			'probe-regions': 'us-east-1,us-east-2',
		});
		const toml = await loadPreset(path.join(DOCS, 'example-team.toml'));
		expect(presetFlags(toml)).toMatchObject({'codex-default': true, region: 'us-east-1', model: 'openai.gpt-5.5'});
	});

	it.each<[string, unknown, string]>([
		['an unknown key', {regoins: {}}, '(top level): unknown key "regoins"'],
		['a typo in the start URL', {sso: {startUrl: 'https://d-123.awsapp.com/start'}}, 'sso.startUrl: Did you mean https://d-123.awsapps.com/start?'],
		['a region the tool does not know', {regions: {allowed: ['eu-west-1', 'xx-nowhere-1']}}, 'regions.allowed.1: "xx-nowhere-1" is not a Bedrock region this tool knows'],
		['a global profile under an in-region rule', {models: {allowed: ['global.openai.gpt-6-sol']}, inference: {scope: 'in-region'}}, 'models: "global.openai.gpt-6-sol" is a global inference profile, but inference.scope is in-region'],
		['a route that is not one', {route: 'bedrock'}, 'route: '],
		['an account ID as a number', {account: {id: 111122223333}}, 'account.id: '],
		['a short account ID', {account: {id: '1234'}}, 'account.id: an AWS account ID is 12 digits'],
		['a Runtime model ID', {models: {default: 'openai.gpt-oss-120b-1:0'}}, 'models.default: "openai.gpt-oss-120b-1:0" is a control-plane ID'],
		['a default outside the allowed list', {regions: {default: 'us-west-2', allowed: ['us-east-1']}}, 'regions.default: "us-west-2" is not in regions.allowed'],
		['a bad Codex profile name', {codex: {profile: 'my profile'}}, 'codex.profile: Codex profile names may contain only'],
	])('refuses %s, naming the key', async (_label, content, expected) => {
		expect(await problemsOf(content)).toContain(expected);
	});

	it('a file that does not parse says where', async () => {
		expect(await problemsOf('{"sso": {', '.json')).toMatch(/^--preset .*team\.json: not valid JSON/);
		expect(await problemsOf('[sso]\nstartUrl = "x\n', '.toml')).toMatch(/not valid TOML \(line 2, column \d+/);
	});

	it('flags override the preset, but not its locks', async () => {
		const file = path.join(DOCS, 'example-team.json');
		const preset = await loadPreset(file);
		expect(applyPreset(preset, file, {region: 'us-east-2'})['region']).toBe('us-east-2');
		expect(() => applyPreset(preset, file, {region: 'us-west-2'})).toThrow('--region us-west-2: the preset example-team.json allows only us-east-1, us-east-2.');
		expect(() => applyPreset(preset, file, {model: 'openai.gpt-oss-120b'})).toThrow('allows only openai.gpt-5.5, openai.gpt-5.4');
	});

	it('a non-interactive run with the preset completes against the simulated AWS with zero prompts', async () => {
		const world = await wizardWorld('happy');
		vi.stubEnv('PATH', `${SYSTEM_PATH}`);
		const file = path.join(DOCS, 'example-team.json');
		const preset = await loadPreset(file);
		const ctx = {...world.context(applyPreset(preset, file, {yes: true, 'skip-codex-exec': true})), locks: {regions: preset.regions!.allowed!, models: preset.models!.allowed!}};
		const renderer = recordingRenderer();
		const result = await runWizard({steps: [...STEPS], ctx, renderer, interactive: false});
		expect(result.state.failure).toBeUndefined();
		expect(result.exitCode).toBe(0);
		expect(renderer.asked).toEqual([]);
		expect(result.state.answers).toMatchObject({profile: 'codex-bedrock', accountId: '111122223333', roleName: 'BedrockDeveloper', region: 'us-east-1', model: 'openai.gpt-5.5', codexProfile: 'bedrock'});
		// Only the allowed regions were asked.
		expect(new Set(world.fake.state.log.filter((l) => l.operation === 'ListFoundationModels').map((l) => l.region))).toEqual(new Set(['us-east-1', 'us-east-2']));
	});

	it('in a terminal, only what the preset leaves open is asked, and a locked model list offers nothing else', async () => {
		const world = await wizardWorld('happy');
		vi.stubEnv('PATH', `${SYSTEM_PATH}`);
		const file = presetFile({sso: {startUrl: 'https://d-9067example.awsapps.com/start', region: 'us-east-1'}, account: {id: '111122223333', role: 'BedrockDeveloper'}, regions: {default: 'us-east-1'}, models: {allowed: ['openai.gpt-5.4', 'openai.gpt-oss-20b']}, codex: {default: true}});
		const preset = await loadPreset(file);
		const ctx = {...world.context(applyPreset(preset, file, {'skip-test-prompt': true})), locks: {models: preset.models!.allowed!}};
		// Answer every question with its default; record them.
		const script = Array.from({length: 20}, () => (q: import('../source/core/types.js').Question) => (q.kind === 'select' ? (q.default ?? q.choices[0]!.value) : q.kind === 'confirm' ? true : (q.default ?? '')));
		const scripted = recordingRenderer(script);
		const result = await runWizard({steps: [...STEPS], ctx, renderer: scripted, interactive: true});
		expect(result.exitCode).toBe(0);
		const model = scripted.asked.find((q) => q.id === 'model');
		// gpt-oss is allowed by the preset but Codex cannot use it (it calls /openai/v1): only GPT-5.4 is offered, on Mantle.
		expect(model?.kind === 'select' ? model.choices.map((c) => c.value) : []).toEqual(['openai.gpt-5.4']);
		expect(result.state.answers.route).toBe('mantle');
		// Start URL, SSO region, account, role, region and Codex shape came from the preset.
		expect(scripted.asked.filter((q) => q.kind !== 'confirm').map((q) => q.id)).toEqual(['profile-name', 'sso-session', 'scopes', 'model']);
	});
});
