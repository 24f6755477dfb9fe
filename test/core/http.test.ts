// Proxy and CA variables reach every AWS call: a real BedrockClient, through a loopback CONNECT proxy,
// to a loopback TLS server whose certificate only the test CA (AWS_CA_BUNDLE) vouches for.
import {readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, {type AddressInfo} from 'node:net';
import path from 'node:path';
import {BedrockClient, ListFoundationModelsCommand} from '@aws-sdk/client-bedrock';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {createRequestHandler, displayProxy, proxyFor} from '../../source/core/aws/http.js';
import {toFailure} from '../../source/core/errors.js';

const tlsDir = path.resolve(import.meta.dirname, '../fixtures/tls');
const caBundle = path.join(tlsDir, 'ca.pem');
let server: https.Server;
let proxy: http.Server;
let proxyUrl = '';
const connects: string[] = [];
const tunnels = new Set<net.Socket>();

beforeAll(async () => {
	server = https.createServer({key: readFileSync(path.join(tlsDir, 'server.key')), cert: readFileSync(path.join(tlsDir, 'server.pem'))}, (req, res) => {
		res.writeHead(200, {'content-type': 'application/json', 'x-amzn-requestid': 'tls-test'});
		res.end(JSON.stringify({modelSummaries: [{modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/openai.gpt-oss-120b-1:0', modelId: 'openai.gpt-oss-120b-1:0', path: req.url}]}));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const serverPort = (server.address() as AddressInfo).port;
	// A CONNECT proxy that sends every tunnel to the TLS server, whatever host was asked for.
	proxy = http.createServer((_req, res) => res.writeHead(405).end());
	proxy.on('connect', (req, client: net.Socket, head) => {
		connects.push(req.url ?? '');
		tunnels.add(client);
		const upstream = net.connect(serverPort, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		tunnels.add(upstream);
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
	vi.unstubAllEnvs();
	for (const socket of tunnels) socket.destroy();
	server.closeAllConnections();
	proxy.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	await new Promise((resolve) => proxy.close(resolve));
});

async function listThrough(env: Record<string, string>) {
	for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
	const {handler} = await createRequestHandler(env);
	const client = new BedrockClient({
		region: 'us-east-1',
		credentials: {accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-real-secret'},
		requestHandler: handler,
		maxAttempts: 1,
	});
	try {
		return await client.send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}));
	} finally {
		client.destroy();
	}
}

describe('proxy and CA bundle', () => {
	it('tunnels through HTTPS_PROXY and trusts AWS_CA_BUNDLE', async () => {
		const answer = await listThrough({HTTPS_PROXY: proxyUrl, AWS_CA_BUNDLE: caBundle});
		expect(answer.modelSummaries?.[0]?.modelId).toBe('openai.gpt-oss-120b-1:0');
		expect(connects.at(-1)).toBe('bedrock.us-east-1.amazonaws.com:443');
	});

	it('without the CA bundle the TLS failure is typed by its Node error code', async () => {
		const error = await listThrough({HTTPS_PROXY: proxyUrl, AWS_CA_BUNDLE: ''}).catch((e: unknown) => e);
		expect(toFailure(error).code).toBe('node.UNABLE_TO_VERIFY_LEAF_SIGNATURE');
	});

	it('NO_PROXY and loopback hosts go direct', async () => {
		vi.stubEnv('HTTPS_PROXY', 'http://proxy.corp:3128');
		vi.stubEnv('NO_PROXY', '.amazonaws.com');
		expect(await proxyFor('https://bedrock.us-east-1.amazonaws.com/')).toBeUndefined();
		expect(await proxyFor('https://bedrock-mantle.us-east-1.api.aws/')).toBe('http://proxy.corp:3128');
		expect(await proxyFor('http://127.0.0.1:4000/')).toBeUndefined();
		vi.unstubAllEnvs();
	});

	it('never shows proxy credentials', () => {
		expect(displayProxy('http://alice:s3cret@proxy.corp:3128')).toBe('http://proxy.corp:3128');
		expect(displayProxy('not a url')).toBe('(unparseable proxy URL)');
	});
});
