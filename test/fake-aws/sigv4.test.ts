// The SigV4 verifier on its own: requests signed by @smithy/signature-v4 (what every SDK client and the
// wizard's Mantle calls use) must verify, and each way of getting a signature wrong must be refused with
// the reason and the words AWS uses. The same checks run end to end in sts/bedrock/mantle.test.ts.
import {Sha256} from '@aws-crypto/sha256-js';
import {HttpRequest} from '@smithy/protocol-http';
import {SignatureV4} from '@smithy/signature-v4';
import {describe, expect, it} from 'vitest';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import {createWorld, newState, parseRequest} from '../../source/fake-aws/server.js';
import {canonicalQuery, canonicalUri, issueBearerKey, issueCredentials, queryAuthError, verifyBearer, verifySigV4, type SigV4Result} from '../../source/fake-aws/sigv4.js';
import type {FakeRequest, FakeWorld} from '../../source/fake-aws/types.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const HOST = '127.0.0.1:4000';

function world(now = NOW): FakeWorld {
	return createWorld(getScenario('happy'), newState(), () => now);
}

function credentials(w: FakeWorld, ttlSeconds = 3600) {
	const issued = issueCredentials(w.state, NOW, {accountId: '111122223333', roleName: 'BedrockDeveloper', ttlSeconds});
	return {accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken};
}

/** The same encoding the SDK's HTTP handler uses for the query string on the wire. */
function wireEscape(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface SignInput {
	method?: string;
	path?: string;
	query?: Record<string, string>;
	body?: string;
	region?: string;
	service?: string;
	signingDate?: Date;
	/** false: no x-amz-content-sha256 header, so the server must hash the body itself. */
	applyChecksum?: boolean;
	credentials: {accessKeyId: string; secretAccessKey: string; sessionToken?: string};
}

/** Sign with @smithy/signature-v4, then turn the result into what the fake server would have parsed. */
async function signed(input: SignInput): Promise<FakeRequest> {
	const path = input.path ?? '/region/us-east-1/foundation-models';
	const query = input.query ?? {};
	const request = new HttpRequest({
		method: input.method ?? 'GET',
		protocol: 'http:',
		hostname: '127.0.0.1',
		port: 4000,
		path,
		query,
		headers: {host: HOST, ...(input.body ? {'content-type': 'application/json'} : {})},
		...(input.body ? {body: input.body} : {}),
	});
	const signer = new SignatureV4({credentials: input.credentials, region: input.region ?? 'us-east-1', service: input.service ?? 'bedrock', sha256: Sha256, applyChecksum: input.applyChecksum ?? true});
	const out = await signer.sign(request, {signingDate: input.signingDate ?? new Date(NOW)});
	const queryString = Object.entries(query)
		.map(([name, value]) => `${wireEscape(name)}=${wireEscape(value)}`)
		.join('&');
	const headers = Object.fromEntries(Object.entries(out.headers).map(([name, value]) => [name.toLowerCase(), value]));
	return parseRequest(out.method, queryString ? `${path}?${queryString}` : path, headers, Buffer.from(input.body ?? ''));
}

const expected = {service: 'bedrock', region: 'us-east-1'};

function refusal(result: SigV4Result) {
	expect(result.ok).toBe(false);
	return result as Extract<SigV4Result, {ok: false}>;
}

describe('issued credentials and API keys', () => {
	it('credentials are obviously fake, remembered, and carry the assumed-role ARN', () => {
		const w = world();
		const issued = issueCredentials(w.state, NOW, {accountId: '444455556666', roleName: 'ReadOnly', ttlSeconds: 60, user: 'ana@example.com'});
		expect(issued.accessKeyId).toMatch(/^ASIAFAKE[A-Z0-9]{12}$/);
		expect(issued.secretAccessKey).toMatch(/^fakesecret\//);
		expect(issued.expiresAt).toBe(NOW + 60_000);
		expect(issued.arn).toBe('arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/ana@example.com');
		expect(w.state.credentials.get(issued.accessKeyId)).toMatchObject({accountId: '444455556666', roleName: 'ReadOnly', sessionToken: issued.sessionToken});
	});

	it('a short-term API key has the layout of a real one, with the region readable from its scope', () => {
		const w = world();
		const {token, expiresAt} = issueBearerKey(w.state, NOW, {region: 'eu-west-1', accountId: '111122223333', roleName: 'BedrockDeveloper'});
		expect(token).toMatch(/^bedrock-api-key-/);
		const presigned = Buffer.from(token.slice('bedrock-api-key-'.length), 'base64').toString('utf8');
		expect(presigned).toMatch(/^bedrock\.amazonaws\.com\/\?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAFAKE[A-Z0-9]{12}%2F20261123%2Feu-west-1%2Fbedrock%2Faws4_request&/);
		expect(presigned).toMatch(/&X-Amz-Expires=43200&.*&Version=1$/);
		expect(expiresAt).toBe(NOW + 12 * 3600_000);
	});
});

describe('canonical request pieces', () => {
	it('encodes the received path once more per segment and resolves dot segments, as the SDK does', () => {
		expect(canonicalUri('/foundation-model-availability/openai.gpt-oss-120b-1%3A0')).toBe('/foundation-model-availability/openai.gpt-oss-120b-1%253A0');
		expect(canonicalUri('/a/./b/../c//d/')).toBe('/a/c/d/');
		expect(canonicalUri('/')).toBe('/');
		expect(canonicalUri('/v1/models')).toBe('/v1/models');
	});

	it('sorts the query by name then value and re-encodes it per RFC 3986', () => {
		expect(canonicalQuery('b=2&a=%20x&a=!&c')).toBe('a=%20x&a=%21&b=2&c=');
		expect(canonicalQuery('')).toBe('');
	});
});

describe('verifySigV4 accepts what @smithy/signature-v4 signs', () => {
	it.each([
		['a plain GET', {}],
		['an encoded colon in the path', {path: '/region/us-east-1/foundation-model-availability/openai.gpt-oss-120b-1%3A0'}],
		['spaces, unicode and reserved characters in the path', {path: '/region/us-east-1/foundation-models/a%20b%C3%A9%2Fc%2A'}],
		['a query with spaces, plus signs, stars and unicode', {query: {byProvider: 'Open AI', z: 'a+b*c', 'ü': 'é', empty: ''}}],
		['a POST with a JSON body', {method: 'POST', path: '/region/us-east-1/create-foundation-model-agreement', body: '{"modelId":"openai.gpt-oss-120b-1:0","offerToken":"t"}'}],
	])('%s', async (_label, input: Partial<SignInput>) => {
		const w = world();
		const result = await signed({credentials: credentials(w), ...input});
		expect(verifySigV4(result, w, expected)).toMatchObject({ok: true, region: 'us-east-1', service: 'bedrock', credential: {accountId: '111122223333'}});
	});

	it('accepts a signature up to five minutes off in either direction', async () => {
		const w = world();
		for (const offset of [-299_000, 299_000]) {
			const request = await signed({credentials: credentials(w), signingDate: new Date(NOW + offset)});
			expect(verifySigV4(request, w, expected).ok).toBe(true);
		}
	});
});

describe('verifySigV4 refuses, in AWS words', () => {
	it('no Authorization header: MissingAuthenticationTokenException (403)', () => {
		const result = refusal(verifySigV4(parseRequest('GET', '/foundation-models', {host: HOST}, Buffer.alloc(0)), world(), expected));
		expect(result).toMatchObject({reason: 'missing', status: 403, errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token'});
		expect(queryAuthError(result)).toEqual({status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token'});
	});

	it('a header that is not SigV4, or lacks parts: IncompleteSignatureException (400), every missing part named', () => {
		const bearer = parseRequest('GET', '/foundation-models', {host: HOST, authorization: 'Bearer abc'}, Buffer.alloc(0));
		expect(refusal(verifySigV4(bearer, world(), expected))).toMatchObject({reason: 'incomplete', status: 400, errorType: 'IncompleteSignatureException', message: "Unsupported AWS 'algorithm': 'Bearer'."});
		const bare = parseRequest('GET', '/foundation-models', {host: HOST, authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261123/us-east-1/bedrock/aws4_request'}, Buffer.alloc(0));
		expect(refusal(verifySigV4(bare, world(), expected)).message).toBe(
			"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
		);
		const noEquals = parseRequest('GET', '/foundation-models', {host: HOST, authorization: 'AWS4-HMAC-SHA256 Credential AKID/20261123/us-east-1/bedrock/aws4_request'}, Buffer.alloc(0));
		expect(refusal(verifySigV4(noEquals, world(), expected)).message).toBe(
			"'Credential AKID/20261123/us-east-1/bedrock/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential AKID/20261123/us-east-1/bedrock/aws4_request'.",
		);
	});

	it('the wrong service or region in the scope: InvalidSignatureException', async () => {
		const w = world();
		const mantle = refusal(verifySigV4(await signed({credentials: credentials(w), service: 'bedrock-mantle'}), w, expected));
		expect(mantle).toMatchObject({reason: 'service', status: 403, errorType: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'bedrock'. "});
		const region = refusal(verifySigV4(await signed({credentials: credentials(w), region: 'eu-west-1'}), w, expected));
		expect(region).toMatchObject({reason: 'region', errorType: 'InvalidSignatureException', message: "Credential should be scoped to a valid region, not 'eu-west-1'. "});
		expect(queryAuthError(region)).toEqual({status: 403, code: 'SignatureDoesNotMatch', message: "Credential should be scoped to a valid region, not 'eu-west-1'. "});
		const both = refusal(verifySigV4(await signed({credentials: credentials(w), region: 'eu-west-1', service: 'sts'}), w, expected));
		expect(both).toMatchObject({reason: 'service', message: "Credential should be scoped to a valid region, not 'eu-west-1'. Credential should be scoped to correct service: 'bedrock'. "});
	});

	it('a clock more than five minutes off, either way, with the exact times', async () => {
		const w = world();
		const past = refusal(verifySigV4(await signed({credentials: credentials(w), signingDate: new Date(NOW - 20 * 60_000)}), w, expected));
		expect(past).toMatchObject({reason: 'skew', errorType: 'InvalidSignatureException', message: 'Signature expired: 20261123T084000Z is now earlier than 20261123T085500Z (20261123T090000Z - 5 min.)'});
		const future = refusal(verifySigV4(await signed({credentials: credentials(w), signingDate: new Date(NOW + 20 * 60_000)}), w, expected));
		expect(future.message).toBe('Signature not yet current: 20261123T092000Z is still later than 20261123T090500Z (20261123T090000Z + 5 min.)');
	});

	it('a scope date that is not the day of x-amz-date, a malformed date, or no date', async () => {
		const w = world();
		const request = await signed({credentials: credentials(w)});
		const otherDay = {...request, headers: {...request.headers, authorization: String(request.headers.authorization).replace('/20261123/', '/20261122/')}};
		expect(refusal(verifySigV4(otherDay, w, expected))).toMatchObject({
			reason: 'malformed',
			message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261122' != '20261123', from '20261123T090000Z'. ",
		});
		const fourParts = {...request, headers: {...request.headers, authorization: String(request.headers.authorization).replace('/us-east-1/', '/')}};
		expect(refusal(verifySigV4(fourParts, w, expected))).toMatchObject({reason: 'incomplete', message: expect.stringMatching(/^Credential must have exactly 5 slash-delimited elements, e\.g\. keyid\/date\/region\/service\/term, got 'ASIAFAKE/)});
		const badDate = {...request, headers: {...request.headers, 'x-amz-date': '2026-11-23T09:00:00Z'}};
		expect(refusal(verifySigV4(badDate, w, expected))).toMatchObject({reason: 'incomplete', message: "Date must be in ISO-8601 'basic format'. Got '2026-11-23T09:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"});
		const {'x-amz-date': _dropped, ...undated} = request.headers;
		expect(refusal(verifySigV4({...request, headers: undated}, w, expected)).message).toBe("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256");
	});

	it('host not signed, or a signed header that was not sent', async () => {
		const w = world();
		const request = await signed({credentials: credentials(w)});
		const auth = String(request.headers.authorization);
		const hostless = {...request, headers: {...request.headers, authorization: auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=x-amz-date;x-amz-security-token')}};
		expect(refusal(verifySigV4(hostless, w, expected))).toMatchObject({reason: 'malformed', errorType: 'InvalidSignatureException', message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."});
		const {'x-amz-security-token': _token, ...withoutToken} = request.headers;
		expect(refusal(verifySigV4({...request, headers: withoutToken}, w, expected))).toMatchObject({
			reason: 'incomplete',
			message: "'x-amz-security-token' is named as a SignedHeader, but it does not exist in the HTTP request.",
		});
	});

	it('an unknown key, or a session token that is not the one issued: UnrecognizedClientException', async () => {
		const w = world();
		const unknown = refusal(verifySigV4(await signed({credentials: {accessKeyId: 'AKIDFAKEUNKNOWN', secretAccessKey: 'x'}}), w, expected));
		expect(unknown).toMatchObject({reason: 'unknown-key', status: 403, errorType: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.'});
		expect(queryAuthError(unknown).code).toBe('InvalidClientTokenId');
		const own = credentials(w);
		const other = credentials(w);
		const swapped = refusal(verifySigV4(await signed({credentials: {...own, sessionToken: other.sessionToken}}), w, expected));
		expect(swapped.errorType).toBe('UnrecognizedClientException');
		const {sessionToken: _omitted, ...withoutToken} = own;
		expect(refusal(verifySigV4(await signed({credentials: withoutToken}), w, expected)).errorType).toBe('UnrecognizedClientException');
	});

	it('expired credentials: ExpiredTokenException, even when the signature is wrong too', async () => {
		const w = world();
		const expired = credentials(w, -1);
		const result = refusal(verifySigV4(await signed({credentials: {...expired, secretAccessKey: 'wrong'}}), w, expected));
		expect(result).toMatchObject({reason: 'expired-token', status: 403, errorType: 'ExpiredTokenException', message: 'The security token included in the request is expired'});
		expect(queryAuthError(result).code).toBe('ExpiredToken');
	});

	it('a wrong secret, a tampered body, query or method: the signature does not match', async () => {
		const w = world();
		const creds = credentials(w);
		const mismatch = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
		const wrongSecret = refusal(verifySigV4(await signed({credentials: {...creds, secretAccessKey: 'wrong'}}), w, expected));
		expect(wrongSecret).toMatchObject({reason: 'mismatch', status: 403, errorType: 'InvalidSignatureException', message: mismatch});
		const post = await signed({credentials: creds, method: 'POST', path: '/region/us-east-1/create-foundation-model-agreement', body: '{"modelId":"a"}'});
		expect(refusal(verifySigV4({...post, body: Buffer.from('{"modelId":"b"}')}, w, expected)).message).toBe(mismatch);
		// Without x-amz-content-sha256 the server hashes the body itself: intact it verifies, tampered it does not.
		const unhashed = await signed({credentials: creds, method: 'POST', path: '/region/us-east-1/create-foundation-model-agreement', body: '{"modelId":"a"}', applyChecksum: false});
		expect(unhashed.headers['x-amz-content-sha256']).toBeUndefined();
		expect(verifySigV4(unhashed, w, expected).ok).toBe(true);
		expect(refusal(verifySigV4({...unhashed, body: Buffer.from('{"modelId":"b"}')}, w, expected)).reason).toBe('mismatch');
		const listed = await signed({credentials: creds, query: {byProvider: 'OpenAI'}});
		expect(refusal(verifySigV4({...listed, rawQuery: 'byProvider=Meta'}, w, expected)).reason).toBe('mismatch');
		expect(refusal(verifySigV4({...listed, method: 'DELETE'}, w, expected)).reason).toBe('mismatch');
	});
});

describe('verifyBearer (Bedrock API keys)', () => {
	const bearer = (token: string) => parseRequest('GET', '/v1/models', {host: HOST, authorization: `Bearer ${token}`}, Buffer.alloc(0));

	it('accepts a key issued for this region, refuses another region, an unknown or an expired key', () => {
		const w = world();
		const issue = (region: string, ttlSeconds?: number) =>
			issueBearerKey(w.state, NOW, {region, accountId: '111122223333', roleName: 'BedrockDeveloper', ...(ttlSeconds === undefined ? {} : {ttlSeconds})}).token;
		expect(verifyBearer(bearer(issue('us-east-1')), w, {region: 'us-east-1'})).toMatchObject({ok: true, key: {accountId: '111122223333', region: 'us-east-1'}});
		const invalid = 'Authentication failed: Please make sure your API Key is valid.';
		expect(verifyBearer(bearer(issue('eu-west-1')), w, {region: 'us-east-1'})).toMatchObject({ok: false, reason: 'unknown-key', message: invalid});
		expect(verifyBearer(bearer('bedrock-api-key-bm9wZQ=='), w, {region: 'us-east-1'})).toMatchObject({ok: false, reason: 'unknown-key'});
		expect(verifyBearer(bearer(issue('us-east-1', -1)), w, {region: 'us-east-1'})).toMatchObject({ok: false, reason: 'expired-token', errorType: 'ExpiredTokenException'});
	});
});
