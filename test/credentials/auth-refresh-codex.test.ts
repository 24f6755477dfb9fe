import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {simulatedBrowser} from '../../source/core/browser.js';
import {prefixedEndpoints, resolvePaths, type Context} from '../../source/core/context.js';
import {runWizard} from '../../source/core/driver.js';
import {tokenPath} from '../../source/core/aws-config/token-cache.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {codexConfigLines} from '../../source/core/steps/summary.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import {fakeAws} from '../helpers/fake-aws.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';
import {SSO_FLAGS} from '../helpers/wizard.js';

const CODEX = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');

function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{code: number | null; stdout: string; stderr: string}> {
	const cwd = mkdtempSync(path.join(tmpdir(), 'cbs-codex-work-'));
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
}

describe('experiment', () => {
	it('codex with an expired sign-in runs auth_refresh', {timeout: 120_000}, async () => {
		const scenario = getScenario('happy');
		scenario.sso.refresh = 'invalid_grant';
		scenario.sso.deviceApproval = {kind: 'approve', afterPolls: 0};
		const fake = await fakeAws({scenario});
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-ar-'));
		vi.stubEnv('HOME', home);
		vi.stubEnv('AWS_CONFIG_FILE', path.join(home, '.aws', 'config'));
		vi.stubEnv('DISPLAY', ':0');
		for (const [k, v] of Object.entries(fake.env())) vi.stubEnv(k, v);
		const ctx: Context = {env: {...process.env}, paths: resolvePaths(process.env), clock: {now: () => Date.now(), sleep: async () => {}}, flags: {...SSO_FLAGS, profile: 'codex-bedrock', 'use-device-code': true}, endpoints: prefixedEndpoints(fake.url), browser: simulatedBrowser(), signal: new AbortController().signal, version: 'test'};
		const result = await runWizard({steps: [ssoProfile], ctx, renderer: recordingRenderer([]), interactive: false});
		expect(result.state.failure).toBeUndefined();
		const file = tokenPath(path.join(home, '.aws', 'sso', 'cache'), 'codex-bedrock');
		const token = JSON.parse(readFileSync(file, 'utf8'));
		token.expiresAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
		writeFileSync(file, JSON.stringify(token));
		fake.state.accessTokens.get(token.accessToken)!.expiresAt = Date.now() - 60_000;
		const codexHome = path.join(home, '.codex');
		mkdirSync(codexHome);
		writeFileSync(path.join(codexHome, 'config.toml'), `${codexConfigLines({profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5'})!.join('\n')}\n\n[model_providers.amazon-bedrock.aws.auth_refresh]\ncommand = "aws"\nargs = ["sso", "login", "--profile", "codex-bedrock"]\ntimeout_ms = 60000\n`);
		const proxy = await interceptingProxy(fake);
		const before = fake.state.log.length;
		const env = {PATH: `/usr/bin:/bin`, HOME: home, CODEX_HOME: codexHome, HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA, AWS_CA_BUNDLE: TEST_CA, BROWSER: 'true'};
		const r = await run(CODEX, ['exec', '--skip-git-repo-check', '-s', 'read-only', '--ephemeral', 'Reply with the single word: ready'], env);
		console.log(r.code, r.stdout, r.stderr.slice(-4000));
		console.log(fake.state.log.slice(before).map((l) => `${l.operation} ${l.region} ${l.status}`));
		console.log(proxy.intercepted, proxy.refused);
		console.log(readFileSync(file,'utf8'));
	});
});
