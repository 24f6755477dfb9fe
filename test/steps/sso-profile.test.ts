// The SSO profile step end to end through the real SDK clients against the simulated AWS: the same
// path a user takes, with the SDK's own fromIni and STS confirming what was written.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import type {Flags} from '../../source/core/context.js';
import {tokenPath} from '../../source/core/aws-config/token-cache.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import type {Scenario} from '../../source/fake-aws/types.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const FLAGS = SSO_FLAGS;

/** A fresh HOME, the simulated AWS, and a runner for the SSO step alone. */
async function setUp(scenario: string | Scenario = 'happy', options: {home?: string} = {}) {
	const world = await wizardWorld(scenario, options);
	const run = async (flags: Flags, interactive = false, script: Array<string | boolean> = []) => world.run([ssoProfile], flags, {interactive, script});
	return {...world, run, config: () => readFileSync(path.join(world.home, '.aws', 'config'), 'utf8')};
}

const operations = (fake: FakeAws) => fake.state.log.map((l) => l.operation);

describe('SSO profile step', () => {
	it('creates a profile with the PKCE flow, writes config and token cache as the AWS CLI does, and confirms the identity', async () => {
		const {fake, home, run, config} = await setUp();
		vi.stubEnv('DISPLAY', ':0'); // a desktop: the browser (simulated here) can open
		const {result, notes} = await run({...FLAGS, profile: 'codex-bedrock'});
		expect(result.state.failure).toBeUndefined();
		expect(config()).toBe(
			'[profile codex-bedrock]\nsso_session = codex-bedrock\nsso_account_id = 111122223333\nsso_role_name = BedrockDeveloper\nregion = us-east-1\n\n' +
				'[sso-session codex-bedrock]\nsso_start_url = https://d-9067example.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n',
		);
		const token = tokenPath(path.join(home, '.aws', 'sso', 'cache'), 'codex-bedrock');
		expect(statSync(token).mode & 0o777).toBe(0o600);
		expect(Object.keys(JSON.parse(readFileSync(token, 'utf8')))).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
		expect(operations(fake)).toEqual(expect.arrayContaining(['RegisterClient', 'CreateToken', 'ListAccounts', 'ListAccountRoles', 'GetRoleCredentials', 'GetCallerIdentity']));
		expect(operations(fake)).not.toContain('StartDeviceAuthorization');
		expect(result.state.answers).toMatchObject({profile: 'codex-bedrock', accountId: '111122223333', roleName: 'BedrockDeveloper', identityArn: expect.stringContaining('assumed-role/AWSReservedSSO_BedrockDeveloper')});
		expect(notes.at(-1)).toMatch(/^Signed in as arn:aws:sts::111122223333:assumed-role\/.* \(account 111122223333\); role credentials 60 min left\.$/);
	});

	it('a second run with the same answers changes nothing, makes no backup and reuses the token', async () => {
		const {fake, home, run, config} = await setUp();
		await run({...FLAGS, profile: 'codex-bedrock'});
		const before = config();
		const calls = fake.state.log.length;
		const {result, notes} = await run({...FLAGS, profile: 'codex-bedrock'});
		expect(result.exitCode).toBe(0);
		expect(config()).toBe(before);
		expect(readdirSync(path.join(home, '.aws'))).toEqual(['config', 'sso']);
		expect(fake.state.log.slice(calls).map((l) => l.operation)).not.toContain('CreateToken');
		expect(notes).toContain('~/.aws/config already has this profile; nothing to change.');
		expect(result.state.files).toEqual([]);
	});

	it('refreshes an expired sign-in with its refresh token instead of a new login', async () => {
		const {fake, home, run} = await setUp();
		await run({...FLAGS, profile: 'codex-bedrock'});
		const file = tokenPath(path.join(home, '.aws', 'sso', 'cache'), 'codex-bedrock');
		const token = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
		writeFileSync(file, JSON.stringify({...token, expiresAt: '2020-01-01T00:00:00Z'}));
		const calls = fake.state.log.length;
		const {result, notes} = await run({...FLAGS, profile: 'codex-bedrock'});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('Your SSO sign-in was refreshed; no new login needed.');
		const after = fake.state.log.slice(calls).map((l) => l.operation);
		expect(after).toContain('CreateToken');
		expect(after).not.toContain('StartDeviceAuthorization');
		expect(after).not.toContain('RegisterClient');
		expect(Date.parse(JSON.parse(readFileSync(file, 'utf8')).expiresAt)).toBeGreaterThan(Date.now());
	});

	it('slow_down makes the device flow wait 5 s longer between polls', async () => {
		const {getScenario} = await import('../../source/fake-aws/scenarios.js');
		const scenario = getScenario('happy');
		scenario.faults.push({operation: 'CreateToken', status: 400, errorType: 'SlowDownException', message: 'Client is polling too quickly', extraBody: {error: 'slow_down'}, times: 1});
		const {run, clock} = await setUp(scenario);
		const started = clock.now();
		const {result} = await run({...FLAGS, profile: 'p', 'use-device-code': true});
		expect(result.exitCode).toBe(0);
		// The first poll (+1 s) gets slow_down; after it the polls come every 6 s (1 + 5), not every 1 s.
		expect(clock.now() - started).toBeGreaterThanOrEqual(1_000 + 3 * 6_000);
	});

	it('signs in with a device code when asked, polling until approved', async () => {
		const {fake, run} = await setUp();
		const {result, renderer} = await run({...FLAGS, profile: 'dev', 'use-device-code': true});
		expect(result.exitCode).toBe(0);
		expect(operations(fake).filter((op) => op === 'CreateToken')).toHaveLength(3);
		const shown = renderer.blocks.find((b) => b.title.includes('sign in'));
		expect(shown?.lines[0]).toMatch(/^https:\/\/device\.sso\.us-east-1\.amazonaws\.com\/\?user_code=/);
		expect(shown?.lines[1]).toMatch(/^Code: [A-Z]{4}-[A-Z]{4}$/);
	});

	it('takes the only account and role and says so', async () => {
		const {run} = await setUp('single-account');
		const {result, notes} = await run({'start-url': DEMO_START_URL, 'sso-region': 'us-east-1', profile: 'p'});
		expect(result.exitCode).toBe(0);
		expect(notes).toContain('The only AWS account available to you is dev-sandbox (111122223333); using it.');
		expect(notes).toContain('The only role available to you is BedrockDeveloper; using it.');
	});

	it('asks for the account when there are several (pages collected), and --yes without --account-id names the flag', async () => {
		const {run} = await setUp();
		const interactive = await run({'start-url': DEMO_START_URL, 'sso-region': 'us-east-1', profile: 'p'}, true, ['p', 'sso:account:access', '444455556666', true]);
		expect(interactive.renderer.asked.map((q) => q.id)).toEqual(['sso-session', 'scopes', 'account-id', 'write-aws-config']);
		const accountQuestion = interactive.renderer.asked[2];
		expect(accountQuestion?.kind === 'select' && accountQuestion.choices.map((c) => c.label)).toEqual(['dev-sandbox (111122223333)', 'ml-platform (444455556666)']);
		expect(interactive.result.state.answers.accountId).toBe('444455556666');
		const {result} = await run({'start-url': DEMO_START_URL, 'sso-region': 'us-east-1', profile: 'q'});
		expect(result.exitCode).toBe(2);
		expect(result.state.failure?.message).toContain('pass --account-id');
	});

	it.each([
		['device-denied', 'oidc.access_denied', 'The sign-in was denied in the browser.'],
		['no-accounts', 'sso.no-accounts', 'No AWS accounts are assigned to you in IAM Identity Center.'],
	])('scenario %s fails as %s, writing no config', async (scenario, code, message) => {
		const {home, run} = await setUp(scenario);
		const {result} = await run({...FLAGS, profile: 'p'});
		expect(result.exitCode).toBe(1);
		expect(result.state.failure).toMatchObject({code, message});
		expect(readdirSync(home).includes('.aws') ? readdirSync(path.join(home, '.aws')) : []).not.toContain('config');
	});

	it('PKCE denied in the browser: the redirect carries access_denied', async () => {
		const {run} = await setUp('device-denied');
		vi.stubEnv('DISPLAY', ':0');
		const {result} = await run({...FLAGS, profile: 'p'});
		expect(result.state.failure).toMatchObject({code: 'oidc.access_denied', hint: 'Run the login again and choose Allow.'});
	});

	it('expired-token: role credentials that come back expired fail the identity check as ExpiredToken', async () => {
		const {run} = await setUp('expired-token');
		const {result} = await run({...FLAGS, profile: 'p'});
		expect(result.state.failure).toMatchObject({code: 'aws.ExpiredToken', httpStatus: 403, message: 'The security token included in the request is expired', requestId: expect.any(String)});
	});

	it('the wrong SSO region is named as the likely cause', async () => {
		const {run} = await setUp();
		const {result} = await run({...FLAGS, 'sso-region': 'eu-west-1', profile: 'p', 'use-device-code': true});
		expect(result.state.failure).toMatchObject({code: 'oidc.invalid_request', message: `IAM Identity Center in eu-west-1 does not accept ${DEMO_START_URL}.`, hint: expect.stringContaining('Check the SSO region')});
	});

	it('device-expired with the device flow: the code expires while polling', async () => {
		const {run} = await setUp('device-expired');
		const {result} = await run({...FLAGS, profile: 'p', 'use-device-code': true});
		expect(result.state.failure).toMatchObject({code: 'oidc.expired_token'});
	});

	it('keeps every byte of an existing config outside the edited sections, with a backup', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-sso-'));
		mkdirSync(path.join(home, '.aws'));
		const original = readFileSync(path.resolve(import.meta.dirname, '../fixtures/aws-config/commented.ini'), 'utf8');
		writeFileSync(path.join(home, '.aws', 'config'), original);
		const {run, config} = await setUp('happy', {home});
		const {result} = await run({...FLAGS, profile: 'codex-bedrock', 'sso-session': 'codex-bedrock'});
		expect(result.exitCode).toBe(0);
		expect(config().startsWith(original)).toBe(true);
		const backups = readdirSync(path.join(home, '.aws')).filter((f) => f.startsWith('config.bak-'));
		expect(backups).toHaveLength(1);
		expect(readFileSync(path.join(home, '.aws', backups[0]!), 'utf8')).toBe(original);
	});

	it('reports a malformed config with its line number and never rewrites it', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-sso-'));
		mkdirSync(path.join(home, '.aws'));
		const broken = readFileSync(path.resolve(import.meta.dirname, '../fixtures/aws-config/broken.ini'), 'utf8');
		writeFileSync(path.join(home, '.aws', 'config'), broken);
		const {run, config} = await setUp('happy', {home});
		const {result} = await run({...FLAGS, profile: 'p'});
		expect(result.state.failure).toMatchObject({code: 'aws-config.parse', message: '~/.aws/config line 4: a section header needs a closing "]": [profile half'});
		expect(config()).toBe(broken);
	});
});

// Debian's AWS CLI v2 (.ci/run installs it; a pip-installed v1 may shadow `aws` on PATH, so the path is explicit).
const AWS_CLI = '/usr/bin/aws';

describe('the AWS CLI reads back what the step wrote', () => {
	it.skipIf(!existsSync(AWS_CLI) && !process.env['CI'])('aws configure get / list-profiles', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-awscli-'));
		mkdirSync(path.join(home, '.aws'));
		writeFileSync(path.join(home, '.aws', 'config'), readFileSync(path.resolve(import.meta.dirname, '../fixtures/aws-config/commented.ini'), 'utf8'));
		const {run} = await setUp('happy', {home});
		expect((await run({...FLAGS, profile: 'codex-bedrock'})).result.exitCode).toBe(0);
		const aws = (...args: string[]) =>
			execFileSync(AWS_CLI, args, {encoding: 'utf8', env: {PATH: process.env['PATH'] ?? '', HOME: home, AWS_CONFIG_FILE: path.join(home, '.aws', 'config'), AWS_PAGER: ''}}).trim();
		expect(aws('configure', 'list-profiles').split('\n').sort()).toEqual(['codex-bedrock', 'default', 'work']);
		expect(aws('configure', 'get', 'sso_session', '--profile', 'codex-bedrock')).toBe('codex-bedrock');
		expect(aws('configure', 'get', 'sso_account_id', '--profile', 'codex-bedrock')).toBe('111122223333');
		expect(aws('configure', 'get', 'region', '--profile', 'codex-bedrock')).toBe('us-east-1');
		expect(aws('configure', 'get', 'region', '--profile', 'work')).toBe('eu-central-1');
	});
});
