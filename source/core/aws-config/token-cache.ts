// The SSO token cache, written exactly as the AWS CLI writes it so that `aws`, the JS SDK and the Rust
// SDK inside Codex all use it without another login (shared/reference/sso.md, section 2):
// ~/.aws/sso/cache/<sha1 of the sso-session name>.json, compact JSON with Python's ", " / ": "
// separators and no trailing newline, timestamps "YYYY-MM-DDTHH:MM:SSZ" (the Rust SDK rejects "+00:00"),
// all four refresh fields, mode 0600 in a 0700 directory, written atomically. Never backed up and never
// diffed: it holds secrets.
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {registerSecret} from '../redact.js';

export interface SsoToken {
	startUrl: string;
	region: string;
	accessToken: string;
	expiresAt: string;
	clientId?: string;
	clientSecret?: string;
	registrationExpiresAt?: string;
	refreshToken?: string;
}

/** The cache file name: sha1 of the sso-session name (or of the start URL for legacy profiles). */
export function tokenCacheKey(sessionNameOrStartUrl: string): string {
	return createHash('sha1').update(sessionNameOrStartUrl, 'utf8').digest('hex');
}

export function tokenPath(ssoCacheDir: string, sessionNameOrStartUrl: string): string {
	return path.join(ssoCacheDir, `${tokenCacheKey(sessionNameOrStartUrl)}.json`);
}

/** strftime('%Y-%m-%dT%H:%M:%SZ') in UTC: no milliseconds, no offset. */
export function formatCacheTime(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const FIELD_ORDER: Array<keyof SsoToken> = ['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'];

/** The AWS CLI's format: Python json.dumps defaults (", " and ": "), CLI field order, no newline. */
export function serializeToken(token: SsoToken): string {
	const parts = FIELD_ORDER.filter((key) => token[key] !== undefined).map((key) => `${JSON.stringify(key)}: ${JSON.stringify(token[key])}`);
	return `{${parts.join(', ')}}`;
}

export type TokenState =
	| {state: 'missing'}
	| {state: 'unreadable'; reason: string}
	| {state: 'valid'; expiresAt: number; token: SsoToken}
	| {state: 'refreshable'; expiresAt: number; token: SsoToken}
	| {state: 'expired'; expiresAt: number; token: SsoToken};

/** Registers every secret of a token with the redactor as soon as it is read or received. */
export function registerTokenSecrets(token: Partial<SsoToken>): void {
	registerSecret(token.accessToken);
	registerSecret(token.refreshToken);
	registerSecret(token.clientSecret);
}

/**
 * Read a cached token and say what it is good for: valid (more than 5 minutes left, the JS SDK's own
 * margin), refreshable (expired or nearly, but with a refresh token and registration), expired, missing.
 */
export async function readToken(file: string, now: number): Promise<TokenState> {
	let raw: string;
	try {
		raw = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {state: 'missing'};
		return {state: 'unreadable', reason: (error as NodeJS.ErrnoException).code ?? 'read error'};
	}
	let token: SsoToken;
	try {
		token = JSON.parse(raw) as SsoToken;
	} catch {
		return {state: 'unreadable', reason: 'not valid JSON'};
	}
	if (typeof token.accessToken !== 'string' || typeof token.expiresAt !== 'string') {
		return {state: 'unreadable', reason: 'no accessToken/expiresAt'};
	}
	registerTokenSecrets(token);
	const expiresAt = Date.parse(token.expiresAt);
	if (Number.isNaN(expiresAt)) return {state: 'unreadable', reason: `expiresAt "${token.expiresAt}" is not a date`};
	if (expiresAt - now > 5 * 60_000) return {state: 'valid', expiresAt, token};
	const registrationOk = !token.registrationExpiresAt || Date.parse(token.registrationExpiresAt) > now;
	if (token.refreshToken && token.clientId && token.clientSecret && registrationOk) return {state: 'refreshable', expiresAt, token};
	return {state: 'expired', expiresAt, token};
}

/** Write the token atomically with mode 0600 (directory 0700); its temp file never outlives the run. */
export async function writeToken(file: string, token: SsoToken): Promise<void> {
	const {safeWrite} = await import('../safe-write.js');
	await safeWrite(file, serializeToken(token), {mode: 0o600, directoryMode: 0o700, shown: `the SSO token cache ${path.basename(file)}`});
}

/** "47 min left", "expired 3 h ago": for the profile list. */
export function describeExpiry(expiresAt: number, now: number): string {
	const minutes = Math.round((expiresAt - now) / 60_000);
	const span = (m: number) => (m >= 120 ? `${Math.round(m / 60)} h` : `${m} min`);
	return minutes >= 0 ? `${span(minutes)} left` : `expired ${span(-minutes)} ago`;
}
