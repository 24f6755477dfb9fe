import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseIni} from '../../source/core/aws-config/ini.js';
import {readSsoConfig} from '../../source/core/aws-config/profiles.js';

const fixture = (name: string) => parseIni(readFileSync(path.resolve(import.meta.dirname, '../fixtures/aws-config', name), 'utf8'));

describe('reading SSO profiles', () => {
	it('finds sso-session profiles with their session', () => {
		const config = readSsoConfig(fixture('commented.ini'));
		expect(config.profiles).toEqual([
			{name: 'work', style: 'sso-session', sessionName: 'corp', startUrl: 'https://d-1234567890.awsapps.com/start', ssoRegion: 'eu-central-1', accountId: '999988887777', roleName: 'Admin', region: 'eu-central-1', problems: []},
		]);
		expect(config.sessions).toEqual([{name: 'corp', startUrl: 'https://d-1234567890.awsapps.com/start', ssoRegion: 'eu-central-1', scopes: 'sso:account:access', problems: []}]);
		expect(config.allProfiles).toEqual(['default', 'work']);
	});

	it('finds legacy profiles', () => {
		expect(readSsoConfig(fixture('legacy.ini')).profiles[0]).toMatchObject({name: 'old-sso', style: 'legacy', startUrl: 'https://d-1234567890.awsapps.com/start', problems: []});
	});

	it('names what is wrong with a profile', () => {
		const config = readSsoConfig(parseIni('[profile a]\nsso_session = gone\n\n[profile b]\nsso_start_url = https://x.awsapps.com/start\n'));
		expect(config.profiles[0]?.problems).toEqual(['its sso_session "gone" has no [sso-session gone] section', 'no account or role chosen', 'no region (Codex needs one)']);
		expect(config.profiles[1]?.problems).toEqual(['no sso_region', 'no sso_account_id', 'no sso_role_name', 'no region (Codex needs one)']);
	});

	it('ignores non-SSO profiles', () => {
		expect(readSsoConfig(fixture('crlf.ini')).profiles).toEqual([]);
	});
});
