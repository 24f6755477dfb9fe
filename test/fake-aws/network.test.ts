// The simulated network (fake-aws/network.ts): what a new connection costs in round trips, and the
// connections and requests counted per real AWS host, direct and through the TLS proxy. Counts only: no
// test here waits on the round-trip time.
import http from 'node:http';
import https from 'node:https';
import {readFileSync} from 'node:fs';
import {BedrockClient, ListFoundationModelsCommand} from '@aws-sdk/client-bedrock';
import {describe, expect, it, vi} from 'vitest';
import {requestHandlerFor} from '../../source/core/aws/http.js';
import {realEndpoints} from '../../source/core/context.js';
import {closeRun} from '../../source/core/run-state.js';
import {testContext} from '../helpers/context.js';
import {HANDSHAKE_ROUND_TRIPS, hostName, SimulatedNetwork, statsLines} from '../../source/fake-aws/network.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {credentialsFor, fakeAws, signRequest} from '../helpers/fake-aws.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';

/** A signed GET through `agent` (keep-alive: requests reuse its sockets). */
async function get(fake: FakeAws, agent: http.Agent, path: string, service = 'bedrock-mantle', region = 'us-east-1') {
	const url = `${fake.url}${path}`;
	const signed = await signRequest(url, {credentials: credentialsFor(fake), region, service});
	return new Promise<number>((resolve, reject) => {
		const request = http.request(url, {method: 'GET', headers: signed.headers, agent}, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		request.on('error', reject);
		request.end();
	});
}

describe('simulated network', () => {
	it('a new connection costs TCP (1) and the TLS handshake (1 for TLS 1.3, 2 for 1.2) before its request', () => {
		expect(HANDSHAKE_ROUND_TRIPS).toEqual({'1.3': 2, '1.2': 3});
		const socket = {} as import('node:net').Socket;
		const tls13 = new SimulatedNetwork({rttMs: 100});
		expect(tls13.account(socket, undefined, 'bedrock.us-east-1.amazonaws.com')).toBe(3);
		expect(tls13.account(socket, undefined, 'bedrock.us-east-1.amazonaws.com')).toBe(1);
		// The same socket carrying another host's request: on AWS that is another connection.
		expect(tls13.account(socket, undefined, 'sts.us-east-1.amazonaws.com')).toBe(3);
		expect(tls13.stats()).toEqual({'bedrock.us-east-1.amazonaws.com': {connections: 1, requests: 2}, 'sts.us-east-1.amazonaws.com': {connections: 1, requests: 1}});
		const tls12 = new SimulatedNetwork({rttMs: 100, tls: '1.2'});
		expect(tls12.account(socket, undefined, 'oidc.us-east-1.amazonaws.com')).toBe(4);
		expect(statsLines(tls12.stats()).at(-1)).toMatch(/^total\s+1 connection\s+1 request$/);
	});

	it('names hosts as AWS does', () => {
		expect(hostName('bedrock-mantle', 'eu-west-1')).toBe('bedrock-mantle.eu-west-1.api.aws');
		expect(hostName('portal.sso', 'us-east-1')).toBe('portal.sso.us-east-1.amazonaws.com');
		expect(hostName('oidc', 'us-east-2')).toBe('oidc.us-east-2.amazonaws.com');
		expect(hostName('sts', undefined)).toBe('sts.amazonaws.com');
	});

	it('counts per host: one keep-alive socket to the fake carries two hosts, which count as two connections', async () => {
		const fake = await fakeAws();
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		try {
			expect(await get(fake, agent, '/region/us-east-1/v1/models')).toBe(200);
			expect(await get(fake, agent, '/region/us-east-1/openai/v1/models')).toBe(200);
			expect(await get(fake, agent, '/region/eu-west-1/v1/models', 'bedrock-mantle', 'eu-west-1')).toBe(200);
			expect(await get(fake, agent, '/region/us-east-1/foundation-models?byProvider=OpenAI', 'bedrock')).toBe(200);
		} finally {
			agent.destroy();
		}
		expect(fake.network.stats()).toEqual({
			'bedrock-mantle.eu-west-1.api.aws': {connections: 1, requests: 1},
			'bedrock-mantle.us-east-1.api.aws': {connections: 1, requests: 2},
			'bedrock.us-east-1.amazonaws.com': {connections: 1, requests: 1},
		});
	});

	it('through the TLS proxy, the client\'s tunnels are its connections (not the proxy\'s own sockets)', async () => {
		const fake = await fakeAws();
		const proxy = await interceptingProxy(fake);
		const ca = readFileSync(TEST_CA);
		const {HttpsProxyAgent} = (await import('https-proxy-agent')).default as typeof import('https-proxy-agent');
		const agent = new HttpsProxyAgent(proxy.url, {keepAlive: true, maxSockets: 1, ca});
		const credentials = credentialsFor(fake);
		const send = async (path: string) => {
			const url = `https://bedrock-mantle.us-east-1.api.aws${path}`;
			const signed = await signRequest(url, {credentials, region: 'us-east-1'});
			return new Promise<number>((resolve, reject) => {
				const request = https.request(url, {method: 'GET', headers: signed.headers, agent, ca}, (response) => {
					response.resume();
					response.on('end', () => resolve(response.statusCode ?? 0));
				});
				request.on('error', reject);
				request.end();
			});
		};
		try {
			expect(await send('/v1/models')).toBe(200);
			expect(await send('/openai/v1/models')).toBe(200);
		} finally {
			agent.destroy();
		}
		expect(proxy.intercepted).toEqual(['bedrock-mantle.us-east-1.api.aws:443']);
		expect(fake.network.stats()).toEqual({'bedrock-mantle.us-east-1.api.aws': {connections: 1, requests: 2}});
	});

	it('a run\'s handler for a host, through HTTPS_PROXY with AWS_CA_BUNDLE: one tunnel, reused by every client', async () => {
		const fake = await fakeAws();
		const proxy = await interceptingProxy(fake);
		vi.stubEnv('HTTPS_PROXY', proxy.url);
		const env = {HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: TEST_CA};
		const ctx = {...testContext({env}), endpoints: realEndpoints(env)};
		try {
			// Three clients, one after the other and two at once: all on the host's one connection.
			const list = async () => {
				const client = new BedrockClient({region: 'us-east-1', credentials: credentialsFor(fake), requestHandler: await requestHandlerFor(ctx, 'bedrock', 'us-east-1'), maxAttempts: 1});
				try {
					return (await client.send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}))).modelSummaries?.length;
				} finally {
					client.destroy();
				}
			};
			expect(await list()).toBeGreaterThan(0);
			expect((await Promise.all([list(), list()])).every((n) => (n ?? 0) > 0)).toBe(true);
		} finally {
			closeRun(ctx);
			vi.unstubAllEnvs();
		}
		expect(proxy.intercepted).toEqual(['bedrock.us-east-1.amazonaws.com:443']);
		expect(fake.network.stats()).toEqual({'bedrock.us-east-1.amazonaws.com': {connections: 1, requests: 3}});
	});
});
