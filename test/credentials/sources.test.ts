// Done when: a credential_process profile and a role-chain profile each go through the wizard to a
// completed test prompt and a completed `codex exec` (the real Codex, through the TLS proxy). The wizard
// uses them as they are (nothing in ~/.aws is written), proves them with STS, and Codex resolves them with
// its own AWS SDK: it runs the credential_process, and it calls STS AssumeRole with the source profile's
// keys, which live in AWS_SHARED_CREDENTIALS_FILE (honoured by the wizard and by Codex).
import {createHash, generateKeyPairSync} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {runWizard} from '../../source/core/driver.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {testPrompt} from '../../source/core/steps/test-prompt.js';
import {issueCredentials} from '../../source/fake-aws/credentials.js';
import {CODEX} from '../helpers/codex.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';
import {wizardWorld} from '../helpers/wizard.js';

async function runThroughWizard(home: string, profile: string, setUp: (w: Awaited<ReturnType<typeof wizardWorld>>) => void) {
	const world = await wizardWorld('happy', {home});
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${process.env['PATH'] ?? ''}`);
	setUp(world);
	const before = readFileSync(path.join(home, '.aws', 'config'), 'utf8');
	const proxy = await interceptingProxy(world.fake);
	const flags = {profile, region: 'us-east-1', model: 'openai.gpt-5.5', yes: true};
	const base = world.context(flags);
	const codexEnv = Object.fromEntries(Object.entries(base.env).filter(([key]) => !key.startsWith('AWS_ENDPOINT_URL')));
	const ctx = {...base, env: {...codexEnv, HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: TEST_CA}};
	const renderer = recordingRenderer();
	const result = await runWizard({steps: [ssoProfile, region, modelAccess, codexConfig, testPrompt], ctx, renderer, interactive: false});
	return {world, result, renderer, proxy, before, notes: renderer.notes.map((n) => n.message)};
}

/** `home/creds.sh`: a credential_process that prints role credentials the simulated AWS issued. */
function credentialProcessScript(world: Awaited<ReturnType<typeof wizardWorld>>, home: string): string {
	const keys = issueCredentials(world.fake.state, Date.now(), {accountId: '111122223333', roleName: 'BedrockDeveloper', ttlSeconds: 3600});
	const script = path.join(home, 'creds.sh');
	writeFileSync(script, `#!/bin/sh\nprintf '%s' '${JSON.stringify({Version: 1, AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey, SessionToken: keys.sessionToken})}'\n`);
	chmodSync(script, 0o700);
	return script;
}

function expectCompleted(run: Awaited<ReturnType<typeof runThroughWizard>>, home: string) {
	expect(run.result.state.failure).toBeUndefined();
	expect(run.notes.some((n) => /^Codex answered "ready" in [\d.]+ s, \d+ in \/ \d+ out tokens/.test(n))).toBe(true);
	expect(run.result.state.steps.find((s) => s.id === 'test-prompt')?.summary).toMatch(/^openai\.gpt-5\.5 answered in .*; through Codex: codex exec answered$/);
	// The profile was used as it is: ~/.aws/config is byte for byte what it was.
	expect(readFileSync(path.join(home, '.aws', 'config'), 'utf8')).toBe(run.before);
	expect(run.notes).toContain('No auth_refresh for Codex: profile ' + String(run.result.state.answers.profile) + ' is not an SSO profile: its own tool renews its credentials.');
}

describe('credential sources other than SSO, through the wizard and the real Codex', () => {
	it('a credential_process profile (granted, aws-vault style)', {timeout: 150_000}, async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-process-'));
		mkdirSync(path.join(home, '.aws'));
		const run = await runThroughWizard(home, 'granted-dev', (world) => {
			const keys = issueCredentials(world.fake.state, Date.now(), {accountId: '111122223333', roleName: 'BedrockDeveloper', ttlSeconds: 3600});
			const json = path.join(home, 'creds.json');
			writeFileSync(json, JSON.stringify({Version: 1, AccessKeyId: keys.accessKeyId, SecretAccessKey: keys.secretAccessKey, SessionToken: keys.sessionToken, Expiration: new Date(keys.expiresAt).toISOString()}), {mode: 0o600});
			const script = path.join(home, 'creds.sh');
			writeFileSync(script, `#!/bin/sh\nexec cat '${json}'\n`);
			chmodSync(script, 0o700);
			writeFileSync(path.join(home, '.aws', 'config'), `# mine\n[profile granted-dev]\ncredential_process = ${script}\nregion = us-east-1\n`);
		});
		expectCompleted(run, home);
		expect(run.notes).toContain(`Profile granted-dev: credential_process: ${path.join(home, 'creds.sh')}. The wizard uses it as it is and changes nothing in it.`);
		expect(run.result.state.steps.find((s) => s.id === 'sso-profile')?.summary).toBe('granted-dev · credential-process · account 111122223333');
	});

	it('a role chain (role_arn + source_profile) whose source keys are in AWS_SHARED_CREDENTIALS_FILE', {timeout: 150_000}, async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-chain-'));
		mkdirSync(path.join(home, '.aws'));
		const credentialsFile = path.join(home, 'elsewhere', 'credentials');
		const run = await runThroughWizard(home, 'bedrock-role', (world) => {
			vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentialsFile);
			const keys = issueCredentials(world.fake.state, Date.now(), {accountId: '111122223333', roleName: 'ReadOnly', ttlSeconds: 3600});
			mkdirSync(path.dirname(credentialsFile));
			writeFileSync(credentialsFile, `[base]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\naws_session_token = ${keys.sessionToken}\n`, {mode: 0o600});
			writeFileSync(path.join(home, '.aws', 'config'), `[profile base]\nregion = us-east-1\n\n[profile bedrock-role]\nrole_arn = arn:aws:iam::111122223333:role/BedrockDeveloper\nsource_profile = base\nregion = us-east-1\n`);
		});
		expectCompleted(run, home);
		expect(run.result.state.answers.identityArn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/BedrockDeveloper\//);
		// Codex assumed the role itself (its own AWS SDK), through the proxy.
		expect(run.proxy.intercepted.some((host) => /^sts\.(us-east-1\.)?amazonaws\.com:443$/.test(host))).toBe(true);
	});
});

describe('a console sign-in session (aws login: login_session), through the wizard and the real Codex', () => {
	it('the cached session in ~/.aws/login/cache is read by the SDK chain and by Codex (aws-config 1.8.12 has a login provider); nothing is written', {timeout: 150_000}, async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-login-'));
		mkdirSync(path.join(home, '.aws'));
		const session = 'arn:aws:iam::111122223333:user/dev';
		let cacheFile = '';
		let cached = '';
		const run = await runThroughWizard(home, 'console-dev', (world) => {
			const keys = issueCredentials(world.fake.state, Date.now(), {accountId: '111122223333', roleName: 'BedrockDeveloper', ttlSeconds: 3600});
			// The cache `aws login` writes: the file is the SHA-256 of the session's ARN; the fields are the ones
			// both the JS SDK (credential-provider-login) and Codex's aws-config read; the DPoP key is a real
			// P-256 key, used only to refresh.
			const dpopKey = generateKeyPairSync('ec', {namedCurve: 'P-256'}).privateKey.export({type: 'sec1', format: 'pem'}).toString();
			cacheFile = path.join(home, '.aws', 'login', 'cache', `${createHash('sha256').update(session).digest('hex')}.json`);
			mkdirSync(path.dirname(cacheFile), {recursive: true});
			cached = JSON.stringify({accessToken: {accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken: keys.sessionToken, accountId: '111122223333', expiresAt: new Date(keys.expiresAt).toISOString()}, tokenType: 'urn:aws:params:oauth:token-type:access_token_sigv4', clientId: 'arn:aws:signin:::devtools/same-device', refreshToken: 'refresh-token-not-used-while-the-access-token-lasts', idToken: 'id-token', dpopKey}, null, 2);
			writeFileSync(cacheFile, cached, {mode: 0o600});
			writeFileSync(path.join(home, '.aws', 'config'), `[profile console-dev]\nlogin_session = ${session}\nregion = us-east-1\n`);
		});
		expectCompleted(run, home);
		expect(run.result.state.steps.find((s) => s.id === 'sso-profile')?.summary).toMatch(/^console-dev · login-session · account 111122223333$/);
		// Neither the wizard nor Codex rewrote the session (no refresh was due).
		expect(readFileSync(cacheFile, 'utf8')).toBe(cached);
		// Codex signed with the session's keys itself: its one request through the proxy was Bedrock's.
		expect(run.proxy.intercepted.some((host) => host.startsWith('bedrock-mantle.us-east-1.'))).toBe(true);
	});
});

describe('the profile list', () => {
	it('offers the profiles the SDK chain can resolve, explains the others, and uses the one picked as it is', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-list-'));
		mkdirSync(path.join(home, '.aws'));
		const world = await wizardWorld('happy', {home});
		const script = credentialProcessScript(world, home);
		const config = `[profile granted-dev]\ncredential_process = ${script}\nregion = us-east-1\n\n[profile orphan]\nrole_arn = arn:aws:iam::111122223333:role/BedrockDeveloper\nsource_profile = gone\n`;
		writeFileSync(path.join(home, '.aws', 'config'), config);
		const {result, renderer, blocks} = await world.run([ssoProfile], {}, {interactive: true, script: ['__other__:granted-dev']});
		const list = renderer.asked.find((q) => q.id === 'profile');
		expect(list?.kind === 'select' && list.choices.map((c) => [c.value, c.hint])).toEqual([
			['__other__:granted-dev', `credential_process: ${script}`],
			['__new__', undefined],
		]);
		expect(blocks.find((b) => b.title === 'Profiles Codex could not use (not offered)')?.lines).toEqual(['orphan: its source_profile "gone" does not exist']);
		expect(result.state.failure).toBeUndefined();
		expect(result.state.answers).toMatchObject({profile: 'granted-dev', credentialSource: 'credential-process', accountId: '111122223333'});
		expect(readFileSync(path.join(home, '.aws', 'config'), 'utf8')).toBe(config);
	});
});

describe('doctor with a profile whose credentials come from elsewhere', () => {
	it('a credential_process profile passes as it is (no SSO sign-in needed) and STS proves it', async () => {
		const {runDoctor} = await import('../../source/core/doctor.js');
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-doctor-src-'));
		mkdirSync(path.join(home, '.aws'));
		mkdirSync(path.join(home, '.codex'));
		const world = await wizardWorld('happy', {home});
		const script = credentialProcessScript(world, home);
		writeFileSync(path.join(home, '.aws', 'config'), `[profile granted-dev]\ncredential_process = ${script}\nregion = us-east-1\n`);
		writeFileSync(path.join(home, '.codex', 'config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n\n[model_providers.amazon-bedrock.aws]\nprofile = "granted-dev"\nregion = "us-east-1"\n');
		const report = await runDoctor(world.context(), {offline: false});
		const status = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
		expect(status).toMatchObject({'aws.profile': 'pass', 'sso.token': 'pass', 'aws.identity': 'pass'});
		expect(report.checks.find((c) => c.id === 'aws.profile')?.summary).toBe(`granted-dev: credential_process: ${script}`);
	});
});

describe('--dry-run with a credential_process profile', () => {
	it('resolves it through the SDK chain (it writes nothing) and writes nothing itself', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-dry-src-'));
		mkdirSync(path.join(home, '.aws'));
		const world = await wizardWorld('happy', {home});
		const script = credentialProcessScript(world, home);
		const config = `[profile granted-dev]\ncredential_process = ${script}\nregion = us-east-1\n`;
		writeFileSync(path.join(home, '.aws', 'config'), config);
		const {result} = await world.run([ssoProfile, region], {profile: 'granted-dev', region: 'us-east-1'}, {dryRun: true});
		expect(result.state.failure).toBeUndefined();
		expect(readFileSync(path.join(home, '.aws', 'config'), 'utf8')).toBe(config);
	});
});
