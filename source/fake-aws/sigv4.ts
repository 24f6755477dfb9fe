// Server-side SigV4 verification for the simulated AWS, and the credentials it issues.
//
// Hand-written on purpose: no library exposes SigV4 *verification*, and re-signing a request with the
// same @smithy/signature-v4 the client used would share its mistakes. This follows the published
// algorithm (canonical request -> string to sign -> HMAC chain) from what arrived on the wire, so a
// request our code signs wrongly (service, region, headers, body, clock) is refused as AWS would.
import {createHash, createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import type {FakeRequest, FakeState, FakeWorld} from './types.js';

export interface IssuedCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken: string;
	expiresAt: number;
	arn: string;
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Obviously fake key ids ("ASIAFAKE" + random), made at run time so no key-shaped string is committed. */
function fakeKeyId(): string {
	const bytes = randomBytes(12);
	let suffix = '';
	for (const byte of bytes) suffix += UPPER_ALNUM[byte % UPPER_ALNUM.length];
	return `ASIAFAKE${suffix}`;
}

export function issueCredentials(state: FakeState, now: number, options: {accountId: string; roleName: string; ttlSeconds: number; user?: string}): IssuedCredentials {
	const credentials = {
		accessKeyId: fakeKeyId(),
		secretAccessKey: `fakesecret/${randomBytes(24).toString('base64url')}`,
		sessionToken: `fakesession/${randomBytes(48).toString('base64url')}`,
		expiresAt: now + options.ttlSeconds * 1000,
		arn: `arn:aws:sts::${options.accountId}:assumed-role/AWSReservedSSO_${options.roleName}_0123456789abcdef/${options.user ?? 'dev@example.com'}`,
	};
	state.credentials.set(credentials.accessKeyId, {...credentials, accountId: options.accountId, roleName: options.roleName});
	return credentials;
}

export type Verification =
	| {ok: true; accessKeyId: string; accountId: string; arn: string}
	| {ok: false; kind: 'missing' | 'service' | 'region' | 'expired-signature' | 'unknown-key' | 'expired-token' | 'mismatch' | 'malformed'; message: string};

const AUTH = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

/** RFC 3986 encoding, as SigV4 requires (encodeURIComponent leaves !'()* alone). */
function rfc3986(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value.replace(/\+/g, '%20'));
	} catch {
		return value;
	}
}

/** Canonical URI for every service but S3: each segment of the path as sent, URI-encoded once more. */
function canonicalUri(rawPath: string): string {
	return rawPath.split('/').map((segment) => rfc3986(segment)).join('/') || '/';
}

function canonicalQuery(rawQuery: string): string {
	if (!rawQuery) return '';
	return rawQuery
		.split('&')
		.filter(Boolean)
		.map((pair) => {
			const at = pair.indexOf('=');
			const key = at === -1 ? pair : pair.slice(0, at);
			const value = at === -1 ? '' : pair.slice(at + 1);
			return [rfc3986(safeDecode(key)), rfc3986(safeDecode(value))] as const;
		})
		.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
		.map(([k, v]) => `${k}=${v}`)
		.join('&');
}

function headerValue(request: FakeRequest, name: string): string | undefined {
	const value = request.headers[name];
	if (value === undefined) return undefined;
	return (Array.isArray(value) ? value.join(',') : value).trim().replace(/\s+/g, ' ');
}

function hmac(key: Buffer | string, data: string): Buffer {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

function sha256Hex(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}

/** 20261123T090000Z -> epoch ms */
function parseAmzDate(value: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : undefined;
}

function formatAmzDate(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** AWS allows 5 minutes of clock difference either way. */
const SKEW_MS = 5 * 60_000;

export function verifySigV4(request: FakeRequest, world: FakeWorld, expected: {service: string; region: string}): Verification {
	const header = request.headers.authorization;
	if (typeof header !== 'string' || !header) return {ok: false, kind: 'missing', message: 'Missing Authentication Token'};
	const match = AUTH.exec(header.trim());
	if (!match) {
		return {ok: false, kind: 'malformed', message: `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${header.split(' ')[0]}`};
	}
	const [, accessKeyId, date, region, service, signedHeaderList, signature] = match as unknown as [string, string, string, string, string, string, string];
	if (service !== expected.service) return {ok: false, kind: 'service', message: `Credential should be scoped to correct service: '${expected.service}'. `};
	if (region !== expected.region) return {ok: false, kind: 'region', message: 'Credential should be scoped to a valid region. '};

	const amzDate = headerValue(request, 'x-amz-date');
	const signedAt = amzDate ? parseAmzDate(amzDate) : undefined;
	if (!amzDate || signedAt === undefined || !amzDate.startsWith(date)) {
		return {ok: false, kind: 'malformed', message: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: x-amz-date is missing or different.'};
	}
	const now = world.now();
	if (signedAt < now - SKEW_MS) {
		return {ok: false, kind: 'expired-signature', message: `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`};
	}
	if (signedAt > now + SKEW_MS) {
		return {ok: false, kind: 'expired-signature', message: `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`};
	}

	const issued = world.state.credentials.get(accessKeyId);
	if (!issued) return {ok: false, kind: 'unknown-key', message: 'The security token included in the request is invalid.'};
	const token = headerValue(request, 'x-amz-security-token');
	if (issued.sessionToken && token !== issued.sessionToken) return {ok: false, kind: 'unknown-key', message: 'The security token included in the request is invalid.'};

	const signedHeaders = signedHeaderList.split(';');
	if (!signedHeaders.includes('host')) return {ok: false, kind: 'mismatch', message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."};
	const canonicalHeaders = signedHeaders.map((name) => `${name}:${headerValue(request, name) ?? ''}\n`).join('');
	const payloadHash = headerValue(request, 'x-amz-content-sha256') ?? sha256Hex(request.body);
	if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(request.body)) {
		return {ok: false, kind: 'mismatch', message: 'The provided x-amz-content-sha256 header does not match what was computed.'};
	}
	const canonicalRequest = [request.method, canonicalUri(request.rawPath), canonicalQuery(request.rawQuery), canonicalHeaders, signedHeaderList, payloadHash].join('\n');
	const scope = `${date}/${region}/${service}/aws4_request`;
	const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
	const signingKey = hmac(hmac(hmac(hmac(`AWS4${issued.secretAccessKey}`, date), region), service), 'aws4_request');
	const expectedSignature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
	if (!timingSafeEqual(expectedSignature, Buffer.from(signature, 'hex'))) {
		return {
			ok: false,
			kind: 'mismatch',
			message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
		};
	}
	// Checked last, as AWS does: an expired token only matters on an otherwise valid request.
	if (issued.expiresAt <= now) return {ok: false, kind: 'expired-token', message: 'The security token included in the request is expired'};
	return {ok: true, accessKeyId, accountId: issued.accountId, arn: issued.arn};
}

/** The error type restJson services (Bedrock) send for each verification failure, with status 403. */
export function jsonErrorType(kind: Exclude<Verification, {ok: true}>['kind']): string {
	switch (kind) {
		case 'missing':
			return 'MissingAuthenticationTokenException';
		case 'unknown-key':
			return 'UnrecognizedClientException';
		case 'expired-token':
			return 'ExpiredTokenException';
		case 'malformed':
			return 'IncompleteSignatureException';
		default:
			return 'InvalidSignatureException';
	}
}

/** The error code STS (awsQuery) sends for each verification failure, with status 403. */
export function queryErrorCode(kind: Exclude<Verification, {ok: true}>['kind']): string {
	switch (kind) {
		case 'missing':
			return 'MissingAuthenticationToken';
		case 'unknown-key':
			return 'InvalidClientTokenId';
		case 'expired-token':
			return 'ExpiredToken';
		case 'malformed':
			return 'IncompleteSignature';
		default:
			return 'SignatureDoesNotMatch';
	}
}
