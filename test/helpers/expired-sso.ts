// A HOME whose SSO sign-in has ended: the wizard's SSO step signed in to the simulated Identity Center
// and wrote the profile and token cache; then the access token expired (in the cache and in the fake)
// and the Identity Center session ended (refresh refused). The simulated AWS runs on the real clock here,
// because the real Codex and Debian's AWS CLI sign and poll with it.
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {expect, vi} from 'vitest';
import {simulatedBrowser} from '../../source/core/browser.js';
import {prefixedEndpoints, resolvePaths, type Context, type Flags} from '../../source/core/context.js';
import {runWizard} from '../../source/core/driver.js';
import {formatCacheTime, tokenPath} from '../../source/core/aws-config/token-cache.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import {fakeAws} from './fake-aws.js';
import {recordingRenderer} from './recording-renderer.js';
import {SSO_FLAGS} from './wizard.js';

export const PROFILE = 'codex-bedrock';

export async function expiredSsoWorld(options: {deviceCode?: boolean; sessionEnded?: boolean} = {}) {
	const scenario = getScenario('happy');
	// By default the Identity Center session has ended too (the refresh token is refused).
	scenario.sso.refresh = options.sessionEnded === false ? 'ok' : 'invalid_grant';
	// Approved at the first poll: Debian's AWS CLI polls on the real clock (interval 1 s).
	scenario.sso.deviceApproval = {kind: 'approve', afterPolls: 0};
	const fake = await fakeAws({scenario});
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-expired-'));
	vi.stubEnv('HOME', home);
	vi.stubEnv('AWS_CONFIG_FILE', path.join(home, '.aws', 'config'));
	vi.stubEnv('CODEX_HOME', path.join(home, '.codex'));
	vi.stubEnv('DISPLAY', ':0');
	for (const [key, value] of Object.entries(fake.env())) vi.stubEnv(key, value);
	const context = (flags: Flags = {}): Context => ({
		env: {...process.env},
		paths: resolvePaths(process.env),
		clock: {now: () => Date.now(), sleep: async () => {}},
		flags,
		endpoints: prefixedEndpoints(fake.url),
		browser: simulatedBrowser(),
		signal: new AbortController().signal,
		version: 'test',
	});
	const flags = {...SSO_FLAGS, profile: PROFILE, ...(options.deviceCode ? {'use-device-code': true} : {})};
	const result = await runWizard({steps: [ssoProfile], ctx: context(flags), renderer: recordingRenderer([]), interactive: false});
	expect(result.state.failure).toBeUndefined();
	const tokenFile = tokenPath(path.join(home, '.aws', 'sso', 'cache'), PROFILE);
	const expire = () => {
		const token = JSON.parse(readFileSync(tokenFile, 'utf8')) as {accessToken: string; expiresAt: string};
		token.expiresAt = formatCacheTime(Date.now() - 60_000);
		writeFileSync(tokenFile, JSON.stringify(token));
		fake.state.accessTokens.get(token.accessToken)!.expiresAt = Date.now() - 60_000;
	};
	expire();
	return {fake, home, context, tokenFile, expire};
}

/** `codex exec` with only the given environment, in an empty directory; its process group is killed after 60 s. */
export function codexExec(env: Record<string, string>): Promise<{code: number | null; stdout: string; stderr: string}> {
	const cwd = mkdtempSync(path.join(tmpdir(), 'cbs-codex-work-'));
	const codex = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');
	return new Promise((resolve, reject) => {
		const child = spawn(codex, ['exec', '--skip-git-repo-check', '-s', 'read-only', '--ephemeral', 'Reply with the single word: ready'], {cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({code, stdout, stderr});
		});
	});
}
