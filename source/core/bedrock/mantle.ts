// Requests to Bedrock Mantle, and to Bedrock Runtime's OpenAI-compatible endpoint (/openai/v1, which the
// SDK's BedrockRuntime client does not model: `route: 'runtime'`, SigV4 service "bedrock", as Codex's
// amazon-bedrock-runtime provider signs it). The AWS SDK has no Mantle client, so requests are signed with
// @smithy/signature-v4 (service "bedrock-mantle", the endpoint's region) exactly as Codex signs them, or
// carry a Bedrock API key as `Authorization: Bearer` (AWS_BEARER_TOKEN_BEDROCK or a key Codex stored: Codex uses one when its config names no aws.profile), and
// are sent through the same request handler as every other AWS call (proxy, CA bundle, time-outs).
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';
import {registerSecret} from '../redact.js';
import type {Route} from './models.js';

export interface MantleAnswer {
	status: number;
	requestId?: string;
	errorType?: string;
	/** The response's Date header (the server's clock), when it sent one. */
	date?: string;
	body: string;
}

/** An error shaped like the SDK's service exceptions, so toFailure() and the rules read it the same way. */
export class MantleError extends Error {
	readonly $metadata: {httpStatusCode: number; requestId?: string};
	/** The server's clock from the Date header (epoch ms), to measure clock skew. */
	readonly serverTime?: number;
	constructor(answer: MantleAnswer) {
		let message = `HTTP ${answer.status}`;
		try {
			const parsed = JSON.parse(answer.body) as {error?: {message?: string}; message?: string};
			message = parsed.error?.message ?? parsed.message ?? message;
		} catch {
			// not JSON: keep the status line
		}
		super(message);
		this.name = answer.errorType ?? (answer.status === 404 ? 'NotFoundException' : `Http${answer.status}`);
		this.$metadata = {httpStatusCode: answer.status, ...(answer.requestId ? {requestId: answer.requestId} : {})};
		const serverTime = answer.date ? Date.parse(answer.date) : Number.NaN;
		if (!Number.isNaN(serverTime)) this.serverTime = serverTime;
	}
}

/** How a Mantle request authenticates: SigV4 with AWS credentials, or a Bedrock API key. */
export type MantleAuth = {credentials: AwsCredentialIdentity; bearerToken?: undefined} | {bearerToken: string; credentials?: undefined};

export type MantleRequestOptions = MantleAuth & {
	region: string;
	/** Which endpoint: Mantle (default) or Bedrock Runtime's OpenAI-compatible API. */
	route?: Route;
	method: 'GET' | 'POST';
	path: string;
	body?: unknown;
	/** Deadline for the whole exchange, body included (default 30 s). */
	timeoutMs?: number;
	signal?: AbortSignal;
	/** The Accept header (default application/json; text/event-stream for a streamed answer). */
	accept?: string;
};

/** A Mantle answer whose body is still arriving (server-sent events). Call close() when done with it. */
export interface MantleStream {
	status: number;
	requestId?: string;
	errorType?: string;
	date?: string;
	contentType?: string;
	body: AsyncIterable<Buffer>;
	/** Read the rest of the body as text. */
	text(): Promise<string>;
	close(): void;
}

/** The error a Mantle request raises when its deadline passes: named like the SDK's, with Node's code. */
export class MantleTimeoutError extends Error {
	readonly code = 'ETIMEDOUT';
	constructor(
		readonly timeoutMs: number,
		route: Route = 'mantle',
	) {
		super(`Bedrock ${route === 'runtime' ? 'Runtime' : 'Mantle'} did not answer within ${timeoutMs / 1000} s.`);
		this.name = 'TimeoutError';
	}
}

/**
 * Send one request and return as soon as the headers arrive; the body streams. The deadline covers the
 * body too (the request handler's own time-out stops at the headers), and the caller's signal (Ctrl-C)
 * stops it at any point. The signature's date comes from ctx.clock, as every time in a step does.
 */
export async function openMantleRequest(ctx: Context, options: MantleRequestOptions): Promise<MantleStream> {
	const [{SignatureV4}, {Sha256}, {HttpRequest}, {requestHandlerFor}] = await Promise.all([
		import('@smithy/signature-v4'),
		import('@aws-crypto/sha256-js'),
		import('@smithy/protocol-http'),
		import('../aws/http.js'),
	]);
	const timeoutMs = options.timeoutMs ?? 30_000;
	const route = options.route ?? 'mantle';
	const base = new URL(`${route === 'runtime' ? ctx.endpoints.runtime(options.region) : ctx.endpoints.mantle(options.region)}/`);
	const url = new URL(options.path.replace(/^\//, ''), base);
	const body = options.body === undefined ? undefined : JSON.stringify(options.body);
	const headers: Record<string, string> = {host: url.host, accept: options.accept ?? 'application/json', ...(body ? {'content-type': 'application/json'} : {})};
	if (options.bearerToken !== undefined) {
		registerSecret(options.bearerToken);
		headers['authorization'] = `Bearer ${options.bearerToken}`;
	}
	const request = new HttpRequest({
		protocol: url.protocol,
		hostname: url.hostname,
		...(url.port ? {port: Number(url.port)} : {}),
		method: options.method,
		path: url.pathname,
		headers,
		...(body ? {body} : {}),
	});
	const toSend =
		options.bearerToken !== undefined
			? request
			: await new SignatureV4({credentials: options.credentials, region: options.region, service: route === 'runtime' ? 'bedrock' : 'bedrock-mantle', sha256: Sha256}).sign(request, {signingDate: new Date(ctx.clock.now())});

	const deadline = new AbortController();
	const timeout = new MantleTimeoutError(timeoutMs, route);
	// A plain timer, not ctx.clock: a deadline raced against I/O must not fire at once under a test clock.
	const timer = setTimeout(() => deadline.abort(timeout), timeoutMs);
	const outer = options.signal ?? ctx.signal;
	const signal = AbortSignal.any([outer, deadline.signal]);
	// The handler's own time-out (headers only) is a backstop a little later than ours, so ours decides.
	// The run's connection to this region's Mantle or Runtime host (kept alive between requests).
	const handler = await requestHandlerFor(ctx, route === 'runtime' ? 'bedrock-runtime' : 'bedrock-mantle', options.region, {requestTimeoutMs: timeoutMs + 1000});
	let detach = () => {};
	const close = () => {
		clearTimeout(timer);
		detach();
		handler.destroy();
	};
	/** Our deadline is reported as a time-out; the caller's abort as itself. */
	const rethrow = (error: unknown): never => {
		if (deadline.signal.aborted && !outer.aborted) throw timeout;
		throw error;
	};
	try {
		const {response} = await handler.handle(toSend as InstanceType<typeof HttpRequest>, {abortSignal: signal}).catch(rethrow);
		const stream = response.body as NodeJS.ReadableStream & AsyncIterable<Buffer> & {destroy(error?: Error): void};
		const onAbort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
		signal.addEventListener('abort', onAbort, {once: true});
		detach = () => signal.removeEventListener('abort', onAbort);
		const header = (name: string) => {
			const value = response.headers[name];
			return typeof value === 'string' ? value : undefined;
		};
		const requestId = header('x-amzn-requestid') ?? header('x-request-id');
		const errorType = header('x-amzn-errortype')?.split(':')[0];
		const date = header('date');
		const contentType = header('content-type');
		async function* chunks(): AsyncIterable<Buffer> {
			try {
				for await (const chunk of stream) yield Buffer.from(chunk);
			} catch (error) {
				rethrow(error);
			} finally {
				detach();
			}
		}
		const iterable = chunks();
		return {
			status: response.statusCode,
			...(requestId ? {requestId} : {}),
			...(errorType ? {errorType} : {}),
			...(date ? {date} : {}),
			...(contentType ? {contentType} : {}),
			body: iterable,
			async text() {
				const parts: Buffer[] = [];
				for await (const chunk of iterable) parts.push(chunk);
				return Buffer.concat(parts).toString('utf8');
			},
			close,
		};
	} catch (error) {
		close();
		throw error;
	}
}

/** One request, the whole body read. */
export async function mantleRequest(ctx: Context, options: MantleRequestOptions): Promise<MantleAnswer> {
	const answer = await openMantleRequest(ctx, options);
	try {
		const body = await answer.text();
		return {
			status: answer.status,
			body,
			...(answer.requestId ? {requestId: answer.requestId} : {}),
			...(answer.errorType ? {errorType: answer.errorType} : {}),
			...(answer.date ? {date: answer.date} : {}),
		};
	} finally {
		answer.close();
	}
}

/** The model IDs Mantle lists in a region: /v1 (gpt-oss and open models) and /openai/v1 (GPT-5.x). */
export async function listMantleModels(ctx: Context, region: string, credentials: AwsCredentialIdentity, timeoutMs?: number, signal?: AbortSignal): Promise<Array<{id: string; route: '/v1' | '/openai/v1'}>> {
	const routes = ['/v1', '/openai/v1'] as const;
	const answers = await Promise.all(
		routes.map((route) => mantleRequest(ctx, {region, credentials, method: 'GET', path: `${route}/models`, ...(timeoutMs ? {timeoutMs} : {}), ...(signal ? {signal} : {})})),
	);
	const models: Array<{id: string; route: '/v1' | '/openai/v1'}> = [];
	answers.forEach((answer, i) => {
		if (answer.status !== 200) throw new MantleError(answer);
		const list = JSON.parse(answer.body) as {data?: Array<{id?: string}>};
		for (const m of list.data ?? []) if (m.id) models.push({id: m.id, route: routes[i]!});
	});
	return models;
}
