// SSO OIDC (oidc.<region>.amazonaws.com): RegisterClient, StartDeviceAuthorization and CreateToken for
// the device_code, authorization_code (PKCE) and refresh_token grants, plus GET /authorize, which stands
// in for the browser sign-in of the PKCE flow. Unsigned restJson1, POST, application/json.
//
// Errors are shaped like the real capture quoted in shared/reference/sso.md section 4 (aws-cli #5955):
// the type travels in x-amzn-errortype with the coral suffix, the body is the OAuth pair
// {error, error_description} and has no "message" (so botocore prints an empty message, as in
// aws-cli #7129, and the JS SDK's message is "UnknownError").
//
// Everything is regional, as in IAM Identity Center: a client registered in one region is unknown to the
// others, and so are its codes and tokens.
import {createHash, randomInt} from 'node:crypto';
import {json, jsonError, logCall, rawFault} from '../respond.js';
import type {Approval, Fault, FakeRequest, FakeResponse, FakeState, FakeWorld, Handler} from '../types.js';

const CORAL_SUFFIX = ':http://internal.amazon.com/coral/com.amazonaws.sso.oidc/';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const KNOWN_GRANTS = new Set(['authorization_code', 'refresh_token', DEVICE_GRANT]);
/** Registrations last about 90 days (sso.md section 2: the registration cache is reused until then). */
const REGISTRATION_TTL_SECONDS = 90 * 86_400;
/** RFC 6749 section 4.1.2 recommends at most 10 minutes; the fake uses 5. */
const AUTH_CODE_TTL_MS = 5 * 60_000;
/** RFC 8628 section 3.5: on slow_down the interval "MUST be increased by 5 seconds". */
const SLOW_DOWN_STEP_SECONDS = 5;
const SCOPE = /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.*-]+)*$/;
/** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** base64url of a SHA-256 digest, without padding. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

type Client = FakeState['clients'] extends Map<string, infer C> ? C : never;

/** The OAuth error code and HTTP status of each modelled exception (client-sso-oidc errors.d.ts). */
const OIDC_ERRORS = {
	AccessDeniedException: ['access_denied', 400],
	AuthorizationPendingException: ['authorization_pending', 400],
	ExpiredTokenException: ['expired_token', 400],
	InternalServerException: ['server_error', 500],
	InvalidClientException: ['invalid_client', 401],
	InvalidClientMetadataException: ['invalid_client_metadata', 400],
	InvalidGrantException: ['invalid_grant', 400],
	InvalidRedirectUriException: ['invalid_redirect_uri', 400],
	InvalidRequestException: ['invalid_request', 400],
	InvalidScopeException: ['invalid_scope', 400],
	SlowDownException: ['slow_down', 400],
	UnauthorizedClientException: ['unauthorized_client', 400],
	UnsupportedGrantTypeException: ['unsupported_grant_type', 400],
} as const;
type OidcErrorType = keyof typeof OIDC_ERRORS;

/** Thrown by the operations below; the handler turns it into the OAuth error response. */
class OidcFailure extends Error {
	constructor(
		readonly type: OidcErrorType,
		readonly description: string,
	) {
		super(description);
	}
}

function fail(type: OidcErrorType, description: string): never {
	throw new OidcFailure(type, description);
}

function oauthError(world: FakeWorld, operation: string, region: string, status: number, type: string, extra: Record<string, unknown>): FakeResponse {
	return jsonError(world, status, type, '', {operation, region, typeSuffix: CORAL_SUFFIX, extra, omitMessage: true});
}

function failureResponse(world: FakeWorld, operation: string, region: string, failure: OidcFailure): FakeResponse {
	const [error, status] = OIDC_ERRORS[failure.type];
	return oauthError(world, operation, region, status, failure.type, {error, error_description: failure.description});
}

/** A scenario fault, in the OIDC shape (the OAuth code from the type unless the fault gives one). */
function faultResponse(world: FakeWorld, operation: string, region: string, fault: Fault): FakeResponse {
	const known = OIDC_ERRORS[fault.errorType as OidcErrorType] as readonly [string, number] | undefined;
	return oauthError(world, operation, region, fault.status, fault.errorType, {error: known?.[0] ?? 'server_error', error_description: fault.message, ...fault.extraBody});
}

/** A response that never comes (for time-out tests). */
function never(): Promise<FakeResponse> {
	return new Promise<FakeResponse>(() => {});
}

// ---------------------------------------------------------------------------------------------------
// Input

type Input = Record<string, unknown>;

function parseBody(request: FakeRequest): Input {
	let parsed: unknown;
	try {
		parsed = JSON.parse(request.body.toString('utf8') || '{}');
	} catch {
		fail('InvalidRequestException', 'Request body is not valid JSON');
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) fail('InvalidRequestException', 'Request body must be a JSON object');
	return parsed as Input;
}

function optionalString(input: Input, name: string): string | undefined {
	const value = input[name];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') fail('InvalidRequestException', `${name} must be a string`);
	return value === '' ? undefined : value;
}

function requiredString(input: Input, name: string): string {
	return optionalString(input, name) ?? fail('InvalidRequestException', `${name} is required`);
}

function stringList(input: Input, name: string): string[] {
	const value = input[name];
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) fail('InvalidRequestException', `${name} must be a list of strings`);
	return value as string[];
}

/** The portal URL as configured, without the "/", "/#" or "#/" that copied portal links carry. */
function normaliseStartUrl(url: string): string {
	return url.trim().replace(/[#/]+$/, '');
}

function isHttpsUrl(value: string): boolean {
	try {
		return new URL(value).protocol === 'https:';
	} catch {
		return false;
	}
}

/** A loopback redirect URI as the AWS CLI registers it: http://127.0.0.1[:port]/path. */
function loopbackUrl(value: string): URL | undefined {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' && url.hostname === '127.0.0.1' && !url.username && !url.password && !url.hash ? url : undefined;
	} catch {
		return undefined;
	}
}

// ---------------------------------------------------------------------------------------------------
// Clients

/** Grants a client may use: those it registered, or for a registration without grantTypes (the AWS CLI's device flow) the device and refresh grants. */
function allowedGrants(client: Client): string[] {
	return client.grantTypes.length > 0 ? client.grantTypes : [DEVICE_GRANT, 'refresh_token'];
}

/**
 * Whether sign-ins by this client get a refresh token. Registrations that ask for refresh_token (PKCE)
 * do; so do scoped device registrations, which is how sso-session logins differ from legacy ones
 * (sso.md section 2: "sso-session logins get ... a refresh token"; legacy tokens are not refreshable).
 */
function issuesRefreshTokens(client: Client): boolean {
	return client.grantTypes.length > 0 ? client.grantTypes.includes('refresh_token') : client.scopes.length > 0;
}

/** Where a client, code or token was issued; entries seeded without a region belong to the Identity Center's own. */
function issuedIn(world: FakeWorld, entry: {region?: string | undefined}): string {
	return entry.region ?? world.scenario.sso.region;
}

function authenticate(world: FakeWorld, region: string, input: Input): Client {
	const clientId = requiredString(input, 'clientId');
	const clientSecret = requiredString(input, 'clientSecret');
	const client = world.state.clients.get(clientId);
	if (!client || issuedIn(world, client) !== region || client.clientSecret !== clientSecret) fail('InvalidClientException', 'Invalid client provided');
	if (client.expiresAt <= world.now()) fail('InvalidClientException', 'Client is expired');
	return client;
}

function requireGrant(client: Client, grant: string): void {
	if (!allowedGrants(client).includes(grant)) fail('UnauthorizedClientException', `Client is not registered for the ${grant} grant`);
}

function validateRegistration(input: Input) {
	const clientName = requiredString(input, 'clientName');
	const clientType = requiredString(input, 'clientType');
	if (clientType !== 'public') fail('InvalidRequestException', `Invalid clientType: ${clientType} (only "public" clients are supported)`);
	const scopes = stringList(input, 'scopes');
	const badScope = scopes.find((scope) => !SCOPE.test(scope));
	if (badScope !== undefined) fail('InvalidScopeException', `Invalid scope: ${JSON.stringify(badScope)}`);
	const grantTypes = stringList(input, 'grantTypes');
	const unknownGrant = grantTypes.find((grant) => !KNOWN_GRANTS.has(grant));
	if (unknownGrant !== undefined) fail('UnsupportedGrantTypeException', `Unsupported grant type: ${unknownGrant}`);
	const redirectUris = stringList(input, 'redirectUris');
	const badRedirect = redirectUris.find((uri) => !loopbackUrl(uri));
	if (badRedirect !== undefined) fail('InvalidRedirectUriException', `Invalid redirect URI: ${badRedirect} (only http://127.0.0.1 loopback URIs are allowed)`);
	const issuerUrl = optionalString(input, 'issuerUrl');
	if (issuerUrl !== undefined && !isHttpsUrl(issuerUrl)) fail('InvalidRequestException', `Invalid issuerUrl: ${issuerUrl}`);
	if (grantTypes.includes('authorization_code')) {
		if (redirectUris.length === 0) fail('InvalidRequestException', 'redirectUris is required for the authorization_code grant');
		if (issuerUrl === undefined) fail('InvalidRequestException', 'issuerUrl is required for the authorization_code grant');
	} else if (redirectUris.length > 0) {
		fail('InvalidClientMetadataException', 'redirectUris are only allowed with the authorization_code grant');
	}
	return {clientName, scopes, grantTypes, redirectUris, issuerUrl};
}

function registerClient(input: Input, world: FakeWorld, region: string) {
	const registration = validateRegistration(input);
	const clientId = world.secret('fakeclient-');
	const clientSecret = world.secret('fakeclientsecret-');
	const issuedAt = Math.floor(world.now() / 1000);
	const expiresAt = issuedAt + REGISTRATION_TTL_SECONDS;
	world.state.clients.set(clientId, {clientId, clientSecret, ...registration, expiresAt: expiresAt * 1000, region});
	return {clientId, clientSecret, clientIdIssuedAt: issuedAt, clientSecretExpiresAt: expiresAt};
}

// ---------------------------------------------------------------------------------------------------
// Device authorization

/** The user code as AWS shows it: two groups of four consonants (no vowels, so no words). */
function userCode(): string {
	const letters = 'BCDFGHJKLMNPQRSTVWXZ';
	const group = () => Array.from({length: 4}, () => letters[randomInt(letters.length)]).join('');
	return `${group()}-${group()}`;
}

/**
 * The start URL must be the Identity Center instance's, asked of its home region. For a start URL it
 * cannot resolve, StartDeviceAuthorization answers 400 InvalidRequestException (aws-cli #7129). Note:
 * reports of a wrong *region* with a known start URL (aws-cli #5058, fwdcloudsec/granted #385) show AWS
 * accepting the call and the browser approval then failing with invalid_grant; the fake refuses up
 * front instead, with the same exception as an unknown start URL, so a wrong region fails fast.
 */
function checkStartUrl(world: FakeWorld, region: string, startUrl: string): void {
	const sso = world.scenario.sso;
	if (normaliseStartUrl(startUrl) !== normaliseStartUrl(sso.startUrl)) {
		fail('InvalidRequestException', `Invalid start URL: ${startUrl} is not the AWS access portal URL of an IAM Identity Center instance in ${region}`);
	}
	if (region !== sso.region) {
		fail('InvalidRequestException', `Invalid start URL or region: the IAM Identity Center instance of ${startUrl} is not in ${region}`);
	}
}

function startDeviceAuthorization(input: Input, world: FakeWorld, region: string) {
	const client = authenticate(world, region, input);
	requireGrant(client, DEVICE_GRANT);
	const startUrl = requiredString(input, 'startUrl');
	checkStartUrl(world, region, startUrl);
	const sso = world.scenario.sso;
	const deviceCode = world.secret('fakedevicecode-');
	const code = userCode();
	const interval = sso.pollIntervalSeconds;
	world.state.deviceCodes.set(deviceCode, {
		deviceCode,
		userCode: code,
		clientId: client.clientId,
		startUrl,
		expiresAt: world.now() + sso.deviceCodeTtlSeconds * 1000,
		polls: 0,
		interval,
		redeemed: false,
		region,
	});
	const verificationUri = `https://device.sso.${region}.amazonaws.com/`;
	return {deviceCode, userCode: code, verificationUri, verificationUriComplete: `${verificationUri}?user_code=${code}`, expiresIn: sso.deviceCodeTtlSeconds, interval};
}

// ---------------------------------------------------------------------------------------------------
// Tokens

function issueTokens(world: FakeWorld, client: Client, scopes: string[], region: string, sessionId: string) {
	const accessToken = world.secret('aoa-fake-');
	const ttl = world.scenario.sso.accessTokenTtlSeconds;
	world.state.accessTokens.set(accessToken, {token: accessToken, clientId: client.clientId, expiresAt: world.now() + ttl * 1000, scopes, region, sessionId});
	const answer: {accessToken: string; tokenType: 'Bearer'; expiresIn: number; refreshToken?: string} = {accessToken, tokenType: 'Bearer', expiresIn: ttl};
	if (issuesRefreshTokens(client)) {
		const refreshToken = world.secret('aor-fake-');
		world.state.refreshTokens.set(refreshToken, {token: refreshToken, clientId: client.clientId, scopes, region, sessionId});
		answer.refreshToken = refreshToken;
	}
	return answer;
}

function approvalOutcome(approval: Approval, polls: number): 'pending' | 'approved' | 'denied' {
	if (approval.kind === 'deny') return 'denied';
	// "expire": nobody ever approves; the code runs out (ExpiredTokenException once past expiresAt).
	if (approval.kind === 'expire') return 'pending';
	return polls > approval.afterPolls ? 'approved' : 'pending';
}

function deviceCodeGrant(input: Input, world: FakeWorld, region: string, client: Client) {
	const device = world.state.deviceCodes.get(requiredString(input, 'deviceCode'));
	// "Invalid grant provided" is the description AWS gives for a grant it does not accept (aws-cli #5058).
	if (!device || device.clientId !== client.clientId || issuedIn(world, device) !== region || device.redeemed) fail('InvalidGrantException', 'Invalid grant provided');
	const now = world.now();
	if (now >= device.expiresAt) fail('ExpiredTokenException', 'Device code has expired');
	if (device.lastPollAt !== undefined && now - device.lastPollAt < device.interval * 1000) {
		device.lastPollAt = now;
		device.interval += SLOW_DOWN_STEP_SECONDS;
		fail('SlowDownException', `Client is polling too quickly: wait at least ${device.interval} seconds between requests`);
	}
	device.lastPollAt = now;
	device.polls += 1;
	const outcome = approvalOutcome(world.scenario.sso.deviceApproval, device.polls);
	if (outcome === 'denied') fail('AccessDeniedException', 'The user denied the authorization request');
	// The description is AWS's own (aws-cli #5955).
	if (outcome === 'pending') fail('AuthorizationPendingException', 'Authorization is still pending');
	device.redeemed = true;
	return issueTokens(world, client, client.scopes, region, world.requestId());
}

function authorizationCodeGrant(input: Input, world: FakeWorld, region: string, client: Client) {
	const codeValue = requiredString(input, 'code');
	const redirectUri = requiredString(input, 'redirectUri');
	const verifier = requiredString(input, 'codeVerifier');
	if (!CODE_VERIFIER.test(verifier)) fail('InvalidRequestException', 'codeVerifier must be 43 to 128 characters from [A-Za-z0-9-._~] (RFC 7636)');
	const code = world.state.authCodes.get(codeValue);
	if (!code || issuedIn(world, code) !== region) fail('InvalidGrantException', 'Invalid authorization code provided');
	if (code.clientId !== client.clientId) fail('InvalidGrantException', 'Authorization code was issued to another client');
	if (code.redeemed) fail('InvalidGrantException', 'Authorization code has already been used');
	if (world.now() >= code.expiresAt) fail('InvalidGrantException', 'Authorization code has expired');
	if (redirectUri !== code.redirectUri) fail('InvalidGrantException', 'redirectUri does not match the redirect_uri of the authorization request');
	if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
		fail('InvalidGrantException', 'Code verifier does not match the code challenge');
	}
	code.redeemed = true;
	return issueTokens(world, client, code.scopes, region, world.requestId());
}

/** Refresh tokens rotate: the one used is spent and the answer carries its successor. */
function refreshTokenGrant(input: Input, world: FakeWorld, region: string, client: Client) {
	const value = requiredString(input, 'refreshToken');
	const refresh = world.state.refreshTokens.get(value);
	// One description for every refusal, as AWS gives it (aws-cli #8561).
	if (world.scenario.sso.refresh === 'invalid_grant' || !refresh || refresh.clientId !== client.clientId || issuedIn(world, refresh) !== region) {
		fail('InvalidGrantException', 'Invalid refresh token provided');
	}
	world.state.refreshTokens.delete(value);
	return issueTokens(world, client, refresh.scopes ?? client.scopes, region, refresh.sessionId ?? world.requestId());
}

function createToken(input: Input, world: FakeWorld, region: string) {
	const client = authenticate(world, region, input);
	const grantType = requiredString(input, 'grantType');
	if (!KNOWN_GRANTS.has(grantType)) fail('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`);
	requireGrant(client, grantType);
	if (grantType === DEVICE_GRANT) return deviceCodeGrant(input, world, region, client);
	if (grantType === 'authorization_code') return authorizationCodeGrant(input, world, region, client);
	return refreshTokenGrant(input, world, region, client);
}

// ---------------------------------------------------------------------------------------------------
// GET /authorize: the simulated browser sign-in

function htmlPage(status: number, text: string): FakeResponse {
	const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return {status, headers: {'content-type': 'text/html; charset=utf-8'}, body: `<!doctype html><meta charset="utf-8"><title>AWS access portal (simulated)</title><p>${escaped}</p>`};
}

function redirect(target: URL): FakeResponse {
	return {status: 302, headers: {location: target.toString()}};
}

/** Whether redirect_uri is one of the client's registered URIs: same scheme, host and path; any port (the AWS CLI registers it without one). */
function registeredRedirect(client: Client, redirectUri: URL): boolean {
	return client.redirectUris.some((uri) => {
		const registered = new URL(uri);
		return registered.protocol === redirectUri.protocol && registered.hostname === redirectUri.hostname && registered.pathname === redirectUri.pathname;
	});
}

/** The first problem with an authorize request whose client and redirect URI are good, as an RFC 6749 error code and description. */
function authorizeProblem(query: URLSearchParams, client: Client, world: FakeWorld, region: string): [string, string] | undefined {
	if (!allowedGrants(client).includes('authorization_code')) return ['unauthorized_client', 'Client is not registered for the authorization_code grant'];
	if (query.get('response_type') !== 'code') return ['unsupported_response_type', 'response_type must be "code"'];
	if (!query.get('state')) return ['invalid_request', 'state is required'];
	if (query.get('code_challenge_method') !== 'S256') return ['invalid_request', 'code_challenge_method must be S256'];
	if (!S256_CHALLENGE.test(query.get('code_challenge') ?? '')) return ['invalid_request', 'code_challenge must be base64url(sha256(code_verifier)) without padding'];
	const scopes = (query.get('scopes') ?? '').split(' ').filter(Boolean);
	const unregistered = scopes.find((scope) => !client.scopes.includes(scope));
	if (unregistered !== undefined) return ['invalid_scope', `Scope ${unregistered} was not registered for this client`];
	const sso = world.scenario.sso;
	if (region !== sso.region || normaliseStartUrl(client.issuerUrl ?? '') !== normaliseStartUrl(sso.startUrl)) {
		return ['invalid_request', `No IAM Identity Center instance for ${client.issuerUrl ?? 'this client'} in ${region}`];
	}
	return undefined;
}

/**
 * Validates the request as the authorization server would, then acts out the scenario's user. Per
 * RFC 6749 section 4.1.2.1, a bad client or redirect URI is shown to the user (no redirect); every
 * other problem, and the user's answer, goes back to the redirect URI with the state.
 */
function authorize(request: FakeRequest, world: FakeWorld, region: string): FakeResponse {
	const operation = 'Authorize';
	const query = request.query;
	const answer = (response: FakeResponse) => {
		logCall(world, operation, region, response.status, world.requestId());
		return response;
	};
	const client = world.state.clients.get(query.get('client_id') ?? '');
	if (!client || issuedIn(world, client) !== region) return answer(htmlPage(400, 'invalid_client: the client_id is not registered in this region.'));
	const redirectUri = loopbackUrl(query.get('redirect_uri') ?? '');
	if (!redirectUri || !registeredRedirect(client, redirectUri)) return answer(htmlPage(400, 'invalid_redirect_uri: redirect_uri is not a registered redirect URI of this client.'));
	const state = query.get('state');
	const back = (params: Record<string, string>) => {
		const target = new URL(redirectUri);
		for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
		if (state) target.searchParams.set('state', state);
		return answer(redirect(target));
	};
	const problem = authorizeProblem(query, client, world, region);
	if (problem) return back({error: problem[0], error_description: problem[1]});
	const approval = world.scenario.sso.pkceApproval;
	if (approval.kind === 'expire') return answer(htmlPage(200, 'Waiting for you to sign in... (this simulated user never does)'));
	if (approval.kind === 'deny') return back({error: 'access_denied', error_description: 'The user denied the authorization request'});
	const code = world.secret('fakeauthcode-');
	const scopes = (query.get('scopes') ?? '').split(' ').filter(Boolean);
	world.state.authCodes.set(code, {
		code,
		clientId: client.clientId,
		redirectUri: query.get('redirect_uri')!,
		codeChallenge: query.get('code_challenge')!,
		scopes,
		expiresAt: world.now() + AUTH_CODE_TTL_MS,
		redeemed: false,
		region,
	});
	return back({code});
}

// ---------------------------------------------------------------------------------------------------

const OPERATIONS: Record<string, {name: string; run: (input: Input, world: FakeWorld, region: string) => unknown}> = {
	'/client/register': {name: 'RegisterClient', run: registerClient},
	'/device_authorization': {name: 'StartDeviceAuthorization', run: startDeviceAuthorization},
	'/token': {name: 'CreateToken', run: createToken},
};

export const ssoOidc: Handler = (request, world) => {
	// Without a /region/<r> prefix the request is taken to be for the Identity Center's own region.
	const region = request.endpointRegion ?? world.scenario.sso.region;
	if (request.method === 'GET' && request.path === '/authorize') return authorize(request, world, region);
	// CreateTokenWithIAM shares the path (POST /token?aws_iam=t, SigV4-signed, for trusted identity
	// propagation): it is another operation with other input, never to be answered as CreateToken.
	if (request.method === 'POST' && request.path === '/token' && request.query.has('aws_iam')) {
		return jsonError(world, 400, 'InvalidRequestException', '[fake-aws] CreateTokenWithIAM (POST /token?aws_iam=t) is not simulated; it is not CreateToken.', {operation: 'CreateTokenWithIAM', region});
	}
	const operation = request.method === 'POST' ? OPERATIONS[request.path] : undefined;
	if (!operation) return undefined;
	const fault = world.takeFault(operation.name, region);
	if (fault) return fault.hang ? never() : fault.raw ? rawFault(fault) : faultResponse(world, operation.name, region, fault);
	try {
		return json(world, operation.name, region, 200, operation.run(parseBody(request), world, region));
	} catch (error) {
		if (error instanceof OidcFailure) return failureResponse(world, operation.name, region, error);
		throw error;
	}
};
