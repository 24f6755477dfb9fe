// The failure menu's "Sign in again": a cached token that is valid on disk but that AWS rejects (revoked,
// the session ended early) is not reused; the SSO step signs in anew and the run goes on.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {tokenPath} from '../../source/core/aws-config/token-cache.js';
import {rejectedCredentials} from '../../source/core/driver.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

describe('Sign in again, from the failure menu', () => {
	it('a revoked token: the menu offers it, and the retry signs in afresh', async () => {
		const world = await wizardWorld();
		vi.stubEnv('DISPLAY', ':0');
		const flags = {...SSO_FLAGS, profile: 'codex-bedrock'};
		expect((await world.run([ssoProfile], flags)).result.state.failure).toBeUndefined();
		const file = tokenPath(path.join(world.home, '.aws', 'sso', 'cache'), 'codex-bedrock');
		const revoked = (JSON.parse(readFileSync(file, 'utf8')) as {accessToken: string}).accessToken;
		world.fake.state.accessTokens.delete(revoked);

		const {result, renderer} = await world.run([ssoProfile], flags, {interactive: true, script: [(q) => (q.id === 'after-failure' ? 'fresh-sign-in' : new Error(`unexpected ${q.id}`))]});
		const menu = renderer.asked.find((q) => q.id === 'after-failure');
		expect(menu?.kind === 'select' && menu.choices.map((c) => c.value)).toEqual(['retry', 'fresh-sign-in', 'quit']);
		expect(renderer.failures[0]?.failure).toMatchObject({httpStatus: 401});
		expect(result.state.failure).toBeUndefined();
		expect(result.exitCode).toBe(0);
		const fresh = (JSON.parse(readFileSync(file, 'utf8')) as {accessToken: string}).accessToken;
		expect(fresh).not.toBe(revoked);
	});

	it('is offered for rejected credentials only', () => {
		expect(rejectedCredentials({code: 'aws.UnauthorizedException', message: 'x', httpStatus: 401})).toBe(true);
		expect(rejectedCredentials({code: 'aws.ExpiredToken', message: 'x', httpStatus: 403})).toBe(true);
		expect(rejectedCredentials({code: 'aws.AccessDeniedException', message: 'x', httpStatus: 403})).toBe(false);
		expect(rejectedCredentials({code: 'node.ENOTFOUND', message: 'x'})).toBe(false);
	});
});
