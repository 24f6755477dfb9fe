// Both of Codex's Bedrock routes, end to end with the real Codex CLI 0.169.0: the wizard probes, picks the
// route (with its reason), writes the config, sends the direct test prompt and then `codex exec` through the
// TLS proxy to the simulated AWS. What Codex sends on each route is pinned here too: the host, the path, the
// SigV4 service and region (test/codex/exec-fake.test.ts pins the Mantle request's headers and body).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {parseToml} from '../../source/core/codex/toml-edit.js';
import {runWizard} from '../../source/core/driver.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {testPrompt} from '../../source/core/steps/test-prompt.js';
import type {Flags} from '../../source/core/context.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const CODEX = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');

async function wizardThroughCodex(flags: Flags, scenario = 'happy') {
	const world = await wizardWorld(scenario);
	vi.stubEnv('DISPLAY', ':0');
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${process.env['PATH'] ?? ''}`);
	// Every request Codex sends, with the SigV4 scope it signed for.
	const seen: string[] = [];
	const proxy = await interceptingProxy(world.fake);
	const base = world.context({...SSO_FLAGS, profile: 'codex-bedrock', yes: true, ...flags});
	const codexEnv = Object.fromEntries(Object.entries(base.env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL')));
	const ctx = {...base, env: {...codexEnv, HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA}};
	const renderer = recordingRenderer();
	const logged = world.fake.state.log.length;
	const result = await runWizard({steps: [ssoProfile, region, modelAccess, codexConfig, testPrompt], ctx, renderer, interactive: false});
	const calls = world.fake.state.log.slice(logged).map((l) => `${l.operation} ${l.region ?? ''} ${l.status}`);
	const notes = renderer.notes.map((n) => n.message);
	const blocks = renderer.blocks.flatMap((b) => [b.title, ...b.lines]);
	const config = (await parseToml(readFileSync(path.join(world.home, '.codex', 'config.toml'), 'utf8'))) as Record<string, unknown>;
	return {world, result, notes, blocks, calls, proxy, config, seen};
}

describe('the real codex exec on each route, with the config the wizard wrote', () => {
	it('ca-central-1 (no Mantle): Runtime with the global profile, the residency note names where prompts go, codex exec answers', {timeout: 120_000}, async () => {
		const {result, notes, blocks, calls, proxy, config} = await wizardThroughCodex({region: 'ca-central-1'});
		expect(result.state.failure, JSON.stringify(result.state.failure)).toBeUndefined();
		expect(notes).toContain("Runtime: AWS's recommended endpoint, the only one in ca-central-1; 8 models Codex can use.");
		expect(config['model_provider']).toBe('amazon-bedrock-runtime');
		expect(config['model']).toBe('global.openai.gpt-6.1-sol');
		expect((config['model_providers'] as Record<string, {aws: unknown}>)['amazon-bedrock-runtime']!.aws).toEqual({profile: 'codex-bedrock', region: 'ca-central-1'});
		// Where prompts go, in words: any commercial Region, outside Canada; and the Canadian note.
		expect(blocks).toContain('Where prompts to global.openai.gpt-6.1-sol may be processed');
		expect(blocks.some((l) => /any commercial AWS Region worldwide, including Regions outside Canada/.test(l))).toBe(true);
		expect(blocks.some((l) => /keep sensitive data out of a pilot until the model, endpoint and path are approved in a Canadian region/.test(l))).toBe(true);
		expect(notes).toContain('codex doctor: the config loads; provider amazon-bedrock-runtime, model global.openai.gpt-6.1-sol');
		expect(notes.some((n) => /^Codex answered "ready"/.test(n))).toBe(true);
		// The direct test prompt and Codex's own request both went to Runtime in ca-central-1.
		expect(calls.filter((c) => c.startsWith('RuntimeResponses'))).toEqual(['RuntimeResponses ca-central-1 200', 'RuntimeResponses ca-central-1 200']);
		expect(calls.some((c) => c.startsWith('MantleResponses'))).toBe(false);
		expect(proxy.intercepted).toContain('bedrock-runtime.ca-central-1.amazonaws.com:443');
		expect(result.state.steps.find((s) => s.id === 'region')?.summary).toBe('ca-central-1 (Canada (Central)) · Runtime');
	});

	it('us-east-1 with a Mantle-only model: Mantle, with the reason, and codex exec answers', {timeout: 120_000}, async () => {
		const {result, notes, calls, proxy, config} = await wizardThroughCodex({region: 'us-east-1', model: 'openai.gpt-5.5'});
		expect(result.state.failure, JSON.stringify(result.state.failure)).toBeUndefined();
		expect(notes.some((n) => n.startsWith('Mantle: openai.gpt-5.5 is not on Runtime in us-east-1 for this account'))).toBe(true);
		expect(config['model_provider']).toBe('amazon-bedrock');
		expect(config['model']).toBe('openai.gpt-5.5');
		expect(notes.some((n) => /^Codex answered "ready"/.test(n))).toBe(true);
		expect(calls.filter((c) => c.startsWith('MantleResponses'))).toEqual(['MantleResponses us-east-1 200', 'MantleResponses us-east-1 200']);
		expect(proxy.intercepted).toContain('bedrock-mantle.us-east-1.api.aws:443');
	});

	it('us-east-1 by default: Runtime with the in-region model, and codex exec answers on bedrock-runtime', {timeout: 120_000}, async () => {
		const {result, notes, calls, config} = await wizardThroughCodex({region: 'us-east-1', route: 'runtime', model: 'openai.gpt-5.6-sol'});
		expect(result.state.failure, JSON.stringify(result.state.failure)).toBeUndefined();
		expect(config['model_provider']).toBe('amazon-bedrock-runtime');
		expect(config['model']).toBe('openai.gpt-5.6-sol');
		expect(notes.some((n) => /^Codex answered "ready"/.test(n))).toBe(true);
		expect(calls.filter((c) => c.startsWith('RuntimeResponses'))).toEqual(['RuntimeResponses us-east-1 200', 'RuntimeResponses us-east-1 200']);
	});
});
