// Starting the simulated AWS in a test, with credentials it has issued.
import {Sha256} from '@aws-crypto/sha256-js';
import {HttpRequest} from '@smithy/protocol-http';
import {SignatureV4} from '@smithy/signature-v4';
import {afterEach} from 'vitest';
import {startFakeAws, type FakeAws, type FakeAwsOptions} from '../../source/fake-aws/server.js';
import {issueBearerKey, issueCredentials} from '../../source/fake-aws/sigv4.js';

const running: FakeAws[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map((fake) => fake.close()));
});

/** A simulated AWS that closes itself after the test. */
export async function fakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
	const fake = await startFakeAws(options);
	running.push(fake);
	return fake;
}

export function credentialsFor(fake: FakeAws, options: {ttlSeconds?: number; now?: number} = {}) {
	const issued = issueCredentials(fake.state, options.now ?? Date.now(), {accountId: '111122223333', roleName: 'BedrockDeveloper', ttlSeconds: options.ttlSeconds ?? 3600});
	return {accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken};
}

/** A short-term Bedrock API key the simulated AWS accepts as `Authorization: Bearer` in one region. */
export function apiKeyFor(fake: FakeAws, region: string, options: {ttlSeconds?: number; now?: number} = {}): string {
	const ttl = options.ttlSeconds === undefined ? {} : {ttlSeconds: options.ttlSeconds};
	return issueBearerKey(fake.state, options.now ?? Date.now(), {region, accountId: '111122223333', roleName: 'BedrockDeveloper', ...ttl}).token;
}

export interface SignOptions {
	method?: string;
	body?: string;
	/** Extra headers to sign and send (a JSON content-type is added for a body unless given here). */
	headers?: Record<string, string>;
	credentials: {accessKeyId: string; secretAccessKey: string; sessionToken?: string};
	service?: string;
	region: string;
	signingDate?: Date;
}

/** Sign a request with @smithy/signature-v4 as the wizard does for Mantle; returns what fetch needs. */
export async function signRequest(url: string, options: SignOptions): Promise<{method: string; headers: Record<string, string>; body?: string}> {
	const target = new URL(url);
	const request = new HttpRequest({
		protocol: target.protocol,
		hostname: target.hostname,
		port: Number(target.port),
		method: options.method ?? 'GET',
		path: target.pathname,
		query: Object.fromEntries(target.searchParams),
		headers: {host: target.host, ...(options.body ? {'content-type': 'application/json'} : {}), ...options.headers},
		...(options.body ? {body: options.body} : {}),
	});
	const signer = new SignatureV4({credentials: options.credentials, region: options.region, service: options.service ?? 'bedrock-mantle', sha256: Sha256});
	const signed = await signer.sign(request, options.signingDate ? {signingDate: options.signingDate} : {});
	return {method: signed.method, headers: signed.headers as Record<string, string>, ...(options.body ? {body: options.body} : {})};
}

/** A SigV4-signed fetch, the way the wizard calls Mantle (no SDK client exists for it). */
export async function signedFetch(url: string, options: SignOptions): Promise<Response> {
	return fetch(url, await signRequest(url, options));
}

/** Every secret the simulated AWS issued so far (credentials, SSO tokens, client secrets, API keys). */
export function issuedSecrets(fake: FakeAws): string[] {
	const {state} = fake;
	return [
		...[...state.credentials.values()].flatMap((c) => [c.secretAccessKey, c.sessionToken ?? '']),
		...state.accessTokens.keys(),
		...state.refreshTokens.keys(),
		...[...state.clients.values()].map((c) => c.clientSecret),
		...(state.bearerKeys ? state.bearerKeys.keys() : []),
	].filter((s) => s.length >= 8);
}
