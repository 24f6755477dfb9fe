// The simulated AWS: one HTTP server on 127.0.0.1 that speaks the wire protocols of SSO OIDC, the SSO
// portal, STS, the Bedrock control plane and Bedrock Mantle, so the real SDK clients can be pointed
// at it through endpoint overrides. Service behaviour lives in services/*.ts; this file only parses
// requests, routes them, applies per-region latency, and writes responses.
import {randomBytes, randomUUID} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {awsHost, type AwsService} from './hosts.js';
import {CONNECTION_HEADER, hostName, SimulatedNetwork, type NetworkOptions} from './network.js';
import {handlers, serviceHandlers} from './services/index.js';
import {getScenario} from './scenarios.js';
import type {Fault, FakeRequest, FakeResponse, FakeState, FakeWorld, Scenario} from './types.js';
import {jsonError} from './respond.js';
import {newRecord, runRecorded} from './request-log.js';

export interface FakeAwsOptions {
	/** A scenario name from scenarios.ts, or a whole scenario object. Default: "happy". */
	scenario?: string | Scenario;
	/** Port to listen on; 0 (default) picks a free one. */
	port?: number;
	/** The simulated clock, epoch milliseconds. Default: Date.now. */
	now?: () => number;
	/** Called with one line per request (operation, region, status). */
	log?: (line: string) => void;
	/** Simulated latency: a round-trip time, and the handshakes each new connection costs (network.ts). */
	network?: NetworkOptions;
}

export interface FakeAws {
	/** Base URL, e.g. http://127.0.0.1:43210 */
	url: string;
	scenario: Scenario;
	state: FakeState;
	/** The simulated network: its RTT, and connections and requests counted per real AWS host. */
	network: SimulatedNetwork;
	/** The endpoint for a service in a region: `${url}/region/${region}`. */
	endpointFor(region: string): string;
	/**
	 * Environment variables that point any AWS SDK or the AWS CLI at this server
	 * (AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_BEDROCK,
	 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME and our own AWS_ENDPOINT_URL_BEDROCK_MANTLE). The SSO services are unsigned, so their URLs carry the
	 * scenario's SSO region as a prefix; signed services take the region from the SigV4 credential scope.
	 */
	env(): Record<string, string>;
	close(): Promise<void>;
}

export const REGION_PREFIX = /^\/region\/([a-z]{2}(?:-[a-z]+)+-\d)(?=\/|$)/;

export function newState(): FakeState {
	return {
		clients: new Map(),
		deviceCodes: new Map(),
		authCodes: new Map(),
		accessTokens: new Map(),
		refreshTokens: new Map(),
		credentials: new Map(),
		agreements: new Set(),
		log: [],
		requests: [],
		faultHits: new Map(),
	};
}

export function createWorld(scenario: Scenario, state: FakeState, now: () => number): FakeWorld {
	const offset = scenario.clockOffsetMs ?? 0;
	return {
		scenario,
		state,
		now: offset ? () => now() + offset : now,
		requestId: () => randomUUID(),
		secret: (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`,
		takeFault(operation: string, region: string | undefined): Fault | undefined {
			for (const fault of scenario.faults) {
				if (fault.operation !== operation) continue;
				if (fault.region && fault.region !== region) continue;
				const hits = state.faultHits.get(fault) ?? 0;
				if (fault.times !== undefined && hits >= fault.times) continue;
				state.faultHits.set(fault, hits + 1);
				return fault;
			}
			return undefined;
		},
	};
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export function parseRequest(method: string, url: string, headers: http.IncomingHttpHeaders, body: Buffer): FakeRequest {
	const queryAt = url.indexOf('?');
	const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
	const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1);
	const match = REGION_PREFIX.exec(rawPath);
	const servicePath = match ? rawPath.slice(match[0].length) || '/' : rawPath;
	// A real AWS host name (a request through tls-proxy.ts) names the service and the region itself.
	const host = match ? undefined : awsHost(headers.host);
	return {
		method,
		path: servicePath,
		query: new URLSearchParams(rawQuery),
		headers,
		body,
		endpointRegion: match?.[1] ?? host?.region,
		endpointService: host?.service,
		rawPath,
		rawQuery,
	};
}

/** Which region a request is for: the endpoint prefix or real host name, else the SigV4 credential scope. */
export function requestRegion(request: FakeRequest): string | undefined {
	if (request.endpointRegion) return request.endpointRegion;
	const auth = request.headers.authorization;
	const scope = typeof auth === 'string' ? /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(auth) : null;
	return scope?.[1];
}

/** Host headers of requests made to the fake directly (endpoint overrides), not through the TLS proxy. */
const LOOPBACK_HOST = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?$/i;

export async function handle(request: FakeRequest, world: FakeWorld): Promise<FakeResponse> {
	return (await route(request, world)).response;
}

/** The answer, and the service that gave it (which, with the region, names the real host). */
export async function route(request: FakeRequest, world: FakeWorld): Promise<{response: FakeResponse; service?: AwsService}> {
	// A real host name the fake does not serve (bedrock-agent-runtime..., an unknown AWS service, any other site)
	// is refused, never answered by whichever handler knows the path: on real AWS it reaches another service.
	const host = typeof request.headers.host === 'string' ? request.headers.host : undefined;
	if (host && !request.endpointService && !REGION_PREFIX.test(request.rawPath) && !LOOPBACK_HOST.test(host)) {
		return {response: jsonError(world, 421, 'MisdirectedRequestException', `[fake-aws] ${host} is not a host the simulated AWS serves (it serves bedrock-mantle, bedrock-runtime, bedrock, portal.sso, oidc and sts).`)};
	}
	const region = requestRegion(request);
	const latency = region ? world.scenario.regions[region]?.latencyMs : undefined;
	if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
	// In the handlers' own order (it matters: Runtime before Mantle on 127.0.0.1), each named by its service.
	const serviceOf = new Map(Object.entries(serviceHandlers).map(([service, handler]) => [handler, service as AwsService]));
	for (const handler of request.endpointService ? [serviceHandlers[request.endpointService]] : handlers) {
		const response = await handler(request, world);
		if (response) return {response, ...(serviceOf.has(handler) ? {service: serviceOf.get(handler)!} : {})};
	}
	// AWS answers an unknown route with a 404 UnknownOperationException; the fake also says what it got,
	// because an unhandled route is almost always a mistake in our code or in the fake.
	return {response: jsonError(world, 404, 'UnknownOperationException', `[fake-aws] no handler for ${request.method} ${request.rawPath}`)};
}

export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
	const scenario = typeof options.scenario === 'object' ? options.scenario : getScenario(options.scenario ?? 'happy');
	const state = newState();
	const world = createWorld(scenario, state, options.now ?? Date.now);
	const network = new SimulatedNetwork(options.network);
	const sockets = new Set<import('node:net').Socket>();

	const server = http.createServer(async (req, res) => {
		try {
			const body = await readBody(req);
			// Which client connection this came on, when the TLS proxy forwarded it (its tunnel, not its own socket).
			const tunnel = req.headers[CONNECTION_HEADER];
			delete req.headers[CONNECTION_HEADER];
			const request = parseRequest(req.method ?? 'GET', req.url ?? '/', req.headers, body);
			const record = newRecord(request, Date.now());
			state.requests.push(record);
			const {response, service} = await runRecorded(record, () => route(request, world));
			record.status = response.status;
			const host = hostName(service ?? request.endpointService, requestRegion(request));
			const roundTrips = network.account(req.socket, typeof tunnel === 'string' ? tunnel : undefined, host);
			await network.delay(roundTrips);
			options.log?.(`${req.method} ${request.rawPath} -> ${response.status}${record.operation ? ` (${record.operation})` : ''} ${host}${roundTrips > 1 ? ' (new connection)' : ''}`);
			// The Date header comes from the simulated clock: the SDKs correct their clock skew from it.
			res.writeHead(response.status, {date: new Date(world.now()).toUTCString(), ...response.headers});
			if (response.stream) {
				for await (const chunk of response.stream) res.write(chunk);
				res.end();
			} else {
				res.end(response.body ?? '');
			}
		} catch (error) {
			res.writeHead(500, {'content-type': 'application/json', 'x-amzn-errortype': 'InternalServerException'});
			res.end(JSON.stringify({message: `[fake-aws] internal error: ${(error as Error).message}`}));
		}
	});
	// Idle connections stay open close to a minute (Node's default is 5 s; below its 60 s headersTimeout), so a client that keeps its connections
	// alive between steps can reuse them as it would against AWS.
	server.keepAliveTimeout = 55_000;
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const {port} = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	const endpointFor = (region: string) => `${url}/region/${region}`;
	return {
		url,
		scenario,
		state,
		network,
		endpointFor,
		env() {
			const ssoRegion = scenario.sso.region;
			return {
				AWS_ENDPOINT_URL_SSO_OIDC: endpointFor(ssoRegion),
				AWS_ENDPOINT_URL_SSO: endpointFor(ssoRegion),
				AWS_ENDPOINT_URL_STS: url,
				AWS_ENDPOINT_URL_BEDROCK: url,
				AWS_ENDPOINT_URL_BEDROCK_MANTLE: url,
				AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url,
				// Budgets is global (signed for us-east-1); IAM Identity Center's admin API lives in the SSO region.
				AWS_ENDPOINT_URL_BUDGETS: endpointFor('us-east-1'),
				AWS_ENDPOINT_URL_CLOUDTRAIL: url,
				AWS_ENDPOINT_URL_SSO_ADMIN: endpointFor(ssoRegion),
			};
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
