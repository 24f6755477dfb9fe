// The evidence for not making our own command Codex's aws.credential_export (see
// source/core/codex/auth-refresh.ts and the README): what the real Codex 0.169.0 does.
// 1. While the Identity Center session lasts, Codex's own AWS SDK refreshes an expired access token with
//    the refresh token (CreateToken, grant refresh_token) and carries on: an export command would add
//    nothing to aws.profile.
// 2. Codex runs the export command with stderr (and stdin) closed: a command that must sign the user in
//    again cannot show its URL or code, so an export cannot restore an ended session either; only
//    auth_refresh can, and that must be `aws`.
// 3. Codex refuses aws.credential_export next to aws.profile.
import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {contractWorld, bedrockConfig} from '../contract/harness.js';
import {codexConfigLines} from '../../source/core/steps/summary.js';
import {codexExec, expiredSsoWorld, PROFILE} from '../helpers/expired-sso.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';
import {mkdirSync} from 'node:fs';

describe('what Codex does without auth_refresh or credential_export', () => {
	it('an expired access token with a live session: Codex\'s SDK refreshes it by itself and answers', {timeout: 90_000}, async () => {
		const {fake, home} = await expiredSsoWorld({sessionEnded: false});
		const codexHome = path.join(home, '.codex');
		mkdirSync(codexHome, {recursive: true});
		writeFileSync(path.join(codexHome, 'config.toml'), `${codexConfigLines({profile: PROFILE, region: 'us-east-1', model: 'openai.gpt-5.5'})!.join('\n')}\n`);
		const proxy = await interceptingProxy(fake);
		const before = fake.state.log.length;
		const run = await codexExec({PATH: process.env['PATH'] ?? '', HOME: home, CODEX_HOME: codexHome, HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA});
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('ready');
		expect(fake.state.log.slice(before).map((l) => `${l.operation} ${l.status}`)).toEqual(['CreateToken 200', 'GetRoleCredentials 200', 'MantleResponses 200']);
	});
});

describe('aws.credential_export in the real Codex', () => {
	it('runs the command with stderr closed (nothing it prints reaches the user) and uses its stdout', {timeout: 90_000}, async () => {
		const world = await contractWorld();
		const keys = world.keys();
		const script = path.join(world.home, 'export.sh');
		const json = JSON.stringify({Version: 1, AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey, SessionToken: keys.sessionToken, Expiration: new Date(Date.now() + 3600_000).toISOString()});
		// If stdin were a terminal or stderr shown, a sign-in could happen here: it cannot.
		writeFileSync(script, `#!/bin/sh\necho "OPEN THIS URL TO SIGN IN" >&2\nif [ -t 0 ]; then echo "stdin is a terminal" >&2; fi\nprintf '%s' '${json}'\n`);
		chmodSync(script, 0o700);
		world.writeCodexConfig(bedrockConfig({region: 'us-east-1', extra: ''}) + `[model_providers.amazon-bedrock.aws.credential_export]\ncommand = "${script}"\n`);
		const run = await world.exec();
		expect(run.code, run.stderr).toBe(0);
		expect(run.stdout).toContain('ready');
		expect(run.stderr).not.toContain('OPEN THIS URL TO SIGN IN');
		expect(run.inference.map((r) => (r.auth.kind === 'sigv4' ? r.auth.accessKeyId : r.auth.kind))).toEqual([keys.accessKeyId]);
	});

	it('is refused next to aws.profile', {timeout: 90_000}, async () => {
		const world = await contractWorld();
		world.writeCodexConfig(bedrockConfig({region: 'us-east-1', profile: 'x'}) + `[model_providers.amazon-bedrock.aws.credential_export]\ncommand = "/bin/true"\n`);
		const run = await world.exec();
		expect(run.code).not.toBe(0);
		expect(run.stderr).toContain('cannot be combined with aws.profile');
		expect(run.inference).toEqual([]);
	});
});
