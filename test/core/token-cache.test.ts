import {mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeExpiry, formatCacheTime, readToken, serializeToken, tokenCacheKey, tokenPath, writeToken} from '../../source/core/aws-config/token-cache.js';
import {clearSecrets, redact} from '../../source/core/redact.js';

const now = Date.UTC(2026, 10, 23, 9, 0, 0);
const token = {
	startUrl: 'https://d-9067example.awsapps.com/start',
	region: 'us-east-1',
	accessToken: 'aoa-test-access-token-0123456789',
	expiresAt: formatCacheTime(now + 3_600_000),
	clientId: 'client-id-test',
	clientSecret: 'client-secret-test-0123456789',
	registrationExpiresAt: formatCacheTime(now + 90 * 86_400_000),
	refreshToken: 'aor-test-refresh-token-0123456789',
};

describe('SSO token cache', () => {
	it('names the file by the sha1 of the session name, as every AWS tool does', () => {
		expect(tokenCacheKey('my-sso')).toBe('0ad374308c5a4e22f723adf10145eafad7c4031c');
		expect(tokenPath('/h/.aws/sso/cache', 'my-sso')).toBe('/h/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json');
	});

	it('serialises like the AWS CLI: field order, ", " / ": ", second-precision Z times, no newline', () => {
		expect(formatCacheTime(Date.UTC(2026, 0, 1, 12, 0, 0, 336))).toBe('2026-01-01T12:00:00Z');
		const text = serializeToken(token);
		expect(text).toBe(
			'{"startUrl": "https://d-9067example.awsapps.com/start", "region": "us-east-1", "accessToken": "aoa-test-access-token-0123456789", ' +
				'"expiresAt": "2026-11-23T10:00:00Z", "clientId": "client-id-test", "clientSecret": "client-secret-test-0123456789", ' +
				'"registrationExpiresAt": "2027-02-21T09:00:00Z", "refreshToken": "aor-test-refresh-token-0123456789"}',
		);
		expect(JSON.parse(text)).toEqual(token);
	});

	it('writes mode 0600 in a 0700 directory, and reads it back as valid', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'cbs-token-'));
		const file = tokenPath(path.join(home, '.aws', 'sso', 'cache'), 'codex-bedrock');
		await writeToken(file, token);
		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
		expect(readFileSync(file, 'utf8').endsWith('}')).toBe(true);
		const state = await readToken(file, now);
		expect(state.state).toBe('valid');
	});

	it('says valid, refreshable, expired, missing or unreadable', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'cbs-token-'));
		const write = (name: string, content: string) => {
			mkdirSync(dir, {recursive: true});
			writeFileSync(path.join(dir, name), content);
			return path.join(dir, name);
		};
		expect((await readToken(path.join(dir, 'none.json'), now)).state).toBe('missing');
		expect(await readToken(write('bad.json', '{'), now)).toEqual({state: 'unreadable', reason: 'not valid JSON'});
		const soon = {...token, expiresAt: formatCacheTime(now + 60_000)};
		expect((await readToken(write('soon.json', serializeToken(soon)), now)).state).toBe('refreshable');
		const {refreshToken: _r, ...noRefresh} = soon;
		expect((await readToken(write('old.json', serializeToken(noRefresh)), now)).state).toBe('expired');
		const registrationGone = {...soon, registrationExpiresAt: formatCacheTime(now - 1000)};
		expect((await readToken(write('reg.json', serializeToken(registrationGone)), now)).state).toBe('expired');
	});

	it('registers the secrets it reads, so they are redacted everywhere', async () => {
		clearSecrets();
		const dir = mkdtempSync(path.join(tmpdir(), 'cbs-token-'));
		const file = path.join(dir, 't.json');
		writeFileSync(file, serializeToken(token));
		await readToken(file, now);
		expect(redact(`token ${token.accessToken} / ${token.refreshToken} / ${token.clientSecret}`)).toBe('token [redacted] / [redacted] / [redacted]');
	});

	it('describes the time left', () => {
		expect(describeExpiry(now + 47 * 60_000, now)).toBe('47 min left');
		expect(describeExpiry(now + 8 * 3_600_000, now)).toBe('8 h left');
		expect(describeExpiry(now - 3 * 3_600_000, now)).toBe('expired 3 h ago');
	});
});
