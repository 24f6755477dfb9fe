// Server-side verification of AWS Signature Version 4 (and of Bedrock API keys) for the simulated AWS.
//
// Hand-written with node:crypto on purpose: no library exposes SigV4 *verification*, and re-signing the
// request with the same @smithy/signature-v4 the client used would repeat any mistake the client made.
// This follows the published algorithm (canonical request, string to sign, HMAC key chain) from what
// actually arrived on the wire, so a request signed for the wrong service, region, clock, body or key is
// refused the way AWS refuses it. The result is neutral: each service shapes the error in its own
// protocol (restJson for Bedrock, XML for STS, 401s for Mantle) with the helpers at the end.
import {createHash, createHmac, timingSafeEqual} from 'node:crypto';
import type {BearerKeyRecord, CredentialRecord} from './credentials.js';
import type {FakeRequest, FakeWorld} from './types.js';

export {issueBearerKey, issueCredentials, type IssuedCredentials} from './credentials.js';

/** Why a request was refused, independent of any protocol. */
export type AuthFailure =
	/** No Authorization header at all. */
	| 'missing'
	/** The Authorization header or the date header is unusable (AWS: IncompleteSignature). */
	| 'incomplete'
	/** Well-formed but wrong: scope service, scope region, scope date, host not signed... */
	| 'service'
	| 'region'
	| 'malformed'
	/** x-amz-date more than 5 minutes from the server's clock. */
	| 'skew'
	/** Unknown access key id, or a session token that is missing or not the one issued with the key. */
	| 'unknown-key'
	/** The credentials (or API key) were issued but have expired. */
	| 'expired-token'
	/** The signature (or the payload hash) does not match. */
	| 'mismatch';

export type SigV4Result =
	| {ok: true; credential: CredentialRecord; region: string; service: string}
	| {ok: false; reason: AuthFailure; status: number; errorType: string; message: string};

export type BearerResult = {ok: true; key: BearerKeyRecord} | {ok: false; reason: AuthFailure; status: number; errorType: string; message: string};

export const MESSAGES = {
	missing: 'Missing Authentication Token',
	unknownKey: 'The security token included in the request is invalid.',
	expiredToken: 'The security token included in the request is expired',
	mismatch:
		'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
	// Seen from Bedrock with an API key it does not accept (anomalyco/opencode#47073, ai4s-research/open-science#53).
	badApiKey: 'Authentication failed: Please make sure your API Key is valid.',
} as const;

/** AWS allows 5 minutes of clock difference either way. */
const SKEW_MS = 5 * 60_000;

/** How restJson / awsJson services (the Bedrock control plane) answer each failure. */
const REST_JSON: Record<AuthFailure, {status: number; type: string}> = {
	missing: {status: 403, type: 'MissingAuthenticationTokenException'},
	// 400, as in a real IncompleteSignatureException body (iann0036/cloud9-sync#10).
	incomplete: {status: 400, type: 'IncompleteSignatureException'},
	service: {status: 403, type: 'InvalidSignatureException'},
	region: {status: 403, type: 'InvalidSignatureException'},
	malformed: {status: 403, type: 'InvalidSignatureException'},
	skew: {status: 403, type: 'InvalidSignatureException'},
	mismatch: {status: 403, type: 'InvalidSignatureException'},
	'unknown-key': {status: 403, type: 'UnrecognizedClientException'},
	'expired-token': {status: 403, type: 'ExpiredTokenException'},
};

/** How awsQuery services (STS) answer each failure: the XML <Code>. */
const QUERY: Record<AuthFailure, {status: number; code: string}> = {
	missing: {status: 403, code: 'MissingAuthenticationToken'},
	incomplete: {status: 400, code: 'IncompleteSignature'},
	service: {status: 403, code: 'SignatureDoesNotMatch'},
	region: {status: 403, code: 'SignatureDoesNotMatch'},
	malformed: {status: 403, code: 'SignatureDoesNotMatch'},
	skew: {status: 403, code: 'SignatureDoesNotMatch'},
	mismatch: {status: 403, code: 'SignatureDoesNotMatch'},
	'unknown-key': {status: 403, code: 'InvalidClientTokenId'},
	'expired-token': {status: 403, code: 'ExpiredToken'},
};

function refuse(reason: AuthFailure, message: string): {ok: false; reason: AuthFailure; status: number; errorType: string; message: string} {
	return {ok: false, reason, status: REST_JSON[reason].status, errorType: REST_JSON[reason].type, message};
}

/** The STS (awsQuery) form of a failure. STS words a missing signature differently (real body quoted in amzn/selling-partner-api-docs#3081). */
export function queryAuthError(failure: {reason: AuthFailure; message: string}): {status: number; code: string; message: string} {
	const {status, code} = QUERY[failure.reason];
	return {status, code, message: failure.reason === 'missing' ? 'Request is missing Authentication Token' : failure.message};
}

// --- canonical request -------------------------------------------------------------------------------

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function uriEncode(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function percentDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/**
 * Canonical URI for every service except S3: the path as received (already percent-encoded once by the
 * client), with empty, "." and ".." segments resolved, then each segment encoded once more. So the wire
 * path /foundation-model-availability/openai.gpt-oss-120b-1%3A0 is signed as ...-1%253A0, which is what
 * @smithy/signature-v4 does with uriEscapePath (its default).
 */
export function canonicalUri(rawPath: string): string {
	const segments: string[] = [];
	for (const segment of rawPath.split('/')) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') segments.pop();
		else segments.push(uriEncode(segment));
	}
	const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
	return `/${segments.join('/')}${trailing}`;
}

/** Canonical query: each name and value decoded then RFC 3986-encoded, sorted by name, then value. */
export function canonicalQuery(rawQuery: string): string {
	const pairs = rawQuery
		.split('&')
		.filter(Boolean)
		.map((pair) => {
			const at = pair.indexOf('=');
			const name = at === -1 ? pair : pair.slice(0, at);
			const value = at === -1 ? '' : pair.slice(at + 1);
			return [uriEncode(percentDecode(name)), uriEncode(percentDecode(value))] as const;
		});
	pairs.sort(([an, av], [bn, bv]) => (an === bn ? compare(av, bv) : compare(an, bn)));
	return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** A header's canonical value: multiple values joined by commas, whitespace trimmed and collapsed. */
function headerValue(request: FakeRequest, name: string): string | undefined {
	const value = request.headers[name];
	if (value === undefined) return undefined;
	return (Array.isArray(value) ? value.join(',') : String(value)).trim().replace(/\s+/g, ' ');
}

function sha256Hex(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer | string, data: string): Buffer {
	return createHmac('sha256', key).update(data, 'utf8').digest();
}

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
	return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

// --- dates ---------------------------------------------------------------------------------------------

/** "20261123T090000Z" -> epoch milliseconds. */
function parseAmzDate(value: string): number | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!m) return undefined;
	const [, year, month, day, hour, minute, second] = m.map(Number) as [number, number, number, number, number, number, number];
	return Date.UTC(year, month - 1, day, hour, minute, second);
}

export function formatAmzDate(epochMs: number): string {
	return new Date(epochMs).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** AWS's own words for a clock more than 5 minutes off (both directions are quoted in many issues). */
function skewMessage(amzDate: string, signedAt: number, now: number): string | undefined {
	if (signedAt < now - SKEW_MS) {
		return `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - SKEW_MS)} (${formatAmzDate(now)} - 5 min.)`;
	}
	if (signedAt > now + SKEW_MS) {
		return `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + SKEW_MS)} (${formatAmzDate(now)} + 5 min.)`;
	}
	return undefined;
}

// --- the Authorization header ------------------------------------------------------------------------
//
// The order of the checks and the wording follow AWS's answers, as quoted in the issues cited below and as
// reproduced by independent SigV4 servers (scratchstack-aws-signature's error-ordering tests): the header's
// form and the date first, then the signed headers, the clock, the credential scope, and only then the key.

type Problem = {reason: AuthFailure; message: string};

interface ParsedAuthorization {
	credential: string;
	signedHeaders: string[];
	signedHeaderList: string;
	signature: string;
	/** x-amz-date as sent. */
	amzDate: string;
}

interface Scope {
	accessKeyId: string;
	date: string;
	region: string;
	service: string;
}

/** Parse "AWS4-HMAC-SHA256 Credential=.../aws4_request, SignedHeaders=a;b, Signature=hex" and find x-amz-date. */
function parseAuthorization(request: FakeRequest, header: string): ParsedAuthorization | Problem {
	const space = header.indexOf(' ');
	const algorithm = space === -1 ? header : header.slice(0, space);
	if (algorithm !== 'AWS4-HMAC-SHA256') return {reason: 'incomplete', message: `Unsupported AWS 'algorithm': '${algorithm}'.`};
	const fields = new Map<string, string>();
	for (const part of header.slice(space + 1).split(',')) {
		const item = part.trim();
		if (!item) continue;
		const at = item.indexOf('=');
		if (at === -1) return {reason: 'incomplete', message: `'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`};
		fields.set(item.slice(0, at), item.slice(at + 1));
	}
	// AWS names everything that is missing in one message (the quote in iann0036/cloud9-sync#10 is one part of it).
	const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((name) => !fields.get(name)).map((name) => `Authorization header requires '${name}' parameter.`);
	const amzDate = headerValue(request, 'x-amz-date');
	if (!amzDate) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
	if (missing.length > 0) return {reason: 'incomplete', message: `${missing.join(' ')} Authorization=${algorithm}`};
	const signedHeaderList = fields.get('SignedHeaders')!;
	return {credential: fields.get('Credential')!, signedHeaders: signedHeaderList.split(';'), signedHeaderList, signature: fields.get('Signature')!, amzDate: amzDate!};
}

/** Checks on the signed headers: host and x-amz-date must be signed, and every signed header present. */
function checkSignedHeaders(request: FakeRequest, auth: ParsedAuthorization): Problem | undefined {
	if (!auth.signedHeaders.includes('host')) {
		// The text DynamoDB sends (aws/aws-sdk-php#2469).
		return {reason: 'malformed', message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."};
	}
	if (!auth.signedHeaders.includes('x-amz-date')) {
		// The same sentence for another header AWS requires to be signed.
		return {reason: 'malformed', message: "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."};
	}
	const absent = auth.signedHeaders.find((name) => request.headers[name] === undefined);
	if (absent !== undefined) {
		// The text AppSync sends (awslabs/aws-mobile-appsync-sdk-js#702).
		return {reason: 'incomplete', message: `'${absent}' is named as a SignedHeader, but it does not exist in the HTTP request.`};
	}
	return undefined;
}

/** x-amz-date must be ISO 8601 basic format and within 5 minutes of the server's clock. */
function checkClock(auth: ParsedAuthorization, now: number): Problem | undefined {
	const signedAt = parseAmzDate(auth.amzDate);
	if (signedAt === undefined) return {reason: 'incomplete', message: `Date must be in ISO-8601 'basic format'. Got '${auth.amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`};
	const skew = skewMessage(auth.amzDate, signedAt, now);
	return skew ? {reason: 'skew', message: skew} : undefined;
}

/**
 * The credential scope: five parts, the expected region and service, the terminator, and the day of
 * x-amz-date. AWS lists every wrong part in one message, each sentence ending ". " (joona/aws-es-curl#15:
 * "Credential should be scoped to a valid region, not 'eu-west-1'. ").
 */
function checkScope(auth: ParsedAuthorization, expected: {service: string; region: string}): Scope | Problem {
	const parts = auth.credential.split('/');
	if (parts.length !== 5 || parts.some((part) => !part)) {
		return {reason: 'incomplete', message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${auth.credential}'`};
	}
	const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
	const wrong: Array<[AuthFailure, string]> = [];
	if (region !== expected.region) wrong.push(['region', `Credential should be scoped to a valid region, not '${region}'. `]);
	if (service !== expected.service) wrong.push(['service', `Credential should be scoped to correct service: '${expected.service}'. `]);
	if (terminator !== 'aws4_request') wrong.push(['malformed', `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `]);
	if (date !== auth.amzDate.slice(0, 8)) {
		wrong.push(['malformed', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${auth.amzDate.slice(0, 8)}', from '${auth.amzDate}'. `]);
	}
	if (wrong.length === 0) return {accessKeyId, date, region, service};
	// The neutral reason names the first wrong part: a wrong service matters more than a wrong region.
	const reason = wrong.find(([r]) => r === 'service')?.[0] ?? wrong[0]![0];
	return {reason, message: wrong.map(([, sentence]) => sentence).join('')};
}

/** The signature the client should have sent, computed from what was received. */
function expectedSignature(request: FakeRequest, auth: ParsedAuthorization, scope: Scope, secret: string, payloadHash: string): Buffer {
	const canonicalHeaders = auth.signedHeaders.map((name) => `${name}:${headerValue(request, name) ?? ''}\n`).join('');
	const canonicalRequest = [request.method, canonicalUri(request.rawPath), canonicalQuery(request.rawQuery), canonicalHeaders, auth.signedHeaderList, payloadHash].join('\n');
	const credentialScope = `${scope.date}/${scope.region}/${scope.service}/aws4_request`;
	const stringToSign = ['AWS4-HMAC-SHA256', auth.amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');
	return hmac(signingKey(secret, scope.date, scope.region, scope.service), stringToSign);
}

/**
 * Verify a SigV4 `Authorization` header against the credentials this simulated AWS issued: the header's
 * form, the signed headers, the clock, the credential scope, then the key, its session token and its
 * expiry, and last the signature itself. So an expired token is reported even when the signature is also
 * wrong (inferred: the session token carries its own expiry, so AWS can refuse it before it computes any
 * signature).
 */
export function verifySigV4(request: FakeRequest, world: FakeWorld, expected: {service: string; region: string}): SigV4Result {
	const header = headerValue(request, 'authorization');
	if (!header) return refuse('missing', MESSAGES.missing);
	const auth = parseAuthorization(request, header);
	if ('reason' in auth) return refuse(auth.reason, auth.message);
	const now = world.now();
	const problem = checkSignedHeaders(request, auth) ?? checkClock(auth, now);
	if (problem) return refuse(problem.reason, problem.message);
	const scope = checkScope(auth, expected);
	if ('reason' in scope) return refuse(scope.reason, scope.message);

	const credential = world.state.credentials.get(scope.accessKeyId);
	if (!credential) return refuse('unknown-key', MESSAGES.unknownKey);
	// Temporary credentials are only valid together with the session token issued with them.
	if (headerValue(request, 'x-amz-security-token') !== credential.sessionToken) return refuse('unknown-key', MESSAGES.unknownKey);
	if (credential.expiresAt <= now) return refuse('expired-token', MESSAGES.expiredToken);

	const bodyHash = sha256Hex(request.body);
	// For every service but S3 the payload must be what was hashed: a tampered body is a signature mismatch.
	const claimed = headerValue(request, 'x-amz-content-sha256');
	if (claimed !== undefined && claimed !== bodyHash) return refuse('mismatch', MESSAGES.mismatch);
	if (!/^[0-9a-f]{64}$/.test(auth.signature)) return refuse('mismatch', MESSAGES.mismatch);
	const expectedSig = expectedSignature(request, auth, scope, credential.secretAccessKey, bodyHash);
	if (!timingSafeEqual(expectedSig, Buffer.from(auth.signature, 'hex'))) return refuse('mismatch', MESSAGES.mismatch);
	return {ok: true, credential, region: scope.region, service: scope.service};
}

/** Whether a request carries a Bedrock API key rather than a SigV4 signature. */
export function hasBearer(request: FakeRequest): boolean {
	return /^Bearer\s/i.test(headerValue(request, 'authorization') ?? '');
}

function bearerToken(request: FakeRequest): string {
	return (headerValue(request, 'authorization') ?? '').replace(/^Bearer\s+/i, '');
}

/** The region a Bedrock API key was issued for, if this simulated AWS issued it (the SigV4 scope's counterpart). */
export function bearerKeyRegion(request: FakeRequest, world: FakeWorld): string | undefined {
	return world.state.bearerKeys?.get(bearerToken(request))?.region;
}

/**
 * Verify `Authorization: Bearer <Bedrock API key>`: the key must be one this simulated AWS issued, for this
 * region (short-term keys "can be used only in the AWS Region from which you generated it"), and not expired.
 */
export function verifyBearer(request: FakeRequest, world: FakeWorld, expected: {region: string}): BearerResult {
	const key = world.state.bearerKeys?.get(bearerToken(request));
	if (!key || key.region !== expected.region) return refuse('unknown-key', MESSAGES.badApiKey);
	if (key.expiresAt <= world.now()) return refuse('expired-token', MESSAGES.expiredToken);
	return {ok: true, key};
}
