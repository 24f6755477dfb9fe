// Session lengths: the three layers, the warning when little is left, and the readiness record's lines.
import {describe, expect, it} from 'vitest';
import {buildReadinessRecord, readinessMarkdown} from '../../source/core/readiness.js';
import {describeSessionLengths, sessionWarning, summarizeSessionLengths, type SessionLengths} from '../../source/core/sso/session.js';
import {testContext} from '../helpers/context.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;

describe('session lengths', () => {
	const live: SessionLengths = {accessToken: {state: 'valid', expiresAt: NOW + 55 * MIN}, refresh: {possible: true, registrationExpiresAt: NOW + 90 * 24 * 60 * MIN}, roleCredentials: {expiresAt: NOW + 60 * MIN}};

	it('says what lasts how long, and what renews it', () => {
		expect(describeSessionLengths(live, NOW)).toEqual([
			'Access token: 55 min left (until 2026-11-23 09:55 UTC), refreshed by the AWS SDKs (and Codex) by themselves.',
			'Refresh: possible until the IAM Identity Center session ends (set by your administrator, 8 hours by default; AWS does not tell clients when), and at most until the client registration expires 2027-02-21 09:00 UTC.',
			"Role credentials: 60 min left (until 2026-11-23 10:00 UTC), fetched again by Codex's AWS SDK while the sign-in lasts.",
		]);
		expect(summarizeSessionLengths(live, NOW)).toBe('access token 55 min left, refreshable; role credentials 60 min left; refresh until the Identity Center session ends (8 h by default)');
		expect(sessionWarning(live, NOW)).toBeUndefined();
	});

	it('warns when little is left and nothing renews it', () => {
		const legacy: SessionLengths = {accessToken: {state: 'valid', expiresAt: NOW + 12 * MIN}, refresh: {possible: false}};
		expect(sessionWarning(legacy, NOW)).toBe('the SSO sign-in ends in 12 min and cannot be refreshed');
		expect(sessionWarning({...live, refresh: {possible: true, registrationExpiresAt: NOW + 10 * MIN}}, NOW)).toBe('the SSO client registration expires within 30 minutes: a new sign-in registers again');
	});

	it('the readiness record says how long the sign-in lasts and what happens when it ends', () => {
		const ctx = testContext();
		const base = {answers: {profile: 'p'}, steps: [], versions: {codex: null, awsCli: null}, session: 'access token 55 min left, refreshable'};
		const without = buildReadinessRecord(ctx, base);
		expect(without.session).toEqual({lengths: 'access token 55 min left, refreshable', whenItEnds: 'Run npx codex-bedrock-setup login --profile p, then restart Codex.'});
		const withRefresh = buildReadinessRecord(ctx, {...base, answers: {profile: 'p', authRefresh: 'aws sso login --profile p'}});
		expect(readinessMarkdown(withRefresh)).toContain('- Sign-in: access token 55 min left, refreshable\n- When the sign-in ends: Codex runs aws sso login --profile p by itself and carries on.\n');
	});
});
