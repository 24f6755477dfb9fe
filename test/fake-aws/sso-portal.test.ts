// Conformance of the simulated AWS access portal, through the real SSOClient and its paginators, and one
// end-to-end proof that the SDK's own credential chain (fromIni -> fromSSO -> fromSso token provider)
// works against the simulated SSO services: reading an AWS CLI token cache, refreshing it, and getting
// role credentials.
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {
	GetRoleCredentialsCommand,
	InvalidRequestException,
	ListAccountRolesCommand,
	ListAccountsCommand,
	LogoutCommand,
	paginateListAccountRoles,
	paginateListAccounts,
	SSOClient,
	SSOServiceException,
	TooManyRequestsException,
	UnauthorizedException,
} from '@aws-sdk/client-sso';
import {AuthorizationPendingException, CreateTokenCommand, InvalidGrantException, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand} from '@aws-sdk/client-sso-oidc';
import {fromIni} from '@aws-sdk/credential-providers';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {DEMO_START_URL, getScenario} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import type {Scenario} from '../../source/fake-aws/types.js';
import {fakeAws} from '../helpers/fake-aws.js';

const SSO_REGION = 'us-east-1';

/**
 * A simulated AWS whose clock starts at the real time (the SDK's token provider compares cache expiry
 * with Date.now()) and only moves when a test moves it; and a user signed in through the device flow.
 */
async function signedIn(scenario: string | Scenario = 'happy') {
	let now = Date.now();
	const clock = {now: () => now, advance: (seconds: number) => void (now += seconds * 1000)};
	const fake = await fakeAws({scenario, now: clock.now});
	const oidc = new SSOOIDCClient({region: SSO_REGION, endpoint: fake.endpointFor(SSO_REGION), maxAttempts: 1});
	const client = await oidc.send(new RegisterClientCommand({clientName: 'test', clientType: 'public', scopes: ['sso:account:access']}));
	const auth = await oidc.send(new StartDeviceAuthorizationCommand({clientId: client.clientId, clientSecret: client.clientSecret, startUrl: DEMO_START_URL}));
	for (;;) {
		try {
			const token = await oidc.send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode}));
			return {fake, clock, oidc, client, token, accessToken: token.accessToken!, sso: (region = SSO_REGION) => portal(fake, region)};
		} catch (error) {
			if (!(error instanceof AuthorizationPendingException)) throw error;
			clock.advance(auth.interval ?? 5);
		}
	}
}

function portal(fake: FakeAws, region = SSO_REGION) {
	return new SSOClient({region, endpoint: fake.endpointFor(region), maxAttempts: 1});
}

async function rejected<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T & {$metadata: {httpStatusCode?: number}}> {
	const error = await promise.then(
		(value) => {
			throw new Error(`expected ${type.name}, got a result: ${JSON.stringify(value)}`);
		},
		(reason: unknown) => reason,
	);
	expect(error).toBeInstanceOf(type);
	return error as T & {$metadata: {httpStatusCode?: number}};
}

/** Five accounts, pages of two. */
function manyAccounts(): Scenario {
	const scenario = getScenario('happy');
	scenario.sso.pageSize = 2;
	scenario.sso.accounts = Array.from({length: 5}, (_, i) => ({
		accountId: String(100000000000 + i),
		accountName: `account-${i}`,
		emailAddress: `account-${i}@example.com`,
		roles: ['BedrockDeveloper', 'ReadOnly', 'Admin'],
	}));
	return scenario;
}

describe('ListAccounts and ListAccountRoles', () => {
	it("the SDK's paginators collect every page: min(max_result, the portal's page size) each", async () => {
		const {accessToken, sso} = await signedIn(manyAccounts());
		const pages = [];
		for await (const page of paginateListAccounts({client: sso(), pageSize: 100}, {accessToken})) pages.push(page.accountList ?? []);
		expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
		expect(pages.flat()).toEqual(Array.from({length: 5}, (_, i) => ({accountId: String(100000000000 + i), accountName: `account-${i}`, emailAddress: `account-${i}@example.com`})));

		const rolePages = [];
		for await (const page of paginateListAccountRoles({client: sso(), pageSize: 1}, {accessToken, accountId: '100000000003'})) rolePages.push(page.roleList ?? []);
		expect(rolePages.map((p) => p.length)).toEqual([1, 1, 1]);
		expect(rolePages.flat()).toEqual(['BedrockDeveloper', 'ReadOnly', 'Admin'].map((roleName) => ({roleName, accountId: '100000000003'})));
	});

	it('the default scenario lists both accounts and their roles', async () => {
		const {accessToken, sso} = await signedIn();
		const accounts = [];
		for await (const page of paginateListAccounts({client: sso()}, {accessToken})) accounts.push(...(page.accountList ?? []));
		expect(accounts.map((a) => a.accountId)).toEqual(['111122223333', '444455556666']);
		const roles = [];
		for await (const page of paginateListAccountRoles({client: sso()}, {accessToken, accountId: '111122223333'})) roles.push(...(page.roleList ?? []));
		expect(roles.map((r) => r.roleName)).toEqual(['BedrockDeveloper', 'ReadOnly']);
	});

	it.each([0, 101])('refuses max_result=%i with the portal\'s own message', async (maxResults) => {
		const {accessToken, sso} = await signedIn();
		const error = await rejected(sso().send(new ListAccountsCommand({accessToken, maxResults})), InvalidRequestException);
		expect(error).toMatchObject({name: 'InvalidRequestException', message: 'ResultSize parameter must be within the valid limits of: 1-100', $metadata: {httpStatusCode: 400}});
	});

	it('refuses a next token it did not issue, or one from another listing', async () => {
		const {accessToken, sso} = await signedIn(manyAccounts());
		await rejected(sso().send(new ListAccountsCommand({accessToken, nextToken: 'made-up'})), InvalidRequestException);
		const first = await sso().send(new ListAccountsCommand({accessToken}));
		expect(first.nextToken).toEqual(expect.any(String));
		await rejected(sso().send(new ListAccountRolesCommand({accessToken, accountId: '100000000000', nextToken: first.nextToken})), InvalidRequestException);
		const rolesOfOne = await sso().send(new ListAccountRolesCommand({accessToken, accountId: '100000000000'}));
		await rejected(sso().send(new ListAccountRolesCommand({accessToken, accountId: '100000000001', nextToken: rolesOfOne.nextToken})), InvalidRequestException);
	});

	it('refuses the roles of an account not assigned to the user with 403 ForbiddenException "No access"', async () => {
		const {accessToken, sso} = await signedIn();
		const error = await rejected(sso().send(new ListAccountRolesCommand({accessToken, accountId: '999999999999'})), SSOServiceException);
		expect(error).toMatchObject({name: 'ForbiddenException', message: 'No access', $metadata: {httpStatusCode: 403}});
	});

	it('answers an injected fault (TooManyRequestsException), then normally', async () => {
		const scenario = getScenario('happy');
		scenario.faults.push({operation: 'ListAccounts', status: 429, errorType: 'TooManyRequestsException', message: 'HTTP 429 Unknown Code', times: 1});
		const {accessToken, sso} = await signedIn(scenario);
		const error = await rejected(sso().send(new ListAccountsCommand({accessToken})), TooManyRequestsException);
		expect(error.$metadata.httpStatusCode).toBe(429);
		await expect(sso().send(new ListAccountsCommand({accessToken}))).resolves.toMatchObject({accountList: expect.any(Array)});
	});
});

describe('the bearer token', () => {
	it('an unknown token is a 401 UnauthorizedException with the body AWS sends', async () => {
		const {fake, sso} = await signedIn();
		const error = await rejected(sso().send(new ListAccountsCommand({accessToken: 'not-a-token'})), UnauthorizedException);
		expect(error).toMatchObject({name: 'UnauthorizedException', message: 'Session token not found or invalid', $metadata: {httpStatusCode: 401}});
		const raw = await fetch(`${fake.endpointFor(SSO_REGION)}/assignment/accounts`, {headers: {'x-amz-sso_bearer_token': 'not-a-token'}});
		expect(raw.status).toBe(401);
		expect(raw.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
		expect(await raw.json()).toEqual({message: 'Session token not found or invalid', __type: 'com.amazonaws.switchboard.portal#UnauthorizedException'});
	});

	it('is refused once it has expired, and by the portal of another region', async () => {
		const {clock, accessToken, sso} = await signedIn();
		await rejected(sso('eu-west-1').send(new ListAccountsCommand({accessToken})), UnauthorizedException);
		await expect(sso().send(new ListAccountsCommand({accessToken}))).resolves.toBeDefined();
		clock.advance(3600);
		await rejected(sso().send(new ListAccountsCommand({accessToken})), UnauthorizedException);
	});

	it('Logout ends the session: its access token and its refresh token stop working', async () => {
		const {oidc, client, token, accessToken, sso} = await signedIn();
		await sso().send(new LogoutCommand({accessToken}));
		await rejected(sso().send(new ListAccountsCommand({accessToken})), UnauthorizedException);
		await rejected(oidc.send(new CreateTokenCommand({clientId: client.clientId, clientSecret: client.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken})), InvalidGrantException);
		await rejected(sso().send(new LogoutCommand({accessToken})), UnauthorizedException);
	});
});

describe('GetRoleCredentials', () => {
	it('issues credentials the simulated AWS knows, expiring (epoch milliseconds) after the scenario TTL', async () => {
		const {fake, clock, accessToken, sso} = await signedIn();
		const {roleCredentials} = await sso().send(new GetRoleCredentialsCommand({accessToken, accountId: '111122223333', roleName: 'BedrockDeveloper'}));
		expect(roleCredentials).toMatchObject({accessKeyId: expect.stringMatching(/^ASIAFAKE/), secretAccessKey: expect.any(String), sessionToken: expect.any(String)});
		expect(typeof roleCredentials?.expiration).toBe('number');
		expect(roleCredentials?.expiration).toBe(clock.now() + 3600_000);
		expect(fake.state.credentials.get(roleCredentials!.accessKeyId!)).toMatchObject({accountId: '111122223333', roleName: 'BedrockDeveloper', secretAccessKey: roleCredentials?.secretAccessKey});
	});

	it('refuses a role or an account not assigned to the user with 403 ForbiddenException "No access"', async () => {
		const {accessToken, sso} = await signedIn();
		for (const [accountId, roleName] of [['111122223333', 'Admin'], ['444455556666', 'ReadOnly'], ['999999999999', 'BedrockDeveloper']] as const) {
			const error = await rejected(sso().send(new GetRoleCredentialsCommand({accessToken, accountId, roleName})), SSOServiceException);
			expect(error).toMatchObject({name: 'ForbiddenException', message: 'No access', $metadata: {httpStatusCode: 403}});
		}
	});
});

describe("the SDK's own credential chain against the simulated SSO services", () => {
	afterEach(() => vi.unstubAllEnvs());

	/** "YYYY-MM-DDTHH:MM:SSZ", as the AWS CLI writes cache timestamps. */
	const cliTime = (epochMs: number) => new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

	/**
	 * What `aws configure sso` + `aws sso login` leave behind: a profile using sso-session `session`, and
	 * the token cache file ~/.aws/sso/cache/<sha1(session)>.json in the AWS CLI's format.
	 */
	async function loggedInAsTheCliWould(session: string, tokenExpiresAt: number, scenario: string | Scenario = 'happy') {
		const signed = await signedIn(scenario);
		const {fake, client, token} = signed;
		const config = process.env['AWS_CONFIG_FILE']!;
		mkdirSync(path.dirname(config), {recursive: true});
		writeFileSync(
			config,
			`[profile p]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = BedrockDeveloper\nregion = us-east-1\n\n` +
				`[sso-session ${session}]\nsso_start_url = ${DEMO_START_URL}\nsso_region = ${SSO_REGION}\nsso_registration_scopes = sso:account:access\n`,
		);
		const cacheFile = path.join(process.env['HOME']!, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`);
		mkdirSync(path.dirname(cacheFile), {recursive: true});
		writeFileSync(
			cacheFile,
			JSON.stringify({
				startUrl: DEMO_START_URL,
				region: SSO_REGION,
				accessToken: token.accessToken,
				expiresAt: cliTime(tokenExpiresAt),
				clientId: client.clientId,
				clientSecret: client.clientSecret,
				registrationExpiresAt: cliTime(client.clientSecretExpiresAt! * 1000),
				refreshToken: token.refreshToken,
			}),
		);
		vi.stubEnv('AWS_ENDPOINT_URL_SSO', fake.endpointFor(SSO_REGION));
		vi.stubEnv('AWS_ENDPOINT_URL_SSO_OIDC', fake.endpointFor(SSO_REGION));
		return {...signed, cacheFile};
	}

	it('fromIni reads the profile and the cached token and returns the credentials the portal issued', async () => {
		const {fake} = await loggedInAsTheCliWould('s', Date.now() + 3600_000);
		const credentials = await fromIni({profile: 'p', ignoreCache: true})();
		const issued = fake.state.credentials.get(credentials.accessKeyId);
		expect(issued).toMatchObject({accountId: '111122223333', roleName: 'BedrockDeveloper', secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken});
		expect(credentials.expiration?.getTime()).toBe(issued?.expiresAt);
		expect(fake.state.log.map((entry) => entry.operation)).not.toContain('Authorize');
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'GetRoleCredentials', region: SSO_REGION, status: 200});
	});

	it('an expired access token with a valid refresh token: fromIni refreshes it through CreateToken, rewrites the cache and succeeds', async () => {
		const {fake, token, cacheFile} = await loggedInAsTheCliWould('s-refresh', Date.now() - 60_000);
		const credentials = await fromIni({profile: 'p', ignoreCache: true})();
		const operations = fake.state.log.map((entry) => `${entry.operation} ${entry.status}`);
		expect(operations.slice(-2)).toEqual(['CreateToken 200', 'GetRoleCredentials 200']);
		expect(fake.state.credentials.has(credentials.accessKeyId)).toBe(true);
		const rewritten = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, string>;
		expect(rewritten['accessToken']).not.toBe(token.accessToken);
		expect(fake.state.accessTokens.has(rewritten['accessToken']!)).toBe(true);
		expect(fake.state.refreshTokens.has(rewritten['refreshToken']!)).toBe(true);
	});

	it('when the refresh is refused too, fromIni fails with the SDK\'s "Token is expired" message', async () => {
		const {fake} = await loggedInAsTheCliWould('s-refused', Date.now() - 60_000, 'expired-token');
		await expect(fromIni({profile: 'p', ignoreCache: true})()).rejects.toThrow(/Token is expired/);
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'CreateToken', status: 400});
	});
});
