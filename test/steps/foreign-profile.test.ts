// Someone else's profile: under --yes, a --profile naming an existing profile that is not SSO
// (credential_process) is never rewritten into an SSO profile. The run stops with exit 2 naming the flag,
// before any sign-in, and the file is untouched. (The guard is #15's, in the sso-profile step; the
// interactive choice is tested in test/steps/stale-profile.test.ts.)
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const CONFIG = [
	'[profile ci]',
	'credential_process = /usr/local/bin/get-creds --account ci',
	'region = eu-west-1',
	'',
	'[profile base]',
	'region = eu-central-1',
	'',
	'[profile deploy]',
	'source_profile = base',
	'role_arn = arn:aws:iam::111122223333:role/Deploy',
	'',
].join('\n');

describe("someone else's profile", () => {
	it.each([
		['ci', /Profile ci gets its credentials from credential_process/],
	])('--yes --profile %s: exit 2 naming the flag, no sign-in, ~/.aws/config byte for byte', async (name, message) => {
		const w = await wizardWorld('happy');
		mkdirSync(path.join(w.home, '.aws'), {recursive: true});
		writeFileSync(path.join(w.home, '.aws', 'config'), CONFIG);
		const {result} = await w.run([ssoProfile], {...SSO_FLAGS, profile: name, region: 'us-east-1', yes: true});
		expect(result.exitCode).toBe(2);
		expect(result.state.failure?.message).toMatch(message);
		expect(readFileSync(path.join(w.home, '.aws', 'config'), 'utf8')).toBe(CONFIG);
		expect(w.fake.state.log).toEqual([]);
	});

	it('a profile with only a region (nothing else relies on it) is still made into the SSO profile', async () => {
		const w = await wizardWorld('happy');
		mkdirSync(path.join(w.home, '.aws'), {recursive: true});
		writeFileSync(path.join(w.home, '.aws', 'config'), '[profile codex-bedrock]\nregion = us-east-1\n');
		const {result} = await w.run([ssoProfile], {...SSO_FLAGS, profile: 'codex-bedrock', yes: true});
		expect(result.exitCode).toBe(0);
		expect(readFileSync(path.join(w.home, '.aws', 'config'), 'utf8')).toContain('sso_session = ');
	});
});
