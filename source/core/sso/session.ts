// How long a sign-in lasts, in the three layers Codex depends on:
// - the access token in the SSO token cache (about an hour; the SDKs refresh it by themselves);
// - the refresh, i.e. the IAM Identity Center session: the refresh token works until the session your
//   administrator configured ends (8 hours by default). OIDC does not tell clients when that is, so the
//   wizard can only say whether a refresh is possible and until when the client registration lasts;
// - the role credentials from the portal (GetRoleCredentials; the permission set's session duration,
//   1 hour by default), which Codex's AWS SDK fetches again while the token is good.
import type {Context} from '../context.js';
import {describeExpiry, readToken, tokenPath, type TokenState} from '../aws-config/token-cache.js';

export interface SessionLengths {
	/** The access token: state and expiry (epoch ms). */
	accessToken: {state: TokenState['state']; expiresAt?: number};
	/** Whether the SDKs can refresh the token without a new sign-in, and until when the registration lets them. */
	refresh: {possible: boolean; registrationExpiresAt?: number};
	/** The role credentials, when they were fetched (epoch ms). */
	roleCredentials?: {expiresAt: number};
}

/** Less than this left on the sign-in (access token with no refresh, or the registration) is worth a warning. */
export const LOW_MS = 30 * 60_000;

export async function readSessionLengths(ctx: Context, tokenKey: string, roleExpiresAt?: number): Promise<SessionLengths> {
	const token = await readToken(tokenPath(ctx.paths.ssoCache, tokenKey), ctx.clock.now());
	const hasToken = token.state === 'valid' || token.state === 'refreshable' || token.state === 'expired';
	const registration = hasToken && token.token.registrationExpiresAt ? Date.parse(token.token.registrationExpiresAt) : undefined;
	const refreshPossible = hasToken && Boolean(token.token.refreshToken && token.token.clientId && token.token.clientSecret) && (registration === undefined || registration > ctx.clock.now());
	return {
		accessToken: {state: token.state, ...(hasToken ? {expiresAt: token.expiresAt} : {})},
		refresh: {possible: refreshPossible, ...(registration !== undefined && !Number.isNaN(registration) ? {registrationExpiresAt: registration} : {})},
		...(roleExpiresAt ? {roleCredentials: {expiresAt: roleExpiresAt}} : {}),
	};
}

function at(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/:\d\d\.\d{3}Z$/, ' UTC').replace('T', ' ');
}

/** Lines for people: what lasts how long, and what renews it. */
export function describeSessionLengths(lengths: SessionLengths, now: number): string[] {
	const lines: string[] = [];
	const {accessToken, refresh, roleCredentials} = lengths;
	if (accessToken.expiresAt !== undefined) lines.push(`Access token: ${describeExpiry(accessToken.expiresAt, now)} (until ${at(accessToken.expiresAt)})${refresh.possible ? ', refreshed by the AWS SDKs (and Codex) by themselves' : ''}.`);
	else lines.push('Access token: none cached (not signed in).');
	if (refresh.possible) {
		lines.push(`Refresh: possible until the IAM Identity Center session ends (set by your administrator, 8 hours by default; AWS does not tell clients when)${refresh.registrationExpiresAt ? `, and at most until the client registration expires ${at(refresh.registrationExpiresAt)}` : ''}.`);
	} else if (accessToken.expiresAt !== undefined) {
		lines.push('Refresh: not possible (no refresh token: a legacy profile, or the session ended): a new sign-in is needed when the access token expires.');
	}
	if (roleCredentials) lines.push(`Role credentials: ${describeExpiry(roleCredentials.expiresAt, now)} (until ${at(roleCredentials.expiresAt)}), fetched again by Codex's AWS SDK while the sign-in lasts.`);
	return lines;
}

/** A warning when little is left and nothing renews it, else undefined. */
export function sessionWarning(lengths: SessionLengths, now: number): string | undefined {
	const {accessToken, refresh} = lengths;
	if (accessToken.expiresAt === undefined) return undefined;
	if (!refresh.possible && accessToken.expiresAt - now < LOW_MS) {
		return accessToken.expiresAt <= now ? 'the SSO sign-in has expired and cannot be refreshed' : `the SSO sign-in ends in ${Math.max(0, Math.round((accessToken.expiresAt - now) / 60_000))} min and cannot be refreshed`;
	}
	if (refresh.registrationExpiresAt !== undefined && refresh.registrationExpiresAt - now < LOW_MS) return 'the SSO client registration expires within 30 minutes: a new sign-in registers again';
	return undefined;
}

/** One short line (doctor's report, the readiness record). */
export function summarizeSessionLengths(lengths: SessionLengths, now: number): string {
	const parts: string[] = [];
	const {accessToken, refresh, roleCredentials} = lengths;
	parts.push(accessToken.expiresAt === undefined ? 'no access token' : `access token ${describeExpiry(accessToken.expiresAt, now)}${refresh.possible ? ', refreshable' : ', not refreshable'}`);
	if (roleCredentials) parts.push(`role credentials ${describeExpiry(roleCredentials.expiresAt, now)}`);
	if (refresh.possible) parts.push('refresh until the Identity Center session ends (8 h by default)');
	return parts.join('; ');
}
