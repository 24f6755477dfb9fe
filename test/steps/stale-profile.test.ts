// Flags (and a preset) win over a stale profile: the difference is shown, the profile repaired in place
// with a backup, every other byte of ~/.aws/config kept; --yes repairs, a person may pick a new name.
// A profile whose credentials come from elsewhere is never turned into an SSO profile without a choice.
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';
import type {ScriptedAnswer} from '../helpers/recording-renderer.js';

const STALE = [
	'# my AWS config',
	'[default]',
	'region = eu-west-1 ; keep me',
	'',
	'[profile codex-bedrock]',
	'sso_session = old-portal',
	'sso_account_id = 999988887777',
	'sso_role_name = OldRole',
	'region = us-east-1',
	'output = json',
	'',
	'[sso-session old-portal]',
	'sso_start_url = https://d-0000000old.awsapps.com/start',
	'sso_region = eu-west-1',
	'sso_registration_scopes = sso:account:access',
	'',
	'[profile other]',
	'region = us-west-2',
	'',
].join('\n');

const REPAIRED = STALE.replace('sso_account_id = 999988887777', 'sso_account_id = 111122223333')
	.replace('sso_role_name = OldRole', 'sso_role_name = BedrockDeveloper')
	.replace('sso_start_url = https://d-0000000old.awsapps.com/start', `sso_start_url = ${DEMO_START_URL}`)
	.replace('sso_region = eu-west-1\n', 'sso_region = us-east-1\n');

async function world(configText: string) {
	const home = mkdtempSync(path.join(tmpdir(), 'cbs-stale-'));
	mkdirSync(path.join(home, '.aws'));
	writeFileSync(path.join(home, '.aws', 'config'), configText);
	const w = await wizardWorld('happy', {home});
	vi.stubEnv('DISPLAY', ':0');
	const run = (flags: Record<string, string | boolean>, options: {interactive?: boolean; script?: ScriptedAnswer[]} = {}) => w.run([ssoProfile], flags, options);
	const config = () => readFileSync(path.join(home, '.aws', 'config'), 'utf8');
	const backups = () => readdirSync(path.join(home, '.aws')).filter((f) => f.startsWith('config.bak-'));
	return {...w, run, config, backups};
}

describe('a stale [profile codex-bedrock] and the right flags', () => {
	it('--yes: shows the difference and repairs the profile and its session in place; every other byte kept, backed up', async () => {
		const {run, config, backups, home} = await world(STALE);
		const {result, blocks, renderer} = await run({...SSO_FLAGS, profile: 'codex-bedrock'});
		expect(result.state.failure).toBeUndefined();
		expect(result.exitCode).toBe(0);
		expect(blocks.find((b) => b.title.startsWith('Profile codex-bedrock differs'))?.lines).toEqual([
			`start URL: https://d-0000000old.awsapps.com/start -> ${DEMO_START_URL}`,
			'SSO region: eu-west-1 -> us-east-1',
			'account: 999988887777 -> 111122223333',
			'role: OldRole -> BedrockDeveloper',
		]);
		expect(renderer.asked).toEqual([]);
		expect(config()).toBe(REPAIRED);
		expect(backups()).toHaveLength(1);
		expect(readFileSync(path.join(home, '.aws', backups()[0]!), 'utf8')).toBe(STALE);
		// It signed in to the flags' portal (the old one is not the simulated Identity Center's).
		expect(result.state.answers).toMatchObject({profile: 'codex-bedrock', startUrl: DEMO_START_URL, ssoRegion: 'us-east-1', accountId: '111122223333', roleName: 'BedrockDeveloper'});
	});

	it('interactively: "update it" repairs the same way', async () => {
		const {run, config} = await world(STALE);
		const {result, renderer} = await run({...SSO_FLAGS, profile: 'codex-bedrock'}, {interactive: true, script: ['update', true]});
		expect(result.state.failure).toBeUndefined();
		expect(renderer.asked.map((q) => q.id)).toEqual(['stale-profile', 'write-aws-config']);
		expect(config()).toBe(REPAIRED);
	});

	it('interactively: "a new name" leaves the stale profile alone and creates another', async () => {
		const {run, config} = await world(STALE);
		const {result, renderer} = await run({...SSO_FLAGS, profile: 'codex-bedrock'}, {interactive: true, script: ['new', 'codex-bedrock-2', 'codex-bedrock-2', 'sso:account:access', true]});
		expect(result.state.failure).toBeUndefined();
		expect(renderer.asked.map((q) => q.id)).toEqual(['stale-profile', 'new-profile-name', 'sso-session', 'scopes', 'write-aws-config']);
		expect(config().startsWith(STALE)).toBe(true);
		expect(config().slice(STALE.length)).toBe(
			['', '[profile codex-bedrock-2]', 'sso_session = codex-bedrock-2', 'sso_account_id = 111122223333', 'sso_role_name = BedrockDeveloper', 'region = us-east-1', '', '[sso-session codex-bedrock-2]', `sso_start_url = ${DEMO_START_URL}`, 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access', ''].join('\n'),
		);
		expect(result.state.answers.profile).toBe('codex-bedrock-2');
	});

	it('a session shared with another profile is left alone: the repaired profile moves to a new session', async () => {
		const shared = `${STALE}[profile teammate]\nsso_session = old-portal\nsso_account_id = 999988887777\nsso_role_name = OldRole\nregion = eu-west-1\n`;
		const {run, config} = await world(shared);
		const {result, notes} = await run({...SSO_FLAGS, profile: 'codex-bedrock'});
		expect(result.state.failure).toBeUndefined();
		expect(notes).toContain('The SSO session "old-portal" is also used by teammate; it is left as it is, and codex-bedrock moves to "codex-bedrock".');
		const text = config();
		expect(text).toContain('[sso-session old-portal]\nsso_start_url = https://d-0000000old.awsapps.com/start\nsso_region = eu-west-1');
		expect(text).toContain('[profile codex-bedrock]\nsso_session = codex-bedrock\n');
		expect(text).toContain(`[sso-session codex-bedrock]\nsso_start_url = ${DEMO_START_URL}\nsso_region = us-east-1`);
	});

	it('a matching profile is not touched and asks nothing', async () => {
		const {run, config} = await world(REPAIRED);
		const {result, blocks} = await run({...SSO_FLAGS, profile: 'codex-bedrock'});
		expect(result.state.failure).toBeUndefined();
		expect(blocks.some((b) => b.title.includes('differs'))).toBe(false);
		expect(config()).toBe(REPAIRED);
	});
});

describe('a profile whose credentials come from elsewhere is never rewritten without a choice', () => {
	const PROCESS = '[profile codex-bedrock]\ncredential_process = /usr/local/bin/granted credentials dev\nregion = us-east-1\n\n[profile child]\nsource_profile = codex-bedrock\nrole_arn = arn:aws:iam::111122223333:role/BedrockDeveloper\n';

	it('--yes with SSO flags: stops before any sign-in or write, naming the conflict', async () => {
		const {run, config, fake} = await world(PROCESS);
		const {result} = await run({...SSO_FLAGS, profile: 'codex-bedrock'});
		expect(result.exitCode).toBe(2);
		expect(result.state.failure?.message).toContain('Profile codex-bedrock gets its credentials from credential_process: /usr/local/bin/granted credentials dev and is the source_profile of child; the wizard does not turn it into an SSO profile');
		expect(config()).toBe(PROCESS);
		expect(fake.state.log).toEqual([]);
	});

	it('interactively: "another name" creates the SSO profile next to it, the original untouched', async () => {
		const {run, config} = await world(PROCESS);
		const {result, renderer} = await run({...SSO_FLAGS, profile: 'codex-bedrock'}, {interactive: true, script: ['new', 'codex-bedrock-2', 'codex-bedrock-2', 'sso:account:access', true]});
		expect(result.state.failure).toBeUndefined();
		expect(renderer.asked.map((q) => q.id)).toEqual(['profile-conflict', 'new-profile-name', 'sso-session', 'scopes', 'write-aws-config']);
		expect(config().startsWith(PROCESS)).toBe(true);
		expect(result.state.answers.profile).toBe('codex-bedrock-2');
	});
});
