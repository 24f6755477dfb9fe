// Logging in to IAM Identity Center the way the AWS CLI (2.22+) does, with the real SSO OIDC client:
// - PKCE authorization code with a loopback redirect (the default), or the device code flow
//   (--use-device-code, and where no browser can be opened);
// - the client registration is cached next to the tokens under the AWS CLI's own file name and reused
//   until 15 minutes before it expires; the device flow ignores PKCE registrations and vice versa;
// - polling honours `interval` and `slow_down`, stops at the code's expiry, and stops on Ctrl-C.
// Every secret received is registered with the redactor before anything is shown.
import {createHash, randomBytes, randomUUID} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import type {SSOOIDCClient} from '@aws-sdk/client-sso-oidc';
import type {Context} from '../context.js';
import {StepError} from '../errors.js';
import {withDeadline} from '../aws/deadline.js';
import {registerSecret} from '../redact.js';
import {formatCacheTime, registerTokenSecrets, type SsoToken} from '../aws-config/token-cache.js';

export type LoginFlow = 'pkce' | 'device';

export interface LoginRequest {
	sessionName: string;
	startUrl: string;
	ssoRegion: string;
	scopes: string[];
	flow: LoginFlow;
	/** Open the browser (false: only print the URL and code). */
	openBrowser: boolean;
}

/** What the login shows the user while it waits, through the step's IO. */
export interface LoginUi {
	/** The URL to open and, for the device flow, the code to check. Always shown, browser or not. */
	showVerification(info: {url: string; userCode?: string; browserOpened: boolean}): void;
	/** Runs the wait under a spinner; `setLabel` updates it (time left). */
	wait<T>(label: string, work: (signal: AbortSignal, setLabel: (label: string) => void) => Promise<T>): Promise<T>;
}

interface Registration {
	clientId: string;
	clientSecret: string;
	expiresAt: string;
	scopes?: string[];
	grantTypes?: string[];
}

/** Python's json.dumps(obj, sort_keys=True) with default separators, for the CLI's cache key. */
function pythonJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
	if (typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
	}
	return JSON.stringify(value);
}

/** The AWS CLI's registration cache file: sha1 of {"region","scopes","session_name","startUrl","tool"}. */
export function registrationFile(ssoCache: string, request: Pick<LoginRequest, 'startUrl' | 'ssoRegion' | 'scopes' | 'sessionName'>): string {
	const key = pythonJson({tool: 'botocore', startUrl: request.startUrl, region: request.ssoRegion, scopes: request.scopes.length ? request.scopes : null, session_name: request.sessionName});
	return path.join(ssoCache, `${createHash('sha1').update(key).digest('hex')}.json`);
}

async function readRegistration(file: string, flow: LoginFlow, now: number): Promise<Registration | undefined> {
	try {
		const cached = JSON.parse(await readFile(file, 'utf8')) as Registration;
		if (!cached.clientId || !cached.clientSecret || !cached.expiresAt) return undefined;
		if (Date.parse(cached.expiresAt) - now < 15 * 60_000) return undefined;
		const forPkce = Boolean(cached.grantTypes?.includes('authorization_code'));
		if (forPkce !== (flow === 'pkce')) return undefined;
		registerSecret(cached.clientSecret);
		return cached;
	} catch {
		return undefined;
	}
}

/**
 * A browser (PKCE) sign-in does not replace a cached device-code registration that is still good: AWS CLI
 * 2.9 to 2.21 (Debian's, and the `aws sso login` Codex's auth_refresh may run) knows only the device flow
 * and reuses whatever registration is cached, so a PKCE one there would break its sign-in. The PKCE client
 * is then used for this sign-in only (the token cache holds its id and secret for refreshes).
 */
async function keepsDeviceRegistration(file: string, flow: LoginFlow, now: number): Promise<boolean> {
	if (flow !== 'pkce') return false;
	try {
		const cached = JSON.parse(await readFile(file, 'utf8')) as Registration;
		return Boolean(cached.clientId && cached.expiresAt && Date.parse(cached.expiresAt) - now >= 15 * 60_000 && !cached.grantTypes?.includes('authorization_code'));
	} catch {
		return false;
	}
}

async function writeRegistration(file: string, registration: Registration): Promise<void> {
	const {safeWrite} = await import('../safe-write.js');
	await safeWrite(file, JSON.stringify(registration), {mode: 0o600, directoryMode: 0o700, shown: `the SSO client registration cache ${path.basename(file)}`});
}

export async function createOidcClient(ctx: Context, region: string): Promise<SSOOIDCClient> {
	const [{SSOOIDCClient}, {requestHandlerFor}] = await Promise.all([import('@aws-sdk/client-sso-oidc'), import('../aws/http.js')]);
	const handler = await requestHandlerFor(ctx, 'sso-oidc', region);
	const endpoint = ctx.endpoints.sdk('sso-oidc', region);
	return new SSOOIDCClient({region, requestHandler: handler, ...(endpoint ? {endpoint} : {})});
}

/** Base URL of the OIDC service (for /authorize), following the same overrides as the SDK. */
export function oidcBaseUrl(ctx: Context, region: string): string {
	const override = ctx.endpoints.sdk('sso-oidc', region) ?? ctx.env['AWS_ENDPOINT_URL_SSO_OIDC'] ?? ctx.env['AWS_ENDPOINT_URL'];
	return (override ?? `https://oidc.${region}.amazonaws.com`).replace(/\/+$/, '');
}

async function register(client: SSOOIDCClient, ctx: Context, request: LoginRequest): Promise<Registration> {
	const file = registrationFile(ctx.paths.ssoCache, request);
	const cached = await readRegistration(file, request.flow, ctx.clock.now());
	if (cached) return cached;
	const {RegisterClientCommand} = await import('@aws-sdk/client-sso-oidc');
	const pkce = request.flow === 'pkce';
	const answer = await withDeadline(ctx, 'SSO OIDC (RegisterClient)', (abortSignal) => client.send(
		new RegisterClientCommand({
			clientName: `codex-bedrock-setup-${request.sessionName}`,
			clientType: 'public',
			scopes: request.scopes,
			...(pkce ? {grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: request.startUrl} : {}),
		}),
		{abortSignal},
	));
	registerSecret(answer.clientSecret);
	const registration: Registration = {
		clientId: answer.clientId!,
		clientSecret: answer.clientSecret!,
		expiresAt: formatCacheTime((answer.clientSecretExpiresAt ?? 0) * 1000),
		scopes: request.scopes,
		...(pkce ? {grantTypes: ['authorization_code', 'refresh_token']} : {}),
	};
	// A dry run keeps the registration in memory only (the next real run registers again).
	if (!ctx.dryRun && !(await keepsDeviceRegistration(file, request.flow, ctx.clock.now()))) await writeRegistration(file, registration);
	return registration;
}

function tokenFrom(answer: {accessToken?: string; expiresIn?: number; refreshToken?: string}, registration: Registration, request: LoginRequest, now: number): SsoToken {
	const token: SsoToken = {
		startUrl: request.startUrl,
		region: request.ssoRegion,
		accessToken: answer.accessToken!,
		expiresAt: formatCacheTime(now + (answer.expiresIn ?? 0) * 1000),
		clientId: registration.clientId,
		clientSecret: registration.clientSecret,
		registrationExpiresAt: registration.expiresAt,
		...(answer.refreshToken ? {refreshToken: answer.refreshToken} : {}),
	};
	registerTokenSecrets(token);
	return token;
}

function minutesAndSeconds(ms: number): string {
	const total = Math.max(0, Math.round(ms / 1000));
	return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

function oidcFailure(error: unknown): StepError | undefined {
	const name = (error as {name?: string}).name;
	if (name === 'AccessDeniedException') {
		return new StepError({code: 'oidc.access_denied', oidcError: 'access_denied', errorName: name, message: 'The sign-in was denied in the browser.', hint: 'Run the login again and choose Allow.'});
	}
	if (name === 'ExpiredTokenException') {
		return new StepError({
			code: 'oidc.expired_token',
			oidcError: 'expired_token',
			errorName: name,
			message: 'The sign-in code expired before it was approved.',
			hint: 'Run the login again and approve it within the time shown. If the page never showed your organisation\'s sign-in, the SSO region may be wrong: use the region shown in the IAM Identity Center console under Settings.',
			fixStep: 'sso-profile',
		});
	}
	return undefined;
}

async function deviceLogin(client: SSOOIDCClient, ctx: Context, request: LoginRequest, registration: Registration, ui: LoginUi): Promise<SsoToken> {
	const {StartDeviceAuthorizationCommand, CreateTokenCommand} = await import('@aws-sdk/client-sso-oidc');
	const auth = await withDeadline(ctx, 'SSO OIDC (StartDeviceAuthorization)', (abortSignal) =>
		client.send(new StartDeviceAuthorizationCommand({clientId: registration.clientId, clientSecret: registration.clientSecret, startUrl: request.startUrl}), {abortSignal}),
	).catch((error: unknown) => {
			// The usual cause: the start URL belongs to an Identity Center instance in another region.
			if ((error as {name?: string}).name !== 'InvalidRequestException') throw error;
			throw new StepError({
				code: 'oidc.invalid_request',
				errorName: 'InvalidRequestException',
				oidcError: 'invalid_request',
				message: `IAM Identity Center in ${request.ssoRegion} does not accept ${request.startUrl}.`,
				hint: 'Check the SSO region: it is the region shown in the IAM Identity Center console under Settings (often not the region you use Bedrock in), and check the start URL for typos.',
				fixStep: 'sso-profile',
			});
		});
	registerSecret(auth.deviceCode);
	const url = auth.verificationUriComplete ?? auth.verificationUri!;
	const browserOpened = request.openBrowser ? await ctx.browser.open(url) : false;
	ui.showVerification({url, ...(auth.userCode ? {userCode: auth.userCode} : {}), browserOpened});
	const deadline = ctx.clock.now() + (auth.expiresIn ?? 600) * 1000;
	let interval = (auth.interval ?? 5) * 1000;
	const label = () => `Waiting for approval in the browser (code ${auth.userCode}, ${minutesAndSeconds(deadline - ctx.clock.now())} left)`;
	return ui.wait(label(), async (signal, setLabel) => {
		for (;;) {
			if (ctx.clock.now() >= deadline) throw oidcFailure({name: 'ExpiredTokenException'})!;
			await ctx.clock.sleep(interval, signal);
			setLabel(label());
			try {
				const answer = await client.send(
					new CreateTokenCommand({
						clientId: registration.clientId,
						clientSecret: registration.clientSecret,
						grantType: 'urn:ietf:params:oauth:grant-type:device_code',
						deviceCode: auth.deviceCode,
					}),
					{abortSignal: signal},
				);
				return tokenFrom(answer, registration, request, ctx.clock.now());
			} catch (error) {
				const name = (error as {name?: string}).name;
				if (name === 'AuthorizationPendingException') continue;
				if (name === 'SlowDownException') {
					interval += 5000;
					continue;
				}
				throw oidcFailure(error) ?? error;
			}
		}
	});
}

/** base64url(sha256(verifier)) without padding, as RFC 7636 S256 asks. */
export function codeChallenge(verifier: string): string {
	return createHash('sha256').update(verifier).digest('base64url');
}

const CALLBACK_PAGE = '<!doctype html><meta charset="utf-8"><title>codex-bedrock-setup</title><p>Signed in. You can close this tab and go back to the terminal.</p>';

/** A one-shot loopback server for the OAuth redirect; resolves with the code (or rejects on error). */
function startCallbackServer(expectedState: string, signal: AbortSignal): Promise<{port: number; result: Promise<string>; close(): void}> {
	return new Promise((resolve, reject) => {
		let settle: {ok(code: string): void; fail(error: Error): void};
		const result = new Promise<string>((ok, fail) => {
			settle = {ok, fail};
		});
		result.catch(() => {});
		const server = http.createServer((req, res) => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			if (url.pathname !== '/oauth/callback') {
				res.writeHead(404).end();
				return;
			}
			res.writeHead(200, {'content-type': 'text/html; charset=utf-8'}).end(CALLBACK_PAGE);
			const error = url.searchParams.get('error');
			if (url.searchParams.get('state') !== expectedState) settle.fail(new StepError({code: 'oidc.state_mismatch', message: 'The browser returned a sign-in for another request (state does not match). Run the login again.'}));
			else if (error === 'access_denied') settle.fail(oidcFailure({name: 'AccessDeniedException'})!);
			else if (error) settle.fail(new StepError({code: `oidc.${error}`, oidcError: error, message: `The sign-in failed in the browser (${error}).`}));
			else settle.ok(url.searchParams.get('code') ?? '');
		});
		const close = () => {
			server.closeAllConnections();
			server.close();
		};
		signal.addEventListener('abort', close, {once: true});
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(new StepError({code: 'oidc.callback_port', nodeCode: error.code, message: `Could not listen on 127.0.0.1 for the sign-in redirect (${error.code}).`, hint: 'Use --use-device-code.'})),
		);
		server.listen(0, '127.0.0.1', () => resolve({port: (server.address() as AddressInfo).port, result, close}));
	});
}

async function pkceLogin(client: SSOOIDCClient, ctx: Context, request: LoginRequest, registration: Registration, ui: LoginUi): Promise<SsoToken> {
	const {CreateTokenCommand} = await import('@aws-sdk/client-sso-oidc');
	const verifier = randomBytes(48).toString('base64url').slice(0, 64);
	const state = randomUUID();
	registerSecret(verifier);
	const callback = await startCallbackServer(state, ctx.signal);
	try {
		const redirectUri = `http://127.0.0.1:${callback.port}/oauth/callback`;
		const query = new URLSearchParams({
			response_type: 'code',
			client_id: registration.clientId,
			redirect_uri: redirectUri,
			state,
			code_challenge_method: 'S256',
			scopes: request.scopes.join(' '),
			code_challenge: codeChallenge(verifier),
		});
		const url = `${oidcBaseUrl(ctx, request.ssoRegion)}/authorize?${query.toString()}`;
		const browserOpened = request.openBrowser ? await ctx.browser.open(url) : false;
		ui.showVerification({url, browserOpened});
		// The AWS CLI waits 10 minutes for the browser; the demo's simulated sign-in gives up after 20 s.
		const deadline = ctx.clock.now() + (ctx.demo ? 20_000 : 10 * 60_000);
		const code = await ui.wait(`Waiting for you to sign in in the browser (${minutesAndSeconds(deadline - ctx.clock.now())} left)`, async (signal, setLabel) => {
			const timer = setInterval(() => setLabel(`Waiting for you to sign in in the browser (${minutesAndSeconds(deadline - ctx.clock.now())} left)`), 1000);
			// A plain timer for the 10-minute deadline (the AWS CLI's): the injected clock's sleep() may move a
			// test clock forward at once, which is right for polling but not for a deadline raced against
			// the browser. The timer ends with the wait, or it would keep the process alive.
			let expiry: NodeJS.Timeout | undefined;
			try {
				return await Promise.race([
					callback.result,
					new Promise<never>((_, reject) => {
						expiry = setTimeout(() => reject(oidcFailure({name: 'ExpiredTokenException'})), deadline - ctx.clock.now());
						signal.addEventListener('abort', () => reject(signal.reason), {once: true});
					}),
				]);
			} finally {
				clearInterval(timer);
				clearTimeout(expiry);
			}
		});
		registerSecret(code);
		const answer = await withDeadline(ctx, 'SSO OIDC (CreateToken)', (abortSignal) => client.send(
			new CreateTokenCommand({
				clientId: registration.clientId,
				clientSecret: registration.clientSecret,
				grantType: 'authorization_code',
				redirectUri,
				codeVerifier: verifier,
				code,
			}),
			{abortSignal},
		));
		return tokenFrom(answer, registration, request, ctx.clock.now());
	} finally {
		callback.close();
	}
}

/** Log in and return the token to cache. Throws typed StepErrors for the OIDC outcomes users hit. */
export async function login(ctx: Context, request: LoginRequest, ui: LoginUi): Promise<SsoToken> {
	const client = await createOidcClient(ctx, request.ssoRegion);
	try {
		const registration = await register(client, ctx, request);
		return request.flow === 'pkce' ? await pkceLogin(client, ctx, request, registration, ui) : await deviceLogin(client, ctx, request, registration, ui);
	} finally {
		client.destroy();
	}
}

/**
 * Refresh an expired access token with its refresh token (what the SDKs do on their own), so the user is
 * not sent to the browser again while the Identity Center session lasts. Returns undefined when the
 * refresh is refused (the session ended): then a new login is needed.
 */
export async function refresh(ctx: Context, token: SsoToken): Promise<SsoToken | undefined> {
	if (!token.refreshToken || !token.clientId || !token.clientSecret) return undefined;
	const client = await createOidcClient(ctx, token.region);
	try {
		const {CreateTokenCommand} = await import('@aws-sdk/client-sso-oidc');
		const answer = await withDeadline(ctx, 'SSO OIDC (CreateToken, refresh)', (abortSignal) =>
			client.send(new CreateTokenCommand({clientId: token.clientId, clientSecret: token.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken}), {abortSignal}),
		);
		const refreshed: SsoToken = {
			...token,
			accessToken: answer.accessToken!,
			expiresAt: formatCacheTime(ctx.clock.now() + (answer.expiresIn ?? 0) * 1000),
			...(answer.refreshToken ? {refreshToken: answer.refreshToken} : {}),
		};
		registerTokenSecrets(refreshed);
		return refreshed;
	} catch (error) {
		if ((error as {name?: string}).name === 'InvalidGrantException' || (error as {name?: string}).name === 'InvalidClientException') return undefined;
		throw error;
	} finally {
		client.destroy();
	}
}
