// The simulated AWS's record of every HTTP request (FakeState.requests): host, method, path, how it
// authenticated (SigV4 scope or Bearer, read from the headers), the model a JSON body names, the
// operation a handler answered it as, and the status. Contract tests of the real Codex CLI assert on it:
// what Codex sends is the observation, so it is recorded as received, before any check.
import {AsyncLocalStorage} from 'node:async_hooks';
import {createHash} from 'node:crypto';
import type {FakeRequest, RequestAuth, RequestRecord} from './types.js';

/** The record of the request being handled, so logCall (respond.ts) can name its operation. */
const current = new AsyncLocalStorage<RequestRecord>();

export function runRecorded<T>(record: RequestRecord, work: () => Promise<T>): Promise<T> {
	return current.run(record, work);
}

/** Called by logCall: the operation of the request being handled (the first one logged wins). */
export function noteOperation(operation: string): void {
	const record = current.getStore();
	if (record && record.operation === undefined) record.operation = operation;
}

function header(request: FakeRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** The region inside a Bedrock API key: base64 of a presigned URL whose X-Amz-Credential names it. */
function apiKeyRegion(token: string): string | undefined {
	const m = /^bedrock-api-key-(.+)$/.exec(token);
	if (!m) return undefined;
	const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
	const credential = /X-Amz-Credential=([^&]+)/.exec(decoded)?.[1];
	return credential ? decodeURIComponent(credential).split('/')[2] : undefined;
}

/** A short hash of a bearer token: tells keys apart without keeping them (their tails are all alike). */
export function keyHash(token: string): string {
	return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

export function requestAuth(request: FakeRequest): RequestAuth {
	const authorization = header(request, 'authorization') ?? '';
	const sigv4 = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
	if (sigv4) return {kind: 'sigv4', accessKeyId: sigv4[1]!, region: sigv4[2]!, service: sigv4[3]!};
	const bearer = /^Bearer\s+(\S+)/i.exec(authorization);
	if (bearer) return {kind: 'bearer', keyRegion: apiKeyRegion(bearer[1]!), keyHash: keyHash(bearer[1]!)};
	if (header(request, 'x-amz-sso_bearer_token')) return {kind: 'sso-bearer'};
	return {kind: 'none'};
}

function bodyModel(request: FakeRequest): string | undefined {
	if (!/json/.test(header(request, 'content-type') ?? '') || request.body.length === 0) return undefined;
	try {
		const body = JSON.parse(request.body.toString('utf8')) as unknown;
		const model = (body as {model?: unknown} | null)?.model;
		return typeof model === 'string' ? model : undefined;
	} catch {
		return undefined;
	}
}

export function newRecord(request: FakeRequest, at: number): RequestRecord {
	return {
		host: header(request, 'host') ?? '',
		method: request.method,
		path: request.rawPath,
		query: request.rawQuery,
		auth: requestAuth(request),
		model: bodyModel(request),
		status: 0,
		at,
	};
}
