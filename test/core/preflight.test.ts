import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {browserAvailability, inspectMachine, nodeVersionOk, preflight} from '../../source/core/steps/preflight.js';
import {testContext} from '../helpers/context.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {runWizard} from '../../source/core/driver.js';

const linux = {node: '20.20.2', platform: 'linux' as const};

describe('preflight', () => {
	it('compares Node versions against 20.5', () => {
		expect(nodeVersionOk('20.5.0')).toBe(true);
		expect(nodeVersionOk('v20.4.9')).toBe(false);
		expect(nodeVersionOk('18.19.0')).toBe(false);
		expect(nodeVersionOk('22.0.0')).toBe(true);
		expect(nodeVersionOk('24.11.1')).toBe(true);
	});

	it('says where the files are, honouring AWS_CONFIG_FILE and CODEX_HOME', async () => {
		const ctx = testContext();
		const config = path.join(ctx.paths.home, 'elsewhere', 'aws-config');
		const findings = await inspectMachine(testContext({home: ctx.paths.home, env: {AWS_CONFIG_FILE: config, CODEX_HOME: path.join(ctx.paths.home, 'cx'), DISPLAY: ':0'}}), linux);
		expect(findings.find((f) => f.id === 'aws-config')?.message).toBe('AWS config: ~/elsewhere/aws-config (from AWS_CONFIG_FILE) does not exist yet; it will be created.');
		expect(findings.find((f) => f.id === 'codex-config')?.message).toBe('Codex config: ~/cx/config.toml (from CODEX_HOME) does not exist yet');
		expect(findings.some((f) => f.fatal)).toBe(false);
	});

	it('says which credential variables Codex ignores once aws.profile is written (Codex\'s observed order), without printing their values', async () => {
		const ctx = testContext({
			env: {AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-c2VjcmV0c2VjcmV0', AWS_ACCESS_KEY_ID: 'ASIAFAKEFAKEFAKE', AWS_SECRET_ACCESS_KEY: 'shh-very-secret', HTTPS_PROXY: 'http://user:pa55word@proxy.corp:3128', DISPLAY: ':0'},
		});
		const findings = await inspectMachine(ctx, linux);
		const text = findings.map((f) => f.message).join('\n');
		// aws.profile (which the wizard writes) beats both in Codex 0.169.0: test/contract/codex.contract.test.ts.
		expect(findings.filter((f) => f.tone === 'warning')).toEqual([]);
		expect(findings.find((f) => f.id === 'env-bearer')?.message).toContain('Codex uses it only when its config sets no aws.profile');
		expect(findings.find((f) => f.id === 'env-keys')?.message).toContain('Codex uses them only when its config sets no aws.profile');
		expect(text).toContain('HTTPS proxy: http://proxy.corp:3128');
		for (const secret of ['c2VjcmV0c2VjcmV0', 'ASIAFAKEFAKEFAKE', 'shh-very-secret', 'pa55word']) expect(text).not.toContain(secret);
	});

	it('auth.json: Codex\'s own Bedrock credentials are named (and `codex logout`), an OpenAI sign-in is not mistaken for them', async () => {
		const ctx = testContext({env: {DISPLAY: ':0'}});
		mkdirSync(ctx.paths.codexHome, {recursive: true});
		const authFile = path.join(ctx.paths.codexHome, 'auth.json');
		writeFileSync(authFile, JSON.stringify({auth_mode: 'bedrockApiKey', bedrock_api_key: {api_key: 'bedrock-api-key-c2VjcmV0', region: 'eu-west-1'}}));
		const stored = (await inspectMachine(ctx, linux)).find((f) => f.id === 'codex-auth');
		expect(stored?.message).toBe('Codex has stored Bedrock credentials of its own (a Bedrock API key for eu-west-1, in auth.json). They beat AWS_BEARER_TOKEN_BEDROCK and AWS_* variables but not aws.profile, which this wizard writes. `codex logout` removes them, but also the Bedrock settings in config.toml.');
		expect(stored?.message).not.toContain('c2VjcmV0');
		writeFileSync(authFile, JSON.stringify({OPENAI_API_KEY: 'sk-not-a-key'}));
		expect((await inspectMachine(ctx, linux)).find((f) => f.id === 'codex-auth')?.message).toBe('Codex is signed in to OpenAI (auth.json): the amazon-bedrock provider does not use that sign-in.');
	});

	it('AWS_CA_BUNDLE alone: Codex does not read it, CODEX_CA_CERTIFICATE is what to export', async () => {
		const ctx = testContext({env: {DISPLAY: ':0'}});
		const bundle = path.join(ctx.paths.home, 'corp-ca.pem');
		writeFileSync(bundle, 'pem');
		const findings = await inspectMachine(testContext({home: ctx.paths.home, env: {DISPLAY: ':0', AWS_CA_BUNDLE: bundle}}), linux);
		expect(findings.find((f) => f.id === 'ca-codex')).toMatchObject({tone: 'warning', message: expect.stringContaining('export CODEX_CA_CERTIFICATE=~/corp-ca.pem')});
		const withCodexCa = await inspectMachine(testContext({home: ctx.paths.home, env: {DISPLAY: ':0', AWS_CA_BUNDLE: bundle, CODEX_CA_CERTIFICATE: bundle}}), linux);
		expect(withCodexCa.find((f) => f.id === 'ca-codex')).toBeUndefined();
	});

	it('warns when a CA bundle variable points at a missing file', async () => {
		const ctx = testContext({env: {AWS_CA_BUNDLE: '/nonexistent/ca.pem', DISPLAY: ':0'}});
		const finding = (await inspectMachine(ctx, linux)).find((f) => f.id === 'ca-AWS_CA_BUNDLE');
		expect(finding).toMatchObject({tone: 'warning'});
		expect(finding?.message).toContain('is missing: TLS connections to AWS will fail');
	});

	it('fails when the AWS config path is a directory, and says which', async () => {
		const ctx = testContext();
		mkdirSync(path.join(ctx.paths.home, '.aws', 'config'), {recursive: true});
		const renderer = recordingRenderer();
		const result = await runWizard({steps: [preflight], ctx, renderer, interactive: false});
		expect(result.exitCode).toBe(1);
		expect(result.state.failure).toMatchObject({code: 'preflight.aws-config', message: 'AWS config: ~/.aws/config is a directory; fix it before going on.'});
		expect(result.state.failure?.diagnosis).toMatchObject({ruleId: 'local.machine', fix: ['Fix what the message names, then retry.']});
		expect(await preflight.detect?.(ctx, {})).toMatchObject({status: 'broken'});
	});

	it('passes on a healthy machine, with an existing config', async () => {
		const ctx = testContext({env: {DISPLAY: ':0'}});
		mkdirSync(path.join(ctx.paths.home, '.aws'));
		writeFileSync(path.join(ctx.paths.home, '.aws', 'config'), '[default]\nregion = us-east-1\n');
		const renderer = recordingRenderer();
		const result = await runWizard({steps: [preflight], ctx, renderer, interactive: false});
		expect(result.exitCode).toBe(0);
		expect(result.state.steps[0]?.summary).toMatch(/^Node\.js .* · no overrides in the environment$/);
		expect(renderer.notes.map((n) => n.message)).toContain('AWS config: ~/.aws/config');
	});

	it('knows when no browser can be opened', () => {
		expect(browserAvailability({SSH_CONNECTION: '1 2 3 4'}, 'darwin')).toEqual({available: false, reason: 'this is an SSH session'});
		expect(browserAvailability({}, 'linux').available).toBe(false);
		expect(browserAvailability({WAYLAND_DISPLAY: 'wayland-0'}, 'linux').available).toBe(true);
		expect(browserAvailability({}, 'darwin').available).toBe(true);
		// WSL: by its variables or its kernel, even with WSLg's DISPLAY.
		const wsl = {available: false, reason: "this is WSL, where the Windows browser often cannot reach the sign-in's loopback redirect"};
		expect(browserAvailability({DISPLAY: ':0', WSL_DISTRO_NAME: 'Ubuntu'}, 'linux', '')).toEqual(wsl);
		expect(browserAvailability({DISPLAY: ':0'}, 'linux', 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@...) #1 SMP')).toEqual(wsl);
		expect(browserAvailability({DISPLAY: ':0'}, 'linux', 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075)')).toEqual({available: true});
	});
});
