// Signed requests to Bedrock Mantle. The AWS SDK has no Mantle client, so requests are signed with
// @smithy/signature-v4 (service "bedrock-mantle", the endpoint's region) exactly as Codex signs them,
// and sent through the same request handler as every other AWS call (proxy, CA bundle, time-outs).
import type {AwsCredentialIdentity} from '@smithy/types';
import type {Context} from '../context.js';

export interface MantleAnswer {
	status: number;
	requestId?: string;
	errorType?: string;
	body: string;
}

/** An error shaped like the SDK's service exceptions, so toFailure() and the rules read it the same way. */
export class MantleError extends Error {
	readonly $metadata: {httpStatusCode: number; requestId?: string};
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
	}
}

export async function mantleRequest(
	ctx: Context,
	options: {region: string; credentials: AwsCredentialIdentity; method: 'GET' | 'POST'; path: string; body?: unknown; timeoutMs?: number; signal?: AbortSignal},
): Promise<MantleAnswer> {
	const [{SignatureV4}, {Sha256}, {HttpRequest}, {createRequestHandler}] = await Promise.all([
		import('@smithy/signature-v4'),
		import('@aws-crypto/sha256-js'),
		import('@smithy/protocol-http'),
		import('../aws/http.js'),
	]);
	const base = new URL(`${ctx.endpoints.mantle(options.region)}/`);
	const url = new URL(options.path.replace(/^\//, ''), base);
	const body = options.body === undefined ? undefined : JSON.stringify(options.body);
	const request = new HttpRequest({
		protocol: url.protocol,
		hostname: url.hostname,
		...(url.port ? {port: Number(url.port)} : {}),
		method: options.method,
		path: url.pathname,
		headers: {host: url.host, accept: 'application/json', ...(body ? {'content-type': 'application/json'} : {})},
		...(body ? {body} : {}),
	});
	const signer = new SignatureV4({credentials: options.credentials, region: options.region, service: 'bedrock-mantle', sha256: Sha256});
	const signed = await signer.sign(request);
	const {handler} = await createRequestHandler(ctx.env, {requestTimeoutMs: options.timeoutMs ?? 30_000});
	try {
		const {response} = await handler.handle(signed as InstanceType<typeof HttpRequest>, {abortSignal: options.signal ?? ctx.signal});
		const chunks: Buffer[] = [];
		for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
		const header = (name: string) => {
			const value = response.headers[name];
			return typeof value === 'string' ? value : undefined;
		};
		const requestId = header('x-amzn-requestid');
		const errorType = header('x-amzn-errortype')?.split(':')[0];
		return {status: response.statusCode, body: Buffer.concat(chunks).toString('utf8'), ...(requestId ? {requestId} : {}), ...(errorType ? {errorType} : {})};
	} finally {
		handler.destroy();
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
