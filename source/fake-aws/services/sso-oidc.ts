// SSO OIDC (oidc.<region>.amazonaws.com): RegisterClient, StartDeviceAuthorization, CreateToken for the
// device_code, authorization_code (PKCE) and refresh_token grants, and a simulated browser sign-in at
// GET /authorize. Unsigned restJson1. Errors carry their type in x-amzn-errortype with the coral suffix
// seen in real captures, and an OAuth body {error, error_description} (no "message", as AWS sends it).
import {createHash, randomInt} from 'node:crypto';
import {json, jsonError} from '../respond.js';
import type {Approval, FakeRequest, FakeResponse, FakeWorld, Handler} from '../types.js';

const CORAL = ':http://internal.amazon.com/coral/com.amazonaws.sso.oidc/';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const GRANTS = new Set(['authorization_code', 'refresh_token', DEVICE_GRANT]);

function oauthError(world: FakeWorld, operation: string, region: string, status: number, type: string, error: string, description: string): FakeResponse {
	return jsonError(world, status, type, description, {operation, region, typeSuffix: CORAL, extra: {error, error_description: description}, omitMessage: true});
}

/** A scenario's fault for this operation, as an OAuth error. */
function injectedFault(world: FakeWorld, operation: string, region: string): FakeResponse | undefined {
	const fault = world.takeFault(operation, region);
	return fault && oauthError(world, operation, region, fault.status, fault.errorType, String(fault.extraBody?.['error'] ?? 'server_error'), fault.message);
}

function body(request: FakeRequest): Record<string, unknown> | undefined {
	try {
		const parsed = JSON.parse(request.body.toString('utf8') || '{}') as unknown;
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The portal URL as configured, without the "/#" or "#/" the portal's own links carry. */
function normaliseStartUrl(url: string): string {
	return url.trim().replace(/[#/]+$/, '');
}

function userCode(): string {
	const letters = 'BCDFGHJKLMNPQRSTVWXZ';
	const pick = () => Array.from({length: 4}, () => letters[randomInt(letters.length)]).join('');
	return `${pick()}-${pick()}`;
}

function issueTokens(world: FakeWorld, clientId: string, scopes: string[], withRefresh: boolean) {
	const accessToken = world.secret('aoa-fake-');
	const ttl = world.scenario.sso.accessTokenTtlSeconds;
	world.state.accessTokens.set(accessToken, {token: accessToken, clientId, expiresAt: world.now() + ttl * 1000, scopes});
	const answer: Record<string, unknown> = {accessToken, tokenType: 'Bearer', expiresIn: ttl};
	if (withRefresh) {
		const refreshToken = world.secret('aor-fake-');
		world.state.refreshTokens.set(refreshToken, {token: refreshToken, clientId});
		answer['refreshToken'] = refreshToken;
	}
	return answer;
}

function registerClient(request: FakeRequest, world: FakeWorld, region: string): FakeResponse {
	const op = 'RegisterClient';
	const input = body(request);
	const fault = injectedFault(world, op, region);
	if (fault) return fault;
	if (!input) return oauthError(world, op, region, 400, 'InvalidRequestException', 'invalid_request', 'Request body is not valid JSON');
	const clientName = str(input['clientName']);
	const clientType = str(input['clientType']);
	if (!clientName) return oauthError(world, op, region, 400, 'InvalidRequestException', 'invalid_request', 'clientName is required');
	if (clientType !== 'public') return oauthError(world, op, region, 400, 'InvalidRequestException', 'invalid_request', `Invalid clientType: ${clientType ?? 'null'}`);
	const grantTypes = Array.isArray(input['grantTypes']) ? (input['grantTypes'] as unknown[]).map(String) : [];
	const unknownGrant = grantTypes.find((g) => !GRANTS.has(g));
	if (unknownGrant) return oauthError(world, op, region, 400, 'InvalidClientMetadataException', 'invalid_client_metadata', `Unsupported grant type: ${unknownGrant}`);
	const redirectUris = Array.isArray(input['redirectUris']) ? (input['redirectUris'] as unknown[]).map(String) : [];
	if (grantTypes.includes('authorization_code')) {
		if (redirectUris.length === 0) return oauthError(world, op, region, 400, 'InvalidRequestException', 'invalid_request', 'redirectUris is required for the authorization_code grant');
		const bad = redirectUris.find((uri) => !/^http:\/\/127\.0\.0\.1(:\d+)?\//.test(uri));
		if (bad) return oauthError(world, op, region, 400, 'InvalidRedirectUriException', 'invalid_redirect_uri', `Invalid redirect URI: ${bad}`);
		if (!str(input['issuerUrl'])) return oauthError(world, op, region, 400, 'InvalidRequestException', 'invalid_request', 'issuerUrl is required for the authorization_code grant');
	}
	const scopes = Array.isArray(input['scopes']) ? (input['scopes'] as unknown[]).map(String) : [];
	const badScope = scopes.find((s) => !/^[\w:.-]+$/.test(s));
	if (badScope) return oauthError(world, op, region, 400, 'InvalidScopeException', 'invalid_scope', `Invalid scope: ${badScope}`);
	const clientId = world.secret('fakeclient-');
	const clientSecret = world.secret('fakeclientsecret-');
	const issuedAt = Math.floor(world.now() / 1000);
	const expiresAt = issuedAt + 90 * 86_400;
	world.state.clients.set(clientId, {clientId, clientSecret, clientName, scopes, grantTypes, redirectUris, issuerUrl: str(input['issuerUrl']), expiresAt: expiresAt * 1000});
	return json(world, op, region, 200, {clientId, clientSecret, clientIdIssuedAt: issuedAt, clientSecretExpiresAt: expiresAt});
}

/** The registered client for a request's clientId/clientSecret, or the 401 to answer. */
function authenticate(world: FakeWorld, op: string, region: string, input: Record<string, unknown>) {
	const client = world.state.clients.get(str(input['clientId']) ?? '');
	if (!client || client.clientSecret !== input['clientSecret'] || client.expiresAt <= world.now()) {
		return {error: oauthError(world, op, region, 401, 'InvalidClientException', 'invalid_client', 'Invalid client provided')};
	}
	return {client};
}

function startDeviceAuthorization(request: FakeRequest, world: FakeWorld, region: string): FakeResponse {
	const op = 'StartDeviceAuthorization';
	const input = body(request) ?? {};
	const fault = injectedFault(world, op, region);
	if (fault) return fault;
	const auth = authenticate(world, op, region, input);
	if (auth.error) return auth.error;
	const startUrl = str(input['startUrl']);
	if (!startUrl) return oauthError(world, op, region, 400, 'InvalidRequestException', 'invalid_request', 'startUrl is required');
	const sso = world.scenario.sso;
	if (normaliseStartUrl(startUrl) !== normaliseStartUrl(sso.startUrl) || region !== sso.region) {
		// What AWS answers when the start URL is unknown to the Identity Center instance of that region.
		return oauthError(world, op, region, 400, 'InvalidRequestException', 'invalid_request', `Invalid start URL or region: no IAM Identity Center instance for ${startUrl} in ${region}`);
	}
	const deviceCode = world.secret('fakedevicecode-');
	const code = userCode();
	const interval = sso.pollIntervalSeconds;
	world.state.deviceCodes.set(deviceCode, {deviceCode, userCode: code, clientId: auth.client.clientId, startUrl, expiresAt: world.now() + sso.deviceCodeTtlSeconds * 1000, polls: 0, interval, redeemed: false});
	const verificationUri = `https://device.sso.${region}.amazonaws.com/`;
	return json(world, op, region, 200, {
		deviceCode,
		userCode: code,
		verificationUri,
		verificationUriComplete: `${verificationUri}?user_code=${code}`,
		expiresIn: sso.deviceCodeTtlSeconds,
		interval,
	});
}

function approvalOutcome(approval: Approval, polls: number): 'pending' | 'approved' | 'denied' | 'expired' {
	if (approval.kind === 'deny') return 'denied';
	if (approval.kind === 'expire') return 'pending';
	return polls > approval.afterPolls ? 'approved' : 'pending';
}

function createToken(request: FakeRequest, world: FakeWorld, region: string): FakeResponse {
	const op = 'CreateToken';
	const input = body(request) ?? {};
	const fault = injectedFault(world, op, region);
	if (fault) return fault;
	const auth = authenticate(world, op, region, input);
	if (auth.error) return auth.error;
	const {client} = auth;
	const grantType = str(input['grantType']);
	if (!grantType || !GRANTS.has(grantType)) return oauthError(world, op, region, 400, 'UnsupportedGrantTypeException', 'unsupported_grant_type', `Unsupported grant type: ${grantType ?? 'null'}`);
	const now = world.now();

	if (grantType === DEVICE_GRANT) {
		const device = world.state.deviceCodes.get(str(input['deviceCode']) ?? '');
		if (!device || device.clientId !== client.clientId || device.redeemed) return oauthError(world, op, region, 400, 'InvalidGrantException', 'invalid_grant', 'Invalid grant provided');
		if (now >= device.expiresAt) return oauthError(world, op, region, 400, 'ExpiredTokenException', 'expired_token', 'Device code has expired');
		if (device.lastPollAt !== undefined && now - device.lastPollAt < device.interval * 1000) {
			device.lastPollAt = now;
			device.interval += 5;
			return oauthError(world, op, region, 400, 'SlowDownException', 'slow_down', 'Client is polling too quickly');
		}
		device.lastPollAt = now;
		device.polls += 1;
		const outcome = approvalOutcome(world.scenario.sso.deviceApproval, device.polls);
		if (outcome === 'denied') return oauthError(world, op, region, 400, 'AccessDeniedException', 'access_denied', 'Access denied by the user');
		if (outcome === 'pending') return oauthError(world, op, region, 400, 'AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending');
		device.redeemed = true;
		return json(world, op, region, 200, issueTokens(world, client.clientId, client.scopes, true));
	}

	if (grantType === 'authorization_code') {
		if (!client.grantTypes.includes('authorization_code')) return oauthError(world, op, region, 400, 'UnauthorizedClientException', 'unauthorized_client', 'Client is not registered for the authorization_code grant');
		const code = world.state.authCodes.get(str(input['code']) ?? '');
		if (!code || code.clientId !== client.clientId || code.redeemed) return oauthError(world, op, region, 400, 'InvalidGrantException', 'invalid_grant', 'Invalid authorization code provided');
		if (now >= code.expiresAt) return oauthError(world, op, region, 400, 'InvalidGrantException', 'invalid_grant', 'Authorization code has expired');
		if (str(input['redirectUri']) !== code.redirectUri) return oauthError(world, op, region, 400, 'InvalidGrantException', 'invalid_grant', 'redirectUri does not match the authorization request');
		const verifier = str(input['codeVerifier']) ?? '';
		if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) {
			return oauthError(world, op, region, 400, 'InvalidGrantException', 'invalid_grant', 'Code verifier does not match the code challenge');
		}
		code.redeemed = true;
		return json(world, op, region, 200, issueTokens(world, client.clientId, code.scopes, true));
	}

	// refresh_token
	const refresh = world.state.refreshTokens.get(str(input['refreshToken']) ?? '');
	if (world.scenario.sso.refresh === 'invalid_grant' || !refresh || refresh.clientId !== client.clientId) {
		return oauthError(world, op, region, 400, 'InvalidGrantException', 'invalid_grant', 'Invalid refresh token provided');
	}
	world.state.refreshTokens.delete(refresh.token);
	return json(world, op, region, 200, issueTokens(world, client.clientId, client.scopes, true));
}

/** The simulated browser sign-in: validate the authorize request, then redirect with a code (or an error). */
function authorize(request: FakeRequest, world: FakeWorld, region: string): FakeResponse {
	const q = request.query;
	const page = (status: number, text: string): FakeResponse => ({status, headers: {'content-type': 'text/html; charset=utf-8'}, body: `<!doctype html><title>AWS access portal (simulated)</title><p>${text}</p>`});
	const client = world.state.clients.get(q.get('client_id') ?? '');
	const redirectUri = q.get('redirect_uri') ?? '';
	if (!client) return page(400, 'Invalid client_id.');
	if (!client.grantTypes.includes('authorization_code')) return page(400, 'This client is not registered for the authorization code grant.');
	if (q.get('response_type') !== 'code') return page(400, 'response_type must be "code".');
	if (q.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '')) return page(400, 'A S256 code_challenge is required.');
	if (!q.get('state')) return page(400, 'state is required.');
	const registered = client.redirectUris.some((uri) => {
		const a = new URL(uri);
		try {
			const b = new URL(redirectUri);
			return a.protocol === b.protocol && a.hostname === b.hostname && a.pathname === b.pathname;
		} catch {
			return false;
		}
	});
	if (!registered) return page(400, 'redirect_uri does not match a registered redirect URI.');
	if (region !== world.scenario.sso.region) return page(400, `No IAM Identity Center instance in ${region}.`);
	const approval = world.scenario.sso.pkceApproval;
	const target = new URL(redirectUri);
	target.searchParams.set('state', q.get('state')!);
	if (approval.kind === 'expire') return page(200, 'Waiting for you to sign in... (this simulated user never does)');
	if (approval.kind === 'deny') {
		target.searchParams.set('error', 'access_denied');
		target.searchParams.set('error_description', 'The user denied access');
		return {status: 302, headers: {location: target.toString()}};
	}
	const code = world.secret('fakeauthcode-');
	const scopes = (q.get('scopes') ?? '').split(' ').filter(Boolean);
	world.state.authCodes.set(code, {code, clientId: client.clientId, redirectUri, codeChallenge: q.get('code_challenge')!, scopes, expiresAt: world.now() + 5 * 60_000, redeemed: false});
	target.searchParams.set('code', code);
	return {status: 302, headers: {location: target.toString()}};
}

export const ssoOidc: Handler = (request, world) => {
	const region = request.endpointRegion ?? world.scenario.sso.region;
	if (request.method === 'GET' && request.path === '/authorize') return authorize(request, world, region);
	if (request.method !== 'POST') return undefined;
	switch (request.path) {
		case '/client/register':
			return registerClient(request, world, region);
		case '/device_authorization':
			return startDeviceAuthorization(request, world, region);
		case '/token':
			return createToken(request, world, region);
		default:
			return undefined;
	}
};

