// When the wizard writes Codex's auth_refresh, and what it says otherwise.
import {describe, expect, it} from 'vitest';
import {decideAuthRefresh, type AuthRefreshInput} from '../../source/core/codex/auth-refresh.js';

const base: AuthRefreshInput = {awsProfile: 'p', sso: true, codexVersion: '0.169.0', awsCliVersion: '2.22.5', flow: 'pkce', pkceRegistration: true};

describe('decideAuthRefresh', () => {
	it('AWS CLI 2.22+: aws sso login, with --use-device-code where the wizard chose a device code', () => {
		expect(decideAuthRefresh(base).config).toEqual({command: 'aws', args: ['sso', 'login', '--profile', 'p'], timeout_ms: 600_000});
		expect(decideAuthRefresh({...base, flow: 'device'}).config?.args).toEqual(['sso', 'login', '--profile', 'p', '--use-device-code']);
	});

	it('AWS CLI 2.9-2.21: only after a device-code sign-in (it would reuse a browser registration)', () => {
		expect(decideAuthRefresh({...base, awsCliVersion: '2.9.19', pkceRegistration: false}).config?.args).toEqual(['sso', 'login', '--profile', 'p']);
		expect(decideAuthRefresh({...base, awsCliVersion: '2.9.19'})).toMatchObject({reason: expect.stringContaining('sign in with --use-device-code, or update the AWS CLI to 2.22.0+')});
	});

	it.each([
		[{awsCliVersion: null}, 'the AWS CLI is not installed'],
		[{awsCliVersion: '1.45.11'}, 'the aws on PATH is AWS CLI 1.45.11 (version 1)'],
		[{awsCliVersion: '2.8.0'}, 'AWS CLI 2.8.0 cannot sign in to an [sso-session]'],
		[{codexVersion: '0.160.0'}, 'Codex 0.160.0 predates auth_refresh'],
		[{codexVersion: undefined}, 'Codex is not installed'],
		[{sso: false}, 'is not an SSO profile'],
	] as const)('%o: none, and the reason names the fix', (change, reason) => {
		const decision = decideAuthRefresh({...base, ...change});
		expect(decision.config).toBeUndefined();
		expect('reason' in decision && decision.reason).toContain(reason);
	});
});
