// The real Codex CLI (@openai/codex 0.169.0, a devDependency) completes a prompt against the simulated
// Bedrock Mantle, with what the wizard writes: the SSO step's ~/.aws/config profile and token cache, and
// the summary's config.toml lines. Codex's amazon-bedrock provider always calls
// https://bedrock-mantle.<region>.api.aws/openai/v1/responses, so it gets there through the
// TLS-intercepting proxy (HTTPS_PROXY) with the test CA (CODEX_CA_CERTIFICATE); the AWS SDK for Rust inside
// it fetches the role credentials from https://portal.sso.<region>.amazonaws.com the same way. Nothing
// else is reachable: the proxy refuses every other host (Codex also tries github.com and chatgpt.com).
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {codexConfigLines} from '../../source/core/steps/summary.js';
import {awsHost} from '../../source/fake-aws/hosts.js';
import {CODEX, codexChildren, killGroup} from '../helpers/codex.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const PROMPT = 'Reply with the single word: ready';
/** A run takes 2-3 s here; the bound only stops a hung Codex from holding the suite. */
const CODEX_TIMEOUT_MS = 45_000;

interface CodexRun {
	code: number | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
}

const children = codexChildren();

/** `codex exec` in an empty directory with only the given environment; killed (with its children) on time-out. */
function codexExec(env: Record<string, string>): Promise<CodexRun> {
	const cwd = mkdtempSync(path.join(tmpdir(), 'cbs-codex-work-'));
	return new Promise((resolve, reject) => {
		const child = spawn(CODEX, ['exec', '--skip-git-repo-check', '-s', 'read-only', '--ephemeral', PROMPT], {cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
		const pid = child.pid!;
		children.add(pid);
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(pid);
		}, CODEX_TIMEOUT_MS);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			children.delete(pid);
			resolve({code, stdout, stderr, timedOut});
		});
	});
}

/** The wizard's SSO step signs in to the simulated Identity Center and writes the profile and token cache; Codex is configured with the summary's lines. */
async function setUp(model: string) {
	const world = await wizardWorld();
	vi.stubEnv('DISPLAY', ':0'); // PKCE with the simulated browser
	const {result} = await world.run([ssoProfile], {...SSO_FLAGS, profile: 'codex-bedrock'});
	expect(result.state.failure).toBeUndefined();
	const codexHome = path.join(world.home, '.codex');
	mkdirSync(codexHome, {recursive: true});
	writeFileSync(path.join(codexHome, 'config.toml'), `${codexConfigLines({profile: 'codex-bedrock', region: 'us-east-1', model})!.join('\n')}\n`);
	// The simulated AWS keeps wizardWorld's clock, which stands still unless a step sleeps: Codex signs with
	// the real time, so the run must stay within SigV4's 5 minutes of it (it takes seconds).
	const proxy = await interceptingProxy(world.fake);
	const loggedBefore = world.fake.state.log.length;
	// Only what Codex needs: no AWS_ENDPOINT_URL_* (the Rust SDK would honour them), no AWS keys.
	const env = {PATH: process.env['PATH'] ?? '', HOME: world.home, CODEX_HOME: codexHome, HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA};
	const codexCalls = () => world.fake.state.log.slice(loggedBefore).map((l) => `${l.operation} ${l.region} ${l.status}`);
	return {...world, proxy, env, codexCalls};
}

describe('the real codex exec against the simulated Mantle', () => {
	it('openai.gpt-5.5 (served on /openai/v1) answers the prompt', {timeout: 90_000}, async () => {
		const {proxy, env, codexCalls} = await setUp('openai.gpt-5.5');
		const run = await codexExec(env);
		expect(run.timedOut, run.stderr).toBe(false);
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('ready');
		expect(codexCalls()).toEqual(['GetRoleCredentials us-east-1 200', 'MantleResponses us-east-1 200']);
		expect(new Set(proxy.intercepted)).toEqual(new Set(['portal.sso.us-east-1.amazonaws.com:443', 'bedrock-mantle.us-east-1.api.aws:443']));
		// What Codex tried beyond AWS (plugin sync, analytics) was refused, and no AWS host was.
		for (const refused of proxy.refused) expect(awsHost(refused.replace(/:\d+$/, ''))).toBeUndefined();
	});

	it('openai.gpt-oss-120b (served on /v1 only) fails through Codex with the route error, without retries', {timeout: 90_000}, async () => {
		const {env, codexCalls} = await setUp('openai.gpt-oss-120b');
		const run = await codexExec(env);
		expect(run.timedOut, run.stderr).toBe(false);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain("model `openai.gpt-oss-120b` isn't supported on this route");
		expect(run.stdout).not.toContain('ready');
		expect(codexCalls()).toEqual(['GetRoleCredentials us-east-1 200', 'MantleResponses us-east-1 400']);
	});
});

describe('the wizard\'s test prompt step, through the real Codex against the simulated Mantle', () => {
	it('the direct request and `codex exec` both answer, with the config the Codex config step wrote', {timeout: 90_000}, async () => {
		const {runWizard} = await import('../../source/core/driver.js');
		const {region} = await import('../../source/core/steps/region.js');
		const {modelAccess} = await import('../../source/core/steps/model-access.js');
		const {codexConfig} = await import('../../source/core/steps/codex-config.js');
		const {testPrompt} = await import('../../source/core/steps/test-prompt.js');
		const {recordingRenderer} = await import('../helpers/recording-renderer.js');
		const world = await wizardWorld();
		vi.stubEnv('DISPLAY', ':0');
		// Codex from node_modules/.bin, whether or not the runner put it on PATH (npm test does, node does not).
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${process.env['PATH'] ?? ''}`);
		const proxy = await interceptingProxy(world.fake);
		const flags = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5', yes: true};
		// The wizard's own calls go to the fake by endpoint (the SDK reads AWS_ENDPOINT_URL_* from process.env);
		// Codex gets what a user's shell would have, plus the proxy and the test CA.
		const base = world.context(flags);
		const codexEnv = Object.fromEntries(Object.entries(base.env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL')));
		const ctx = {...base, env: {...codexEnv, HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA}};
		const renderer = recordingRenderer();
		const result = await runWizard({steps: [ssoProfile, region, modelAccess, codexConfig, testPrompt], ctx, renderer, interactive: false});
		expect(result.state.failure).toBeUndefined();
		const notes = renderer.notes.map((n) => n.message);
		expect(notes).toContain('codex doctor: the config loads; provider amazon-bedrock, model openai.gpt-5.5');
		expect(notes.some((n) => /^Codex answered "ready" in [\d.]+ s, \d+ in \/ \d+ out tokens: \$[\d.]+\.$/.test(n))).toBe(true);
		expect(result.state.steps.find((s) => s.id === 'test-prompt')?.summary).toMatch(/^openai\.gpt-5\.5 answered in .*; through Codex: codex exec answered$/);
		expect(proxy.intercepted).toContain('bedrock-mantle.us-east-1.api.aws:443');
	});
});
