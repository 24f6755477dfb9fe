// One HTTP handler for every AWS call the wizard makes (SDK clients, the SDK's nested SSO clients inside
// credential providers, and our signed Mantle requests), so proxy and CA settings apply everywhere:
// - HTTPS_PROXY / HTTP_PROXY / NO_PROXY (and lower-case forms): the JS SDK v3 ignores them on its own;
//   the decision per URL is proxy-from-env's, the tunnel is https-proxy-agent's;
// - AWS_CA_BUNDLE: the AWS CLI reads it, the JS SDK does not; we add it to Node's root certificates;
// - NODE_EXTRA_CA_CERTS: Node itself reads it at start-up, nothing to do.
// Loaded lazily: nothing here is imported before a step calls AWS.
import {readFile} from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type {Env} from '../context.js';
import {displayProxy} from '../redact.js';

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

/**
 * Agents that honour the proxy and CA variables. The proxy decision is made per request (NO_PROXY names
 * hosts): agent-base lets an agent delegate each request to another agent, here the direct one or a
 * tunnel through the proxy.
 */
export async function createAgents(env: Env): Promise<Agents> {
	const settings: HttpSettings = {};
	let ca: string[] | undefined;
	const bundle = env['AWS_CA_BUNDLE'];
	if (bundle) {
		ca = [...tls.rootCertificates, await readFile(bundle, 'utf8')];
		settings.caBundle = bundle;
	}
	const tlsOptions = ca ? {ca} : {};
	const direct = new https.Agent({keepAlive: true, ...tlsOptions});
	const anyProxy = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'];
	if (!anyProxy) return {httpAgent: new http.Agent({keepAlive: true}), httpsAgent: direct, settings};

	settings.proxy = displayProxy(anyProxy);
	// CommonJS packages: `.default` is module.exports both from source and in the split bundle.
	const [{Agent: AgentBase}, {HttpsProxyAgent}] = (await Promise.all([import('agent-base'), import('https-proxy-agent')])).map((m) => m.default) as [
		typeof import('agent-base'),
		typeof import('https-proxy-agent'),
	];
	const tunnels = new Map<string, http.Agent>();
	class ChoosingAgent extends AgentBase {
		override async connect(_request: http.ClientRequest, options: import('agent-base').AgentConnectOpts): Promise<http.Agent> {
			const port = options.port && options.port !== 443 ? `:${options.port}` : '';
			const proxy = await proxyFor(`https://${options.host}${port}/`);
			if (!proxy) return direct;
			let tunnel = tunnels.get(proxy);
			if (!tunnel) {
				tunnel = new HttpsProxyAgent(proxy, {keepAlive: true, ...tlsOptions});
				tunnels.set(proxy, tunnel);
			}
			return tunnel;
		}
	}
	return {httpAgent: new http.Agent({keepAlive: true}), httpsAgent: new ChoosingAgent({keepAlive: true, ...tlsOptions}) as unknown as https.Agent, settings};
}

/** The SDK request handler built on those agents (for clients and for signed Mantle requests). */
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
