// Conformance of the simulated SSO OIDC service, driven through the real SSOOIDCClient: every error must
// come out as the SDK's own exception class, with the OAuth error / error_description fields and status.
import {createHash} from 'node:crypto';
import {
	AccessDeniedException,
	AuthorizationPendingException,
	CreateTokenCommand,
	type CreateTokenCommandInput,
	ExpiredTokenException,
	InternalServerException,
	InvalidClientException,
	InvalidClientMetadataException,
	InvalidGrantException,
	InvalidRedirectUriException,
	InvalidRequestException,
	InvalidScopeException,
	RegisterClientCommand,
	type RegisterClientCommandInput,
	SlowDownException,
	SSOOIDCClient,
	StartDeviceAuthorizationCommand,
	UnauthorizedClientException,
	UnsupportedGrantTypeException,
} from '@aws-sdk/client-sso-oidc';
import {describe, expect, it} from 'vitest';
import {DEMO_START_URL, getScenario} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import type {Scenario} from '../../source/fake-aws/types.js';
import {fakeAws} from '../helpers/fake-aws.js';

const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';
const SSO_REGION = 'us-east-1';
const CALLBACK = 'http://127.0.0.1:54321/oauth/callback';

/** The simulated AWS's clock: tests move it instead of sleeping. */
function movableClock() {
	let now = Date.UTC(2026, 10, 23, 9, 0, 0);
	return {now: () => now, advance: (seconds: number) => void (now += seconds * 1000)};
}

async function world(scenario: string | Scenario = 'happy') {
	const clock = movableClock();
	const fake = await fakeAws({scenario, now: clock.now});
	return {fake, clock, oidc: (region = SSO_REGION) => oidcClient(fake, region)};
}

function oidcClient(fake: FakeAws, region = SSO_REGION) {
	return new SSOOIDCClient({region, endpoint: fake.endpointFor(region), maxAttempts: 1});
}

/** Register as the AWS CLI does: device flow (scoped or legacy) or PKCE. */
function registration(kind: 'device' | 'legacy' | 'pkce'): RegisterClientCommandInput {
	if (kind === 'legacy') return {clientName: 'botocore-client-test', clientType: 'public'};
	const scoped = {clientName: 'botocore-client-test', clientType: 'public', scopes: ['sso:account:access']};
	if (kind === 'device') return scoped;
	return {...scoped, grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: DEMO_START_URL};
}

async function register(client: SSOOIDCClient, kind: 'device' | 'legacy' | 'pkce' = 'device') {
	const answer = await client.send(new RegisterClientCommand(registration(kind)));
	return {clientId: answer.clientId!, clientSecret: answer.clientSecret!};
}

/** Awaits a rejection and checks it is an instance of the SDK's own exception class. */
async function rejected<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T & {$metadata: {httpStatusCode?: number}; error?: string; error_description?: string}> {
	const error = await promise.then(
		(value) => {
			throw new Error(`expected ${type.name}, got a result: ${JSON.stringify(value)}`);
		},
		(reason: unknown) => reason,
	);
	expect(error).toBeInstanceOf(type);
	return error as T & {$metadata: {httpStatusCode?: number}; error?: string; error_description?: string};
}

/** A registered device client, its device authorization, and a poll function. */
async function deviceLogin(client: SSOOIDCClient, kind: 'device' | 'legacy' = 'device') {
	const registered = await register(client, kind);
	const auth = await client.send(new StartDeviceAuthorizationCommand({...registered, startUrl: DEMO_START_URL}));
	const poll = () => client.send(new CreateTokenCommand({...registered, grantType: DEVICE, deviceCode: auth.deviceCode}));
	return {registered, auth, poll};
}

function authorizeUrl(fake: FakeAws, params: Record<string, string>, region = SSO_REGION): string {
	return `${fake.endpointFor(region)}/authorize?${new URLSearchParams(params).toString()}`;
}

function pkceParams(clientId: string, verifier: string, overrides: Record<string, string> = {}): Record<string, string> {
	return {
		response_type: 'code',
		client_id: clientId,
		redirect_uri: CALLBACK,
		state: 'state-1',
		code_challenge_method: 'S256',
		scopes: 'sso:account:access',
		code_challenge: createHash('sha256').update(verifier).digest('base64url'),
		...overrides,
	};
}

const VERIFIER = 'v'.repeat(20) + '-._~' + 'A1'.repeat(20);

/** "Opens the browser": GETs the authorize URL and returns the redirect's query (or the page's status). */
async function signInInBrowser(url: string) {
	const response = await fetch(url, {redirect: 'manual'});
	const location = response.headers.get('location');
	return {status: response.status, location: location ? new URL(location) : undefined, text: await response.text()};
}

describe('RegisterClient', () => {
	it('registers the device-flow and PKCE forms the AWS CLI sends, for about 90 days', async () => {
		const {fake, clock, oidc} = await world();
		const device = await oidc().send(new RegisterClientCommand(registration('device')));
		expect(device).toMatchObject({clientId: expect.any(String), clientSecret: expect.any(String), clientIdIssuedAt: clock.now() / 1000});
		expect(device.clientSecretExpiresAt! - device.clientIdIssuedAt!).toBe(90 * 86_400);
		const pkce = await oidc().send(new RegisterClientCommand(registration('pkce')));
		expect(fake.state.clients.get(pkce.clientId!)).toMatchObject({grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: DEMO_START_URL, region: SSO_REGION});
		await expect(oidc().send(new RegisterClientCommand(registration('legacy')))).resolves.toMatchObject({clientId: expect.any(String)});
	});

	it.each<[string, RegisterClientCommandInput, new (...args: never[]) => Error, string]>([
		['a confidential client', {clientName: 'x', clientType: 'confidential'}, InvalidRequestException, 'invalid_request'],
		['no client name', {clientName: '', clientType: 'public'} as RegisterClientCommandInput, InvalidRequestException, 'invalid_request'],
		['an unknown grant', {clientName: 'x', clientType: 'public', grantTypes: ['password']}, UnsupportedGrantTypeException, 'unsupported_grant_type'],
		['a scope with a space', {clientName: 'x', clientType: 'public', scopes: ['sso:account access']}, InvalidScopeException, 'invalid_scope'],
		['a non-loopback redirect', {...registration('pkce'), redirectUris: ['https://evil.example/cb']}, InvalidRedirectUriException, 'invalid_redirect_uri'],
		['a localhost redirect', {...registration('pkce'), redirectUris: ['http://localhost/oauth/callback']}, InvalidRedirectUriException, 'invalid_redirect_uri'],
		['PKCE without redirect URIs', {...registration('pkce'), redirectUris: []}, InvalidRequestException, 'invalid_request'],
		['PKCE without an issuer URL', {...registration('pkce'), issuerUrl: undefined}, InvalidRequestException, 'invalid_request'],
		['an http issuer URL', {...registration('pkce'), issuerUrl: 'http://d-123.awsapps.com/start'}, InvalidRequestException, 'invalid_request'],
		['redirect URIs without the authorization_code grant', {...registration('device'), redirectUris: ['http://127.0.0.1/cb']}, InvalidClientMetadataException, 'invalid_client_metadata'],
	])('refuses %s', async (_, input, type, code) => {
		const {fake, oidc} = await world();
		const error = await rejected(oidc().send(new RegisterClientCommand(input)), type);
		expect(error).toMatchObject({error: code, error_description: expect.any(String), $metadata: {httpStatusCode: 400}});
		expect(fake.state.clients.size).toBe(0);
	});
});

describe('the OIDC error wire format', () => {
	it('sends the type with the coral suffix and an OAuth body without "message", as AWS does', async () => {
		const {fake} = await world();
		const response = await fetch(`${fake.endpointFor(SSO_REGION)}/token`, {
			method: 'POST',
			headers: {'content-type': 'application/json'},
			body: JSON.stringify({clientId: 'nope', clientSecret: 'nope', grantType: DEVICE, deviceCode: 'x'}),
		});
		expect(response.status).toBe(401);
		expect(response.headers.get('x-amzn-errortype')).toBe('InvalidClientException:http://internal.amazon.com/coral/com.amazonaws.sso.oidc/');
		expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
		expect(await response.json()).toEqual({error: 'invalid_client', error_description: 'Invalid client provided'});
	});

	it('the SDK still names the exception and exposes error / error_description (its message is "UnknownError", as with real AWS)', async () => {
		const {oidc} = await world();
		const error = await rejected(oidc().send(new CreateTokenCommand({clientId: 'nope', clientSecret: 'nope', grantType: DEVICE, deviceCode: 'x'})), InvalidClientException);
		expect(error).toMatchObject({name: 'InvalidClientException', message: 'UnknownError', error: 'invalid_client', error_description: 'Invalid client provided', $fault: 'client', $metadata: {httpStatusCode: 401, requestId: expect.any(String)}});
	});
});

describe('StartDeviceAuthorization', () => {
	it('returns a device code, a XXXX-XXXX user code and the regional verification URIs', async () => {
		const {oidc} = await world();
		const {auth} = await deviceLogin(oidc());
		expect(auth).toMatchObject({
			deviceCode: expect.any(String),
			userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
			verificationUri: 'https://device.sso.us-east-1.amazonaws.com/',
			verificationUriComplete: `https://device.sso.us-east-1.amazonaws.com/?user_code=${auth.userCode}`,
			expiresIn: 600,
			interval: 1,
		});
	});

	it('refuses an unknown client or a wrong secret with 401 InvalidClientException', async () => {
		const {oidc} = await world();
		const {clientId} = await register(oidc());
		for (const credentials of [{clientId, clientSecret: 'wrong'}, {clientId: 'unknown', clientSecret: 'wrong'}]) {
			const error = await rejected(oidc().send(new StartDeviceAuthorizationCommand({...credentials, startUrl: DEMO_START_URL})), InvalidClientException);
			expect(error).toMatchObject({error: 'invalid_client', $metadata: {httpStatusCode: 401}});
		}
	});

	it('refuses a start URL of another Identity Center instance with 400 InvalidRequestException', async () => {
		const {oidc} = await world();
		const registered = await register(oidc());
		const error = await rejected(oidc().send(new StartDeviceAuthorizationCommand({...registered, startUrl: 'https://d-0000000000.awsapps.com/start'})), InvalidRequestException);
		expect(error).toMatchObject({error: 'invalid_request', error_description: expect.stringContaining('d-0000000000'), $metadata: {httpStatusCode: 400}});
	});

	it.each(['/#', '#/', '/', '/#/'])('accepts the start URL with a trailing "%s", as copied from the portal', async (suffix) => {
		const {oidc} = await world();
		const registered = await register(oidc());
		await expect(oidc().send(new StartDeviceAuthorizationCommand({...registered, startUrl: `${DEMO_START_URL}${suffix}`}))).resolves.toMatchObject({deviceCode: expect.any(String)});
	});

	it('refuses the right start URL asked of the wrong SSO region', async () => {
		const {oidc} = await world();
		const inIreland = await register(oidc('eu-west-1'));
		const error = await rejected(oidc('eu-west-1').send(new StartDeviceAuthorizationCommand({...inIreland, startUrl: DEMO_START_URL})), InvalidRequestException);
		expect(error).toMatchObject({error: 'invalid_request', error_description: expect.stringContaining('eu-west-1'), $metadata: {httpStatusCode: 400}});
	});

	it('clients are regional: one registered in us-east-1 is unknown in eu-west-1', async () => {
		const {oidc} = await world();
		const registered = await register(oidc());
		await rejected(oidc('eu-west-1').send(new StartDeviceAuthorizationCommand({...registered, startUrl: DEMO_START_URL})), InvalidClientException);
	});

	it('refuses a client registered only for PKCE', async () => {
		const {oidc} = await world();
		const registered = await register(oidc(), 'pkce');
		const error = await rejected(oidc().send(new StartDeviceAuthorizationCommand({...registered, startUrl: DEMO_START_URL})), UnauthorizedClientException);
		expect(error).toMatchObject({error: 'unauthorized_client', $metadata: {httpStatusCode: 400}});
	});
});

describe('CreateToken with the device code grant', () => {
	it('is pending until approved after N polls, then issues a token once', async () => {
		const {fake, clock, oidc} = await world();
		const {poll} = await deviceLogin(oidc());
		// The scenario approves after 2 polls.
		for (let i = 0; i < 2; i++) {
			const pending = await rejected(poll(), AuthorizationPendingException);
			expect(pending).toMatchObject({name: 'AuthorizationPendingException', error: 'authorization_pending', error_description: 'Authorization is still pending', $metadata: {httpStatusCode: 400}});
			clock.advance(1);
		}
		const token = await poll();
		expect(token).toMatchObject({accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.any(String)});
		expect(fake.state.accessTokens.get(token.accessToken!)).toMatchObject({expiresAt: clock.now() + 3600_000, region: SSO_REGION});
		clock.advance(1);
		const reused = await rejected(poll(), InvalidGrantException);
		expect(reused).toMatchObject({name: 'InvalidGrantException', error: 'invalid_grant', error_description: 'Invalid grant provided', $metadata: {httpStatusCode: 400}});
	});

	it('gives no refresh token to a legacy (unscoped) registration', async () => {
		const scenario = getScenario('happy');
		scenario.sso.deviceApproval = {kind: 'approve', afterPolls: 0};
		const {fake, clock, oidc} = await world(scenario);
		const {poll} = await deviceLogin(oidc(), 'legacy');
		clock.advance(1);
		const token = await poll();
		expect(token.accessToken).toBeTruthy();
		expect(token.refreshToken).toBeUndefined();
		expect(fake.state.refreshTokens.size).toBe(0);
	});

	it('answers slow_down when polled faster than the interval, and adds 5 s to it', async () => {
		const {clock, oidc} = await world();
		const {poll} = await deviceLogin(oidc());
		await rejected(poll(), AuthorizationPendingException);
		const slow = await rejected(poll(), SlowDownException);
		expect(slow).toMatchObject({name: 'SlowDownException', error: 'slow_down', $metadata: {httpStatusCode: 400}});
		// The interval is now 1 + 5 s: two seconds later is still too fast.
		clock.advance(2);
		await rejected(poll(), SlowDownException);
		clock.advance(11);
		await rejected(poll(), AuthorizationPendingException);
	});

	it('ends with access_denied when the user denies', async () => {
		const {oidc} = await world('device-denied');
		const {poll} = await deviceLogin(oidc());
		const denied = await rejected(poll(), AccessDeniedException);
		expect(denied).toMatchObject({name: 'AccessDeniedException', error: 'access_denied', error_description: expect.any(String), $metadata: {httpStatusCode: 400}});
	});

	it('stays pending while nobody approves, then ends with expired_token when the code runs out', async () => {
		const {clock, oidc} = await world('device-expired');
		const {poll} = await deviceLogin(oidc());
		await rejected(poll(), AuthorizationPendingException);
		const ttl = getScenario('device-expired').sso.deviceCodeTtlSeconds;
		clock.advance(ttl - 1);
		await rejected(poll(), AuthorizationPendingException);
		clock.advance(1);
		const expired = await rejected(poll(), ExpiredTokenException);
		expect(expired).toMatchObject({name: 'ExpiredTokenException', error: 'expired_token', $metadata: {httpStatusCode: 400}});
	});

	it('an approved code that is first redeemed after expiresIn is expired too', async () => {
		const {clock, oidc} = await world();
		const {poll} = await deviceLogin(oidc());
		clock.advance(601);
		await rejected(poll(), ExpiredTokenException);
	});

	it('refuses a device code of another client, and a missing one', async () => {
		const {oidc} = await world();
		const {auth} = await deviceLogin(oidc());
		const other = await register(oidc());
		await rejected(oidc().send(new CreateTokenCommand({...other, grantType: DEVICE, deviceCode: auth.deviceCode})), InvalidGrantException);
		await rejected(oidc().send(new CreateTokenCommand({...other, grantType: DEVICE})), InvalidRequestException);
	});
});

describe('CreateToken: grants and clients', () => {
	it('refuses an unknown grant type with UnsupportedGrantTypeException', async () => {
		const {oidc} = await world();
		const registered = await register(oidc());
		const error = await rejected(oidc().send(new CreateTokenCommand({...registered, grantType: 'password'})), UnsupportedGrantTypeException);
		expect(error).toMatchObject({name: 'UnsupportedGrantTypeException', error: 'unsupported_grant_type', $metadata: {httpStatusCode: 400}});
	});

	it('refuses a grant the client did not register for with UnauthorizedClientException', async () => {
		const {oidc} = await world();
		const registered = await register(oidc());
		const input: CreateTokenCommandInput = {...registered, grantType: 'authorization_code', code: 'c', redirectUri: CALLBACK, codeVerifier: VERIFIER};
		await rejected(oidc().send(new CreateTokenCommand(input)), UnauthorizedClientException);
	});

	it('refuses a client whose registration has expired (about 90 days)', async () => {
		const {clock, oidc} = await world();
		const {poll} = await deviceLogin(oidc());
		clock.advance(90 * 86_400);
		const error = await rejected(poll(), InvalidClientException);
		expect(error).toMatchObject({error: 'invalid_client', $metadata: {httpStatusCode: 401}});
	});

	it('answers an injected fault instead (RegisterClient, CreateToken), then normally', async () => {
		const scenario = getScenario('happy');
		scenario.faults.push(
			{operation: 'RegisterClient', status: 500, errorType: 'InternalServerException', message: 'boom', times: 1},
			{operation: 'CreateToken', status: 400, errorType: 'SlowDownException', message: 'Too many requests', times: 1},
		);
		const {oidc} = await world(scenario);
		const fault = await rejected(register(oidc()), InternalServerException);
		expect(fault).toMatchObject({error: 'server_error', error_description: 'boom', $fault: 'server', $metadata: {httpStatusCode: 500}});
		const {poll} = await deviceLogin(oidc());
		await rejected(poll(), SlowDownException);
		await rejected(poll(), AuthorizationPendingException);
	});
});

describe('PKCE: GET /authorize and CreateToken with the authorization code', () => {
	async function pkceClient() {
		const w = await world();
		return {...w, registered: await register(w.oidc(), 'pkce')};
	}

	it('redirects to the loopback callback with a code and the state; only the right verifier redeems it, once', async () => {
		const {fake, oidc, registered} = await pkceClient();
		const browser = await signInInBrowser(authorizeUrl(fake, pkceParams(registered.clientId, VERIFIER)));
		expect(browser.status).toBe(302);
		expect(browser.location?.origin + browser.location!.pathname).toBe(CALLBACK);
		expect(browser.location?.searchParams.get('state')).toBe('state-1');
		const code = browser.location!.searchParams.get('code')!;
		const create = (codeVerifier: string, redirectUri = CALLBACK) => oidc().send(new CreateTokenCommand({...registered, grantType: 'authorization_code', code, codeVerifier, redirectUri}));

		const wrong = await rejected(create('w'.repeat(64)), InvalidGrantException);
		expect(wrong).toMatchObject({name: 'InvalidGrantException', error: 'invalid_grant', error_description: 'Code verifier does not match the code challenge', $metadata: {httpStatusCode: 400}});
		const otherPort = await rejected(create(VERIFIER, 'http://127.0.0.1:1/oauth/callback'), InvalidGrantException);
		expect(otherPort.error_description).toMatch(/redirectUri/);
		await rejected(create('short'), InvalidRequestException);

		const token = await create(VERIFIER);
		expect(token).toMatchObject({accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.any(String)});
		const reused = await rejected(create(VERIFIER), InvalidGrantException);
		expect(reused.error_description).toMatch(/already been used/);
	});

	it('a code expires after 5 minutes, and belongs to the client it was issued to', async () => {
		const {fake, clock, oidc, registered} = await pkceClient();
		const other = await register(oidc(), 'pkce');
		const code = (await signInInBrowser(authorizeUrl(fake, pkceParams(registered.clientId, VERIFIER)))).location!.searchParams.get('code')!;
		const create = (credentials: typeof registered) => oidc().send(new CreateTokenCommand({...credentials, grantType: 'authorization_code', code, codeVerifier: VERIFIER, redirectUri: CALLBACK}));
		expect((await rejected(create(other), InvalidGrantException)).error_description).toMatch(/another client/);
		clock.advance(5 * 60);
		expect((await rejected(create(registered), InvalidGrantException)).error_description).toMatch(/expired/);
	});

	it('shows an error page, without redirecting, for an unknown client or an unregistered redirect URI', async () => {
		const {fake, registered} = await pkceClient();
		const overridesList: Array<Record<string, string>> = [{client_id: 'unknown'}, {redirect_uri: 'http://127.0.0.1:54321/elsewhere'}, {redirect_uri: 'https://evil.example/oauth/callback'}];
		for (const overrides of overridesList) {
			const browser = await signInInBrowser(authorizeUrl(fake, pkceParams(registered.clientId, VERIFIER, overrides)));
			expect(browser.status).toBe(400);
			expect(browser.location).toBeUndefined();
		}
	});

	it.each([
		[{response_type: 'token'}, 'unsupported_response_type'],
		[{code_challenge_method: 'plain'}, 'invalid_request'],
		[{code_challenge: 'too-short'}, 'invalid_request'],
		[{scopes: 'sso:account:access codewhisperer:completions'}, 'invalid_scope'],
	])('redirects other problems back to the client: %o gives error=%s', async (overrides, error) => {
		const {fake, registered} = await pkceClient();
		const browser = await signInInBrowser(authorizeUrl(fake, pkceParams(registered.clientId, VERIFIER, overrides)));
		expect(browser.status).toBe(302);
		expect(browser.location?.searchParams.get('error')).toBe(error);
		expect(browser.location?.searchParams.get('state')).toBe('state-1');
		expect(browser.location?.searchParams.get('code')).toBeNull();
	});

	it('refuses a client registered in the wrong SSO region', async () => {
		const {fake, oidc} = await world();
		const inIreland = await register(oidc('eu-west-1'), 'pkce');
		const browser = await signInInBrowser(authorizeUrl(fake, pkceParams(inIreland.clientId, VERIFIER), 'eu-west-1'));
		expect(browser.location?.searchParams.get('error')).toBe('invalid_request');
		expect(browser.location?.searchParams.get('error_description')).toContain('eu-west-1');
	});

	it('a device-flow client cannot use /authorize', async () => {
		const {fake, oidc} = await world();
		const device = await register(oidc());
		const scenario = await signInInBrowser(authorizeUrl(fake, pkceParams(device.clientId, VERIFIER)));
		// It has no registered redirect URI, so nothing can be redirected to.
		expect(scenario.status).toBe(400);
	});

	it('redirects with error=access_denied when the user denies, and never redirects when nobody signs in', async () => {
		const denied = await world('device-denied');
		const registered = await register(denied.oidc(), 'pkce');
		const browser = await signInInBrowser(authorizeUrl(denied.fake, pkceParams(registered.clientId, VERIFIER)));
		expect(browser.location?.searchParams.get('error')).toBe('access_denied');
		expect(browser.location?.searchParams.get('state')).toBe('state-1');

		const expired = await world('device-expired');
		const idle = await register(expired.oidc(), 'pkce');
		const page = await signInInBrowser(authorizeUrl(expired.fake, pkceParams(idle.clientId, VERIFIER)));
		expect(page.status).toBe(200);
		expect(page.location).toBeUndefined();
	});
});

describe('CreateToken with the refresh token grant', () => {
	async function signedIn(scenario: string | Scenario = 'happy') {
		const w = await world(scenario);
		const {registered, poll} = await deviceLogin(w.oidc());
		let token;
		for (;;) {
			w.clock.advance(1);
			try {
				token = await poll();
				break;
			} catch (error) {
				if (!(error instanceof AuthorizationPendingException)) throw error;
			}
		}
		const refresh = (refreshToken: string | undefined) => w.oidc().send(new CreateTokenCommand({...registered, grantType: 'refresh_token', refreshToken}));
		return {...w, registered, token, refresh};
	}

	it('issues a new access token and a new refresh token; the old refresh token is spent', async () => {
		const {fake, token, refresh} = await signedIn();
		const refreshed = await refresh(token.refreshToken);
		expect(refreshed).toMatchObject({accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.any(String)});
		expect(refreshed.accessToken).not.toBe(token.accessToken);
		expect(refreshed.refreshToken).not.toBe(token.refreshToken);
		expect(fake.state.accessTokens.has(refreshed.accessToken!)).toBe(true);
		const spent = await rejected(refresh(token.refreshToken), InvalidGrantException);
		expect(spent).toMatchObject({error: 'invalid_grant', error_description: 'Invalid refresh token provided', $metadata: {httpStatusCode: 400}});
		await expect(refresh(refreshed.refreshToken)).resolves.toMatchObject({accessToken: expect.any(String)});
	});

	it('answers invalid_grant when the scenario refuses refreshes', async () => {
		const {token, refresh} = await signedIn('expired-token');
		const error = await rejected(refresh(token.refreshToken), InvalidGrantException);
		expect(error).toMatchObject({name: 'InvalidGrantException', error: 'invalid_grant', error_description: 'Invalid refresh token provided'});
	});

	it('refuses a refresh token presented by another client', async () => {
		const {oidc, token} = await signedIn();
		const other = await register(oidc());
		await rejected(oidc().send(new CreateTokenCommand({...other, grantType: 'refresh_token', refreshToken: token.refreshToken})), InvalidGrantException);
	});
});
