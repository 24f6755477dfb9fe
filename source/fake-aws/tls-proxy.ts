// A loopback HTTPS-intercepting proxy in front of the simulated AWS, for clients whose AWS URLs cannot be
// overridden: the real Codex CLI always calls https://bedrock-mantle.<region>.api.aws/openai/v1, so the
// only way to point it at the fake is HTTPS_PROXY plus a CA it trusts (CODEX_CA_CERTIFICATE).
//
// The client sends `CONNECT host:443`. For a real AWS host the fake serves (hosts.ts) the proxy answers
// 200, terminates TLS itself with a certificate for that host signed by a test CA, and forwards each
// decrypted HTTP/1.1 request to the fake unchanged: same method, path, headers (Host included, so the
// fake's SigV4 check, which signs over host, passes and the fake learns service and region from it) and
// body. Every other CONNECT (github.com, chatgpt.com, an unknown AWS service, another port) and every
// plain-HTTP proxy request is refused with 403, so nothing reaches the real network.
import {randomBytes} from 'node:crypto';
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import tls from 'node:tls';
import {awsHost} from './hosts.js';
import {CONNECTION_HEADER} from './network.js';

export interface TlsProxyOptions {
	/** Where decrypted requests go: the simulated AWS's base URL, e.g. http://127.0.0.1:43210. */
	target: string;
	/** PEM private key and certificate presented for every intercepted host (it must name them all). */
	key: string | Buffer;
	cert: string | Buffer;
	/** Which CONNECT targets are intercepted. Default: port 443 of a host awsHost() knows. */
	accept?: (host: string, port: number) => boolean;
	/** Called with one line per tunnel and per forwarded request. */
	log?: (line: string) => void;
}

export interface TlsProxy {
	/** The proxy's URL, for HTTPS_PROXY: http://127.0.0.1:<port>. */
	url: string;
	/** Every CONNECT target intercepted ("bedrock-mantle.us-east-1.api.aws:443"), in order. */
	intercepted: string[];
	/** Every CONNECT target or plain-HTTP URL refused, in order. */
	refused: string[];
	close(): Promise<void>;
}

/** Connection-level headers that belong to one hop and are not forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([CONNECTION_HEADER, 'connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

function splitHostPort(authority: string): {host: string; port: number} | undefined {
	const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(authority);
	return m ? {host: m[1]!.toLowerCase(), port: Number(m[2])} : undefined;
}

/** rawHeaders without the hop-by-hop ones, in their original order and spelling. */
function forwardedHeaders(raw: string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i + 1 < raw.length; i += 2) {
		if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
	}
	return out;
}

export async function startTlsProxy(options: TlsProxyOptions): Promise<TlsProxy> {
	const target = new URL(options.target);
	const accept = options.accept ?? ((host, port) => port === 443 && awsHost(host) !== undefined);
	const log = options.log ?? (() => {});
	const intercepted: string[] = [];
	const refused: string[] = [];
	const sockets = new Set<Socket>();
	const track = (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	};
	const secureContext = tls.createSecureContext({key: options.key, cert: options.cert});
	// Each client tunnel gets a number the fake reads (CONNECTION_HEADER), so it counts the client's
	// connections per host, not the proxy's own connections to it.
	const tunnelIds = new WeakMap<Socket, string>();
	const proxyId = randomBytes(4).toString('hex');
	let tunnels = 0;

	// The decrypted side: an HTTP server that is never listening, fed the TLS sockets of the tunnels.
	const inner = http.createServer((req, res) => {
		const headers = [...forwardedHeaders(req.rawHeaders), CONNECTION_HEADER, tunnelIds.get(req.socket) ?? 'unknown'];
		const upstream = http.request(
			{hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, setHost: false},
			(answer) => {
				log(`${req.method} https://${req.headers.host ?? '?'}${req.url ?? ''} -> ${answer.statusCode}`);
				res.writeHead(answer.statusCode ?? 502, answer.statusMessage, forwardedHeaders(answer.rawHeaders));
				// Flush each chunk as it comes: Codex reads the Responses API as server-sent events.
				answer.on('data', (chunk: Buffer) => res.write(chunk));
				answer.on('end', () => res.end());
				answer.on('error', () => res.destroy());
			},
		);
		upstream.on('error', (error) => {
			log(`${req.method} https://${req.headers.host ?? '?'}${req.url ?? ''} -> upstream error: ${error.message}`);
			if (!res.headersSent) res.writeHead(502, {'content-type': 'text/plain'});
			res.end(`[tls-proxy] the simulated AWS did not answer: ${error.message}\n`);
		});
		req.pipe(upstream);
	});
	inner.on('connection', track);
	inner.on('clientError', (_error, socket: Socket) => socket.destroy());

	const outer = http.createServer((req, res) => {
		// Absolute-form requests (HTTP_PROXY for http:// URLs) are never forwarded.
		refused.push(req.url ?? '');
		log(`refused plain-HTTP proxy request ${req.method} ${req.url}`);
		res.writeHead(403, {'content-type': 'text/plain', connection: 'close'});
		res.end('[tls-proxy] only CONNECT to the simulated AWS hosts is allowed\n');
	});
	outer.on('connection', (socket: Socket) => {
		track(socket);
		socket.on('error', () => socket.destroy());
	});
	outer.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
		const authority = req.url ?? '';
		// A client that hangs up on a refusal (git does) resets the socket: nothing to report.
		client.on('error', () => client.destroy());
		const parsed = splitHostPort(authority);
		if (!parsed || !accept(parsed.host, parsed.port)) {
			refused.push(authority);
			log(`refused CONNECT ${authority}`);
			client.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n[tls-proxy] not a simulated AWS host\n');
			return;
		}
		intercepted.push(authority);
		log(`intercepting CONNECT ${authority}`);
		client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length > 0) client.unshift(head);
		// HTTP/1.1 only: the inner server is node:http, and a client that offers h2 falls back to it.
		const secure = new tls.TLSSocket(client, {isServer: true, secureContext, ALPNProtocols: ['http/1.1']});
		secure.on('error', (error) => {
			log(`TLS with the client failed for ${authority}: ${error.message}`);
			secure.destroy();
		});
		tunnelIds.set(secure, `${proxyId}-${++tunnels}`);
		inner.emit('connection', secure);
	});

	await new Promise<void>((resolve, reject) => {
		outer.once('error', reject);
		outer.listen(0, '127.0.0.1', () => resolve());
	});
	const {port} = outer.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		intercepted,
		refused,
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => outer.close(() => resolve()));
			inner.close();
		},
	};
}
