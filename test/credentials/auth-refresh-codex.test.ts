// Done when: through the TLS proxy, the real `codex exec` (0.169.0) with the wizard's config meets an
// ended SSO sign-in, runs the auth_refresh the wizard wrote (Debian's AWS CLI as `aws`, which signs in to
// the simulated Identity Center with a device code) and completes the prompt.
//
// Debian's AWS CLI 2.9 ignores AWS_ENDPOINT_URL_* variables, so it reaches the fake the way Codex does:
// HTTPS_PROXY (the TLS-intercepting proxy) and AWS_CA_BUNDLE (the test CA). BROWSER=true stands in for the
// browser Python's webbrowser module would open (the fake approves the device code at the first poll).
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {runWizard} from '../../source/core/driver.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {codexExec, expiredSsoWorld, PROFILE} from '../helpers/expired-sso.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';

const CODEX = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');
const AWS_CLI = '/usr/bin/aws';

describe('Codex signs in again by itself (auth_refresh)', () => {
	it.skipIf(!existsSync(AWS_CLI) && !process.env['CI'])('an ended SSO session: Codex runs the wizard\'s aws sso login and completes the prompt', {timeout: 150_000}, async () => {
		const {fake, home, context} = await expiredSsoWorld({deviceCode: true});
		// The wizard's Codex config step, on this machine (Debian's AWS CLI on PATH, the real Codex).
		// Debian's AWS CLI first on PATH (a pip-installed v1 may come first otherwise: it gets no auth_refresh).
		vi.stubEnv('PATH', `/usr/bin:/bin:${path.dirname(CODEX)}:${path.dirname(process.execPath)}`);
		const ctx = context({'use-device-code': true, 'codex-default': true});
		const renderer = recordingRenderer([]);
		const result = await runWizard({steps: [codexConfig], ctx, renderer, interactive: false, answers: {profile: PROFILE, ssoSession: PROFILE, startUrl: DEMO_START_URL, ssoRegion: 'us-east-1', region: 'us-east-1', model: 'openai.gpt-5.5'}});
		expect(result.state.failure).toBeUndefined();
		expect(renderer.notes.map((n) => n.message)).toContain(`When the sign-in ends, Codex runs aws sso login --profile ${PROFILE} (AWS CLI 2.9.19, device code) by itself and carries on.`);
		const toml = readFileSync(path.join(home, '.codex', 'config.toml'), 'utf8');
		expect(toml).toContain(['[model_providers.amazon-bedrock.aws.auth_refresh]', 'command = "aws"', `args = [ "sso", "login", "--profile", "${PROFILE}" ]`, 'timeout_ms = 600000'].join('\n'));

		const proxy = await interceptingProxy(fake);
		const before = fake.state.log.length;
		const run = await codexExec({PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, CODEX_HOME: path.join(home, '.codex'), HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA, AWS_CA_BUNDLE: TEST_CA, BROWSER: 'true'});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('ready');
		expect(run.stderr).toContain('AWS session has expired. Reauthenticating...');
		expect(run.stderr).toContain(`Successfully logged into Start URL: ${DEMO_START_URL}`);
		expect(run.stderr).toContain('Signed in with AWS.');
		expect(fake.state.log.slice(before).map((l) => `${l.operation} ${l.status}`)).toEqual([
			'CreateToken 400', // Codex's SDK tries the refresh token: the session has ended
			'GetRoleCredentials 401', // and the expired access token
			'StartDeviceAuthorization 200', // aws sso login, run by Codex
			'CreateToken 200',
			'GetRoleCredentials 200', // Codex again, with the new token
			'MantleResponses 200',
		]);
	});
});

describe('a browser sign-in keeps the device registration an older AWS CLI needs', () => {
	it.skipIf(!existsSync(AWS_CLI) && !process.env['CI'])('login (PKCE) after a device-code setup: Codex\'s aws sso login (2.9) still works when the session ends again', {timeout: 150_000}, async () => {
		const {loginWith} = await import('../../source/login-command.js');
		const {Writable} = await import('node:stream');
		const {fake, home, context, expire} = await expiredSsoWorld({deviceCode: true});
		vi.stubEnv('PATH', `/usr/bin:/bin:${path.dirname(CODEX)}:${path.dirname(process.execPath)}`);
		const setup = await runWizard({steps: [codexConfig], ctx: context({'use-device-code': true, 'codex-default': true}), renderer: recordingRenderer([]), interactive: false, answers: {profile: PROFILE, ssoSession: PROFILE, startUrl: DEMO_START_URL, ssoRegion: 'us-east-1', region: 'us-east-1', model: 'openai.gpt-5.5'}});
		expect(setup.state.failure).toBeUndefined();
		// The person signs in again with the browser (DISPLAY is set): a PKCE client, used for this sign-in only.
		const sink = new Writable({write: (_c, _e, done) => done()});
		expect(await loginWith(context({profile: PROFILE}), {color: false, output: sink})).toBe(0);
		expect(fake.state.log.map((l) => l.operation)).toContain('CreateToken');
		expire();
		const proxy = await interceptingProxy(fake);
		const run = await codexExec({PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, CODEX_HOME: path.join(home, '.codex'), HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA, AWS_CA_BUNDLE: TEST_CA, BROWSER: 'true'});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stderr).toContain('Signed in with AWS.');
		expect(run.stdout).toContain('ready');
	});
});
