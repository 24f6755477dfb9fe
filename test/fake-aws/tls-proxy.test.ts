// The TLS-intercepting proxy: clients that only know real AWS URLs reach the simulated AWS through
// HTTPS_PROXY and a test CA, with their real Host header, so SigV4 over the host verifies. Proven here
// with the wizard's own HTTP stack (mantleRequest, a real BedrockClient without endpoint override); the
// real Codex CLI goes the same way in test/codex/exec-fake.test.ts. Everything else is refused.
import net from 'node:net';
import {BedrockClient, ListFoundationModelsCommand} from '@aws-sdk/client-bedrock';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {createRequestHandler} from '../../source/core/aws/http.js';
import {mantleRequest} from '../../source/core/bedrock/mantle.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import type {TlsProxy} from '../../source/fake-aws/tls-proxy.js';
import {fakeClock, testContext} from '../helpers/context.js';
import {credentialsFor, fakeAws} from '../helpers/fake-aws.js';
import {interceptingProxy, TEST_CA} from '../helpers/tls-proxy.js';

afterEach(() => vi.unstubAllEnvs());

async function world() {
	// One clock for both sides: requests are signed with ctx.clock, and the fake checks against its own.
	const clock = fakeClock(Date.now());
	const fake = await fakeAws({now: clock.now});
	const proxy = await interceptingProxy(fake);
	const env = {HTTPS_PROXY: proxy.url, AWS_CA_BUNDLE: TEST_CA};
	// proxy-from-env reads process.env, like the SDK's own providers.
	vi.stubEnv('HTTPS_PROXY', proxy.url);
	return {fake, proxy, env, ctx: testContext({env, clock})};
}

/** Send raw bytes to the proxy and return what it answers up to the first blank line (or the close). */
function raw(proxy: TlsProxy, request: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const {port} = new URL(proxy.url);
		const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
		let answer = '';
		socket.on('data', (chunk: Buffer) => {
			answer += chunk.toString('latin1');
		});
		socket.on('end', () => resolve(answer));
		socket.on('error', reject);
	});
}

const operations = (fake: FakeAws) => fake.state.log.map((l) => `${l.operation} ${l.region} ${l.status}`);

describe('TLS-intercepting proxy in front of the simulated AWS', () => {
	it('a signed Mantle request to the real host name reaches the fake, which verifies SigV4 over that host', async () => {
		const {fake, proxy, ctx} = await world();
		const answer = await mantleRequest(ctx, {region: 'us-east-1', credentials: credentialsFor(fake), method: 'POST', path: '/openai/v1/responses', body: {model: 'openai.gpt-5.5', input: 'Reply with: ready', max_output_tokens: 256}});
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.body).output.at(-1).content[0].text).toBe('ready');
		expect(proxy.intercepted).toEqual(['bedrock-mantle.us-east-1.api.aws:443']);
		expect(operations(fake)).toEqual(['MantleResponses us-east-1 200']);
	});

	it('streams server-sent events through the tunnel', async () => {
		const {fake, ctx} = await world();
		const answer = await mantleRequest(ctx, {region: 'us-east-1', credentials: credentialsFor(fake), method: 'POST', path: '/openai/v1/responses', body: {model: 'openai.gpt-5.5', input: 'hi', stream: true}});
		expect(answer.status).toBe(200);
		const events = [...answer.body.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
		expect(events[0]).toBe('response.created');
		expect(events.at(-1)).toBe('response.completed');
		expect(answer.body).toContain('"delta":"re"');
	});

	it('the host decides the region: gpt-oss exists in us-west-2, GPT-5.5 does not', async () => {
		const {fake, ctx} = await world();
		const answer = await mantleRequest(ctx, {region: 'us-west-2', credentials: credentialsFor(fake), method: 'POST', path: '/openai/v1/responses', body: {model: 'openai.gpt-5.5', input: 'hi'}});
		expect(answer.status).toBe(404);
		expect(JSON.parse(answer.body).error.message).toBe("The model 'openai.gpt-5.5' does not exist");
		expect(operations(fake)).toEqual(['MantleResponses us-west-2 404']);
	});

	it('a real BedrockClient with no endpoint override reaches the fake control plane', async () => {
		const {fake, proxy, env} = await world();
		const {handler} = await createRequestHandler(env);
		const client = new BedrockClient({region: 'eu-west-1', credentials: credentialsFor(fake), requestHandler: handler, maxAttempts: 1});
		try {
			const answer = await client.send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}));
			expect(answer.modelSummaries?.map((m) => m.modelId)).toContain('openai.gpt-oss-120b-1:0');
		} finally {
			client.destroy();
		}
		expect(proxy.intercepted).toEqual(['bedrock.eu-west-1.amazonaws.com:443']);
		expect(operations(fake)).toEqual(['ListFoundationModels eu-west-1 200']);
	});

	it('a client that does not trust the test CA fails the TLS handshake; nothing reaches the fake', async () => {
		const {fake, ctx} = await world();
		const untrusting = {...ctx, env: {HTTPS_PROXY: ctx.env['HTTPS_PROXY']!}};
		const error = await mantleRequest(untrusting, {region: 'us-east-1', credentials: credentialsFor(fake), method: 'GET', path: '/openai/v1/models'}).catch((e: unknown) => e);
		expect((error as {code?: string}).code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
		expect(fake.state.log).toEqual([]);
	});

	it('refuses every host that is not a simulated AWS host, other ports, and plain-HTTP proxying', async () => {
		const {fake, proxy} = await world();
		for (const target of ['github.com:443', 'chatgpt.com:443', 'bedrock-agent-runtime.us-east-1.amazonaws.com:443', 's3.amazonaws.com:443', 'bedrock-mantle.us-east-1.api.aws:80', '127.0.0.1:443']) {
			const answer = await raw(proxy, `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
			expect(answer, target).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
		}
		const plain = await raw(proxy, 'GET http://portal.sso.us-east-1.amazonaws.com/assignment/accounts HTTP/1.1\r\nHost: portal.sso.us-east-1.amazonaws.com\r\n\r\n');
		expect(plain).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
		expect(proxy.intercepted).toEqual([]);
		expect(proxy.refused).toHaveLength(7);
		expect(fake.state.log).toEqual([]);
	});
});
