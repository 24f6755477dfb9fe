// The simulated network between a client and the simulated AWS: a round-trip time, the handshakes a new
// connection costs, and a count of connections and requests per real AWS host.
//
// On loopback every call takes a millisecond, so nothing shows what a user 80-150 ms from AWS feels.
// With `rttMs` set, each request costs one round trip (request out, answer back) and the first request
// on a new connection also pays for the handshakes before it:
//   - TCP: SYN / SYN-ACK, 1 round trip (the client's ACK travels with its first TLS record);
//   - TLS 1.3 (RFC 8446 section 2): ClientHello / ServerHello..Finished, 1 round trip (the client's
//     Finished travels with the request); TLS 1.2 (RFC 5246 section 7.3): 2 round trips.
// So a new connection costs 2 round trips before its first request with TLS 1.3 (the default here), 3 with
// TLS 1.2. AWS endpoints negotiate "a high mutually agreed upon version", 1.2 at least (AWS Security Blog,
// "TLS 1.2 to become the minimum TLS protocol level for all AWS API endpoints"); which endpoints offer 1.3
// is not documented per service, so --tls 1.2 models the slower case. DNS, TLS session resumption and a
// proxy's own CONNECT round trip are not modelled.
//
// Hosts are told apart as on real AWS, by service and region: the fake sees them as the real Host header
// (through tls-proxy.ts) or as the service that answered plus the /region/<r> prefix (or the SigV4 scope).
// On loopback one socket can carry requests for several of them, which no real connection can: each
// (connection, host) pair is therefore a connection of its own, charged and counted once.
import type {Socket} from 'node:net';
import type {AwsService} from './hosts.js';

export type TlsVersion = '1.2' | '1.3';

/** Round trips a new connection costs before its first request: TCP (1) + the TLS handshake. */
export const HANDSHAKE_ROUND_TRIPS: Record<TlsVersion, number> = {'1.3': 2, '1.2': 3};

export interface NetworkOptions {
	/** Round-trip time in milliseconds (default 0: no added latency, counting only). */
	rttMs?: number;
	/** The TLS version whose handshake a new connection pays for (default 1.3). */
	tls?: TlsVersion;
}

export interface HostStats {
	connections: number;
	requests: number;
}

/** The real host name of a service in a region (what the client would connect to on AWS). */
export function hostName(service: AwsService | undefined, region: string | undefined): string {
	const r = region ?? 'unknown-region';
	if (!service) return `unknown.${r}`;
	// Every service the fake serves must name its host here (a new one in hosts.ts fails the typecheck).
	const names: Record<AwsService, () => string> = {
		oidc: () => `oidc.${r}.amazonaws.com`,
		'portal.sso': () => `portal.sso.${r}.amazonaws.com`,
		sts: () => (region ? `sts.${region}.amazonaws.com` : 'sts.amazonaws.com'),
		bedrock: () => `bedrock.${r}.amazonaws.com`,
		'bedrock-mantle': () => `bedrock-mantle.${r}.api.aws`,
		'bedrock-runtime': () => `bedrock-runtime.${r}.amazonaws.com`,
		budgets: () => 'budgets.amazonaws.com',
		cloudtrail: () => `cloudtrail.${r}.amazonaws.com`,
		'sso-admin': () => `sso.${r}.amazonaws.com`,
	};
	return names[service]();
}

/** The header tls-proxy.ts adds to say which client connection (tunnel) a forwarded request came on. */
export const CONNECTION_HEADER = 'x-fake-aws-connection';

export class SimulatedNetwork {
	readonly rttMs: number;
	readonly tls: TlsVersion;
	private readonly hosts = new Map<string, HostStats>();
	/** Hosts each connection has carried requests for: a socket, or a tunnel id from the TLS proxy. */
	private readonly seen = new WeakMap<Socket, Set<string>>();
	private readonly tunnels = new Map<string, Set<string>>();

	constructor(options: NetworkOptions = {}) {
		this.rttMs = Math.max(0, options.rttMs ?? 0);
		this.tls = options.tls ?? '1.3';
	}

	/**
	 * Count one request for `host` on `connection` and return how many round trips it costs: 1, plus the
	 * handshakes when this connection has not carried a request for this host before.
	 */
	account(socket: Socket, tunnel: string | undefined, host: string): number {
		let hosts: Set<string> | undefined;
		if (tunnel) {
			hosts = this.tunnels.get(tunnel);
			if (!hosts) this.tunnels.set(tunnel, (hosts = new Set()));
		} else {
			hosts = this.seen.get(socket);
			if (!hosts) this.seen.set(socket, (hosts = new Set()));
		}
		const stats = this.hosts.get(host) ?? {connections: 0, requests: 0};
		this.hosts.set(host, stats);
		stats.requests += 1;
		if (hosts.has(host)) return 1;
		hosts.add(host);
		stats.connections += 1;
		return 1 + HANDSHAKE_ROUND_TRIPS[this.tls];
	}

	/** Wait as long as `roundTrips` round trips take (nothing when the RTT is 0). */
	delay(roundTrips: number): Promise<void> {
		const ms = roundTrips * this.rttMs;
		return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
	}

	/** Connections and requests per host so far, host names sorted. */
	stats(): Record<string, HostStats> {
		return Object.fromEntries([...this.hosts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([host, s]) => [host, {...s}]));
	}

	/** Start counting again (the RTT stays). */
	reset(): void {
		this.hosts.clear();
		this.tunnels.clear();
	}
}

/** The stats as aligned lines, for the standalone server and the bench. */
export function statsLines(stats: Record<string, HostStats>): string[] {
	const entries = Object.entries(stats);
	if (entries.length === 0) return ['no requests'];
	const width = Math.max(...entries.map(([host]) => host.length));
	const total = entries.reduce((sum, [, s]) => ({connections: sum.connections + s.connections, requests: sum.requests + s.requests}), {connections: 0, requests: 0});
	return [
		...entries.map(([host, s]) => `${host.padEnd(width)}  ${String(s.connections).padStart(3)} connection${s.connections === 1 ? ' ' : 's'} ${String(s.requests).padStart(4)} request${s.requests === 1 ? '' : 's'}`),
		`${'total'.padEnd(width)}  ${String(total.connections).padStart(3)} connection${total.connections === 1 ? ' ' : 's'} ${String(total.requests).padStart(4)} request${total.requests === 1 ? '' : 's'}`,
	];
}
