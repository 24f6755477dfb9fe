import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createHash} from 'node:crypto';
import {CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand} from '@aws-sdk/client-sso-oidc';
import {GetRoleCredentialsCommand, ListAccountRolesCommand, LogoutCommand, SSOClient, paginateListAccounts} from '@aws-sdk/client-sso';
import {fromIni} from '@aws-sdk/credential-providers';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {formatCacheTime, serializeToken, tokenPath} from '../../source/core/aws-config/token-cache.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {fakeAws} from '../helpers/fake-aws.js';

const DEVICE = 'urn:ietf:params:oauth:grant-type:device_code';

/** A clock the simulated AWS reads; tests move it instead of sleeping. */
function clock() {
	let now = Date.now();
	return {now: () => now, advance: (seconds: number) => (now += seconds * 1000)};
}

function oidc(fake: FakeAws, region = 'us-east-1') {
	return new SSOOIDCClient({region, endpoint: fake.endpointFor(region), maxAttempts: 1});
}

async function registered(fake: FakeAws, pkce = false) {
	return oidc(fake).send(
		new RegisterClientCommand({
			clientName: 'test',
			clientType: 'public',
			scopes: ['sso:account:access'],
			...(pkce ? {grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: DEMO_START_URL} : {}),
		}),
	);
}

async function deviceAuthorization(fake: FakeAws) {
	const client = await registered(fake);
	const auth = await oidc(fake).send(new StartDeviceAuthorizationCommand({clientId: client.clientId, clientSecret: client.clientSecret, startUrl: DEMO_START_URL}));
	const poll = () => oidc(fake).send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE, deviceCode: auth.deviceCode}));
	return {client, auth, poll};
}

const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as Record<string, unknown> & {$metadata: {httpStatusCode: number}});

describe('simulated SSO OIDC through the real SSOOIDCClient', () => {
	it('registers public clients for the device and PKCE flows, and rejects bad registrations', async () => {
		const fake = await fakeAws();
		const device = await registered(fake);
		expect(device.clientId).toBeTruthy();
		expect(device.clientSecretExpiresAt! - device.clientIdIssuedAt!).toBe(90 * 86_400);
		await expect(registered(fake, true)).resolves.toMatchObject({clientId: expect.any(String)});
		const bad = await rejection(oidc(fake).send(new RegisterClientCommand({clientName: 'x', clientType: 'confidential'})));
		expect(bad).toMatchObject({name: 'InvalidRequestException', error: 'invalid_request', $metadata: {httpStatusCode: 400}});
		const redirect = await rejection(oidc(fake).send(new RegisterClientCommand({clientName: 'x', clientType: 'public', grantTypes: ['authorization_code'], redirectUris: ['https://evil.example/cb'], issuerUrl: DEMO_START_URL})));
		expect(redirect).toMatchObject({name: 'InvalidRedirectUriException'});
	});

	it('device code: pending until approved after N polls, then a token with a refresh token', async () => {
		const time = clock();
		const fake = await fakeAws({now: time.now});
		const {auth, poll} = await deviceAuthorization(fake);
		expect(auth).toMatchObject({userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/), verificationUriComplete: expect.stringContaining('user_code='), expiresIn: 600, interval: 1});
		expect(await rejection(poll())).toMatchObject({name: 'AuthorizationPendingException', error: 'authorization_pending', error_description: 'Authorization is still pending', $metadata: {httpStatusCode: 400}});
		time.advance(1);
		expect(await rejection(poll())).toMatchObject({name: 'AuthorizationPendingException'});
		time.advance(1);
		const token = await poll();
		expect(token).toMatchObject({accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.any(String)});
		time.advance(1);
		expect(await rejection(poll())).toMatchObject({name: 'InvalidGrantException', error: 'invalid_grant'});
	});

	it('device code: slow_down when polled faster than the interval', async () => {
		const time = clock();
		const fake = await fakeAws({now: time.now});
		const {poll} = await deviceAuthorization(fake);
		await rejection(poll());
		expect(await rejection(poll())).toMatchObject({name: 'SlowDownException', error: 'slow_down'});
	});

	it.each([
		['device-denied', 'AccessDeniedException', 'access_denied'],
		['device-expired', 'ExpiredTokenException', 'expired_token'],
	])('device code in scenario %s ends with %s', async (scenario, name, code) => {
		const time = clock();
		const fake = await fakeAws({scenario, now: time.now});
		const {poll} = await deviceAuthorization(fake);
		if (scenario === 'device-expired') time.advance(601);
		expect(await rejection(poll())).toMatchObject({name, error: code});
	});

	it('StartDeviceAuthorization checks the client, the start URL and the SSO region', async () => {
		const fake = await fakeAws();
		const client = await registered(fake);
		await expect(oidc(fake).send(new StartDeviceAuthorizationCommand({clientId: client.clientId, clientSecret: client.clientSecret, startUrl: `${DEMO_START_URL}/#`}))).resolves.toMatchObject({deviceCode: expect.any(String)});
		expect(await rejection(oidc(fake).send(new StartDeviceAuthorizationCommand({clientId: client.clientId, clientSecret: 'wrong', startUrl: DEMO_START_URL})))).toMatchObject({name: 'InvalidClientException', $metadata: {httpStatusCode: 401}});
		expect(await rejection(oidc(fake).send(new StartDeviceAuthorizationCommand({clientId: client.clientId, clientSecret: client.clientSecret, startUrl: 'https://d-0000000000.awsapps.com/start'})))).toMatchObject({name: 'InvalidRequestException'});
		const otherRegion = await rejection(oidc(fake, 'eu-west-1').send(new StartDeviceAuthorizationCommand({clientId: client.clientId, clientSecret: client.clientSecret, startUrl: DEMO_START_URL})));
		expect(otherRegion).toMatchObject({name: 'InvalidRequestException', error_description: expect.stringContaining('in eu-west-1')});
	});

	it('PKCE: /authorize redirects with a code; CreateToken needs the matching verifier', async () => {
		const fake = await fakeAws();
		const client = await registered(fake, true);
		const verifier = 'v'.repeat(64);
		const challenge = createHash('sha256').update(verifier).digest('base64url');
		const redirectUri = 'http://127.0.0.1:54321/oauth/callback';
		const query = new URLSearchParams({response_type: 'code', client_id: client.clientId!, redirect_uri: redirectUri, state: 'st', code_challenge_method: 'S256', scopes: 'sso:account:access', code_challenge: challenge});
		const response = await fetch(`${fake.endpointFor('us-east-1')}/authorize?${query}`, {redirect: 'manual'});
		expect(response.status).toBe(302);
		const location = new URL(response.headers.get('location')!);
		expect(location.searchParams.get('state')).toBe('st');
		const code = location.searchParams.get('code')!;
		const create = (codeVerifier: string) => oidc(fake).send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'authorization_code', code, codeVerifier, redirectUri}));
		expect(await rejection(create('w'.repeat(64)))).toMatchObject({name: 'InvalidGrantException', error_description: 'Code verifier does not match the code challenge'});
		await expect(create(verifier)).resolves.toMatchObject({accessToken: expect.any(String), refreshToken: expect.any(String)});
		expect(await rejection(create(verifier))).toMatchObject({name: 'InvalidGrantException'});
	});

	it('PKCE denied in the browser redirects with error=access_denied', async () => {
		const fake = await fakeAws({scenario: 'device-denied'});
		const client = await registered(fake, true);
		const query = new URLSearchParams({response_type: 'code', client_id: client.clientId!, redirect_uri: 'http://127.0.0.1:1/oauth/callback', state: 's', code_challenge_method: 'S256', scopes: 'sso:account:access', code_challenge: 'a'.repeat(43)});
		const response = await fetch(`${fake.endpointFor('us-east-1')}/authorize?${query}`, {redirect: 'manual'});
		expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
	});

	it('refresh_token: a new access token, or invalid_grant when the scenario refuses', async () => {
		const time = clock();
		const fake = await fakeAws({now: time.now});
		const {client, poll} = await deviceAuthorization(fake);
		time.advance(1);
		await rejection(poll());
		time.advance(1);
		await rejection(poll());
		time.advance(1);
		const token = await poll();
		const refreshed = await oidc(fake).send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken}));
		expect(refreshed.accessToken).not.toBe(token.accessToken);
		expect(await rejection(oidc(fake).send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken})))).toMatchObject({name: 'InvalidGrantException', error_description: 'Invalid refresh token provided'});
		expect(await rejection(oidc(fake).send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'password'})))).toMatchObject({name: 'UnsupportedGrantTypeException'});
	});
});

/** A simulated AWS on a movable clock, and a device-code login completed against it. */
async function signedIn() {
	const time = clock();
	const fake = await fakeAws({now: time.now});
	const client = await registered(fake);
	const auth = await oidc(fake).send(new StartDeviceAuthorizationCommand({clientId: client.clientId, clientSecret: client.clientSecret, startUrl: DEMO_START_URL}));
	for (;;) {
		time.advance(1);
		try {
			const token = await oidc(fake).send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: DEVICE, deviceCode: auth.deviceCode}));
			return {fake, client, token};
		} catch (error) {
			if ((error as Error).name !== 'AuthorizationPendingException') throw error;
		}
	}
}

describe('simulated SSO portal through the real SSOClient', () => {
	it('ListAccounts pages through every account; roles and credentials per account', async () => {
		const {fake, token} = await signedIn();
		const sso = new SSOClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), maxAttempts: 1});
		const pages = [];
		for await (const page of paginateListAccounts({client: sso}, {accessToken: token.accessToken})) pages.push(page.accountList);
		expect(pages).toHaveLength(2);
		expect(pages.flat().map((a) => a?.accountId)).toEqual(['111122223333', '444455556666']);
		const roles = await sso.send(new ListAccountRolesCommand({accessToken: token.accessToken, accountId: '111122223333', maxResults: 10}));
		expect(roles.roleList?.map((r) => r.roleName)).toEqual(['BedrockDeveloper']);
		expect(roles.nextToken).toBeDefined();
		const credentials = await sso.send(new GetRoleCredentialsCommand({accessToken: token.accessToken, accountId: '111122223333', roleName: 'BedrockDeveloper'}));
		expect(credentials.roleCredentials?.expiration).toBeGreaterThan(Date.now());
		expect(credentials.roleCredentials?.accessKeyId).toMatch(/^ASIAFAKE/);
	});

	it('Logout ends the session: the token is refused afterwards', async () => {
		const {fake, token} = await signedIn();
		const sso = new SSOClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), maxAttempts: 1});
		await sso.send(new LogoutCommand({accessToken: token.accessToken}));
		expect(await rejection(sso.send(new ListAccountRolesCommand({accessToken: token.accessToken, accountId: '111122223333'})))).toMatchObject({name: 'UnauthorizedException'});
	});

	it('a bad token is an UnauthorizedException (401); a role not assigned is refused', async () => {
		const fake = await fakeAws();
		const sso = new SSOClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), maxAttempts: 1});
		expect(await rejection(sso.send(new ListAccountRolesCommand({accessToken: 'nope', accountId: '111122223333'})))).toMatchObject({name: 'UnauthorizedException', message: 'Session token not found or invalid', $metadata: {httpStatusCode: 401}});
		const signed = await signedIn();
		const {token} = signed;
		const ssoSignedIn = new SSOClient({region: 'us-east-1', endpoint: signed.fake.endpointFor('us-east-1'), maxAttempts: 1});
		expect(await rejection(ssoSignedIn.send(new GetRoleCredentialsCommand({accessToken: token.accessToken, accountId: '111122223333', roleName: 'Admin'})))).toMatchObject({name: 'ForbiddenException'});
	});
});

describe("the SDK's own fromIni reads a profile and token cache and gets credentials from the simulated portal", () => {
	afterEach(() => vi.unstubAllEnvs());

	async function setUp(tokenExpiresIn: number) {
		const {fake, client, token} = await signedIn();
		const home = process.env['HOME']!;
		const config = path.join(home, `.aws-${Math.random().toString(36).slice(2)}`, 'config');
		mkdirSync(path.dirname(config), {recursive: true});
		writeFileSync(config, `[profile p]\nsso_session = s\nsso_account_id = 111122223333\nsso_role_name = BedrockDeveloper\nregion = us-east-1\n\n[sso-session s]\nsso_start_url = ${DEMO_START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`);
		const cache = path.join(home, '.aws', 'sso', 'cache');
		mkdirSync(cache, {recursive: true});
		writeFileSync(
			tokenPath(cache, 's'),
			serializeToken({startUrl: DEMO_START_URL, region: 'us-east-1', accessToken: token.accessToken!, expiresAt: formatCacheTime(Date.now() + tokenExpiresIn * 1000), clientId: client.clientId!, clientSecret: client.clientSecret!, registrationExpiresAt: formatCacheTime(client.clientSecretExpiresAt! * 1000), refreshToken: token.refreshToken!}),
		);
		vi.stubEnv('AWS_CONFIG_FILE', config);
		for (const [key, value] of Object.entries(fake.env())) vi.stubEnv(key, value);
		return fake;
	}

	it('with a valid cached token', async () => {
		const fake = await setUp(3600);
		const credentials = await fromIni({profile: 'p', ignoreCache: true})();
		expect(credentials.accessKeyId).toMatch(/^ASIAFAKE/);
		expect(fake.state.credentials.has(credentials.accessKeyId)).toBe(true);
	});

	it('with an expired access token, refreshing it through CreateToken', async () => {
		const fake = await setUp(-60);
		const credentials = await fromIni({profile: 'p', ignoreCache: true})();
		expect(fake.state.log.map((l) => l.operation)).toContain('CreateToken');
		expect(fake.state.credentials.has(credentials.accessKeyId)).toBe(true);
	});
});
