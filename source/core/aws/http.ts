// One HTTP handler for every AWS call the wizard makes (SDK clients, the SDK's nested SSO clients inside
// credential providers, and our signed Mantle requests), so proxy and CA settings apply everywhere:
// - HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and lower-case forms): the JS SDK v3 ignores them on its own;
//   the decision per URL is proxy-from-env's, the tunnel is https-proxy-agent's;
// - AWS_CA_BUNDLE: the AWS CLI reads it, the JS SDK does not; we add it to Node's root certificates;
// - NODE_EXTRA_CA_CERTS: Node itself reads it at start-up, nothing to do.
// One run keeps one keep-alive connection per AWS host (requestHandlerFor), shared by every call to it.
// Loaded lazily: nothing here is imported before a step calls AWS.
import {readFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type {AwsService, Context, Env} from '../context.js';
import {displayProxy} from '../redact.js';
import {runState} from '../run-state.js';

export {displayProxy};

export interface HttpSettings {
	/** The proxy URL for https requests, credentials stripped for display, if any. */
	proxy?: string;
	/** The CA bundle file added to the root certificates, if any. */
	caBundle?: string;
}

/**
 * The proxy for a URL, or undefined for a direct connection (NO_PROXY, loopback, none set). Like the
 * SDK's own providers, this reads the process environment.
 */
export async function proxyFor(url: string): Promise<string | undefined> {
	const {hostname} = new URL(url);
	if (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]') return undefined;
	// CommonJS package: `.default` is module.exports both from source and in the split bundle.
	const {getProxyForUrl} = (await import('proxy-from-env')).default;
	return getProxyForUrl(url) || undefined;
}

export interface Agents {
	httpAgent: http.Agent;
	httpsAgent: https.Agent;
	settings: HttpSettings;
}

/** What every agent of a run shares: the CA list, the proxy classes (when a proxy is set), the tunnels. */
interface AgentBasis {
	settings: HttpSettings;
	tlsOptions: {ca?: string[]};
	/** Loaded only when a proxy variable is set. */
	proxy?: {AgentBase: typeof import('agent-base').Agent; HttpsProxyAgent: typeof import('https-proxy-agent').HttpsProxyAgent};
	/** One tunnelling agent per proxy URL (it keeps its tunnels alive per host itself). */
	tunnels: Map<string, http.Agent>;
}

async function agentBasis(env: Env): Promise<AgentBasis> {
	const settings: HttpSettings = {};
	const bundle = env['AWS_CA_BUNDLE'];
	let tlsOptions: {ca?: string[]} = {};
	if (bundle) {
		tlsOptions = {ca: [...tls.rootCertificates, await readFile(bundle, 'utf8')]};
		settings.caBundle = bundle;
	}
	const anyProxy = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'];
	if (!anyProxy) return {settings, tlsOptions, tunnels: new Map()};
	settings.proxy = displayProxy(anyProxy);
	// CommonJS packages: `.default` is module.exports both from source and in the split bundle.
	const [{Agent: AgentBase}, {HttpsProxyAgent}] = (await Promise.all([import('agent-base'), import('https-proxy-agent')])).map((m) => m.default) as [
		typeof import('agent-base'),
		typeof import('https-proxy-agent'),
	];
	return {settings, tlsOptions, proxy: {AgentBase, HttpsProxyAgent}, tunnels: new Map()};
}

/**
 * Keep-alive agents on a basis. `maxSockets` 1 (for the per-host agents of a run): requests to one
 * host wait for its one connection instead of opening more, as each new connection costs a TCP and a
 * TLS handshake (fake-aws/network.ts counts them).
 */
function agentsOn(basis: AgentBasis, maxSockets = Infinity): Agents {
	const {settings, tlsOptions} = basis;
	const direct = new https.Agent({keepAlive: true, maxSockets, ...tlsOptions});
	const httpAgent = new http.Agent({keepAlive: true, maxSockets});
	if (!basis.proxy) return {httpAgent, httpsAgent: direct, settings};
	const {AgentBase, HttpsProxyAgent} = basis.proxy;
	const tunnels = basis.tunnels;
	/**
	 * The proxy decision is made per request (NO_PROXY names hosts): agent-base lets an agent delegate
	 * each request to another agent, here the direct one or a tunnel through the proxy.
	 */
	class ChoosingAgent extends AgentBase {
		override async connect(_request: http.ClientRequest, options: import('agent-base').AgentConnectOpts): Promise<http.Agent> {
			const port = options.port && options.port !== 443 ? `:${options.port}` : '';
			const proxy = await proxyFor(`https://${options.host}${port}/`);
			if (!proxy) return direct;
			let tunnel = tunnels.get(proxy);
			if (!tunnel) {
				tunnel = new HttpsProxyAgent(proxy, {keepAlive: true, maxSockets, ...tlsOptions});
				tunnels.set(proxy, tunnel);
			}
			return tunnel;
		}
	}
	// The choosing agent only hands each request on: the direct agent or the tunnel keeps the connections (and the limit).
	return {httpAgent, httpsAgent: new ChoosingAgent({keepAlive: true, ...tlsOptions}) as unknown as https.Agent, settings};
}

/** Agents that honour the proxy and CA variables (a fresh set: for one-off clients and tests). */
export async function createAgents(env: Env): Promise<Agents> {
	return agentsOn(await agentBasis(env));
}

/** A fresh SDK request handler on fresh agents, for one-off use. A run's calls use requestHandlerFor() instead. */
export async function createRequestHandler(env: Env, options: {requestTimeoutMs?: number; connectionTimeoutMs?: number} = {}) {
	const [{NodeHttpHandler}, agents] = await Promise.all([import('@smithy/node-http-handler'), createAgents(env)]);
	return {
		handler: new NodeHttpHandler({
			httpAgent: agents.httpAgent,
			httpsAgent: agents.httpsAgent,
			requestTimeout: options.requestTimeoutMs ?? 30_000,
			// Without this the SDK only logs a warning when the request time-out passes.
			throwOnRequestTimeout: true,
			connectionTimeout: options.connectionTimeoutMs ?? 10_000,
		}),
		settings: agents.settings,
	};
}

export interface HandlerOptions {
	/** Deadline for the answer's headers (default 30 s). */
	requestTimeoutMs?: number;
	connectionTimeoutMs?: number;
}

/** The hosts a run talks to: an SDK service or Mantle (the Runtime route adds its own) in a region. */
export type HostService = AwsService | 'bedrock-runtime';

interface HttpRunState {
	basis: Promise<AgentBasis>;
	/** One set of keep-alive agents per host ("bedrock us-east-1"): one connection per host per run. */
	hosts: Map<string, Agents>;
}

/**
 * The request handler for one AWS host (a service in a region) in this run. Every call to that host,
 * from any SDK client (nested credential clients included) or signed request, shares its keep-alive
 * connection, so the TCP and TLS handshakes are paid once per host per run. Each call gets its own
 * handler object (its own time-outs) on the host's shared agents; the handler's destroy() leaves them
 * open (SDK clients call it when they are destroyed): closeRun() closes them at the end of the run.
 */
export async function requestHandlerFor(ctx: Context, service: HostService, region: string, options: HandlerOptions = {}) {
	const state = runState(ctx);
	let run = state.http as HttpRunState | undefined;
	if (!run) {
		const made: HttpRunState = {basis: agentBasis(ctx.env), hosts: new Map()};
		// A CA bundle that cannot be read fails this call, and the next one tries again.
		made.basis.catch(() => {
			if (state.http === made) state.http = undefined;
		});
		state.http = run = made;
		state.closers.push(() => {
			for (const agents of made.hosts.values()) {
				agents.httpAgent.destroy();
				agents.httpsAgent.destroy();
			}
			void made.basis.then((basis) => {
				for (const tunnel of basis.tunnels.values()) tunnel.destroy();
			}, () => {});
		});
	}
	const [{NodeHttpHandler}, basis] = await Promise.all([import('@smithy/node-http-handler'), run.basis]);
	const key = `${service} ${region}`;
	let agents = run.hosts.get(key);
	if (!agents) {
		agents = agentsOn(basis, 1);
		run.hosts.set(key, agents);
	}
	const handler = new NodeHttpHandler({
		httpAgent: agents.httpAgent,
		httpsAgent: agents.httpsAgent,
		requestTimeout: options.requestTimeoutMs ?? 30_000,
		throwOnRequestTimeout: true,
		connectionTimeout: options.connectionTimeoutMs ?? 10_000,
	});
	// The agents are the run's: a client's destroy() must not close the host's connection.
	handler.destroy = () => {};
	return handler;
}
