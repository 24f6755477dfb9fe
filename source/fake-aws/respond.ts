// Response builders that reproduce how AWS shapes errors on each protocol, so the real SDK clients
// parse them into their own exception classes (name, $metadata.httpStatusCode, requestId, message).
import {noteOperation} from './request-log.js';
import type {FakeResponse, FakeWorld} from './types.js';

/** Record a request in the state log (tests assert on it). */
export function logCall(world: FakeWorld, operation: string, region: string | undefined, status: number, requestId: string): void {
	world.state.log.push({operation, region, status, requestId});
	noteOperation(operation);
}

/** restJson1 success. */
export function json(world: FakeWorld, operation: string, region: string | undefined, status: number, body: unknown): FakeResponse {
	const requestId = world.requestId();
	logCall(world, operation, region, status, requestId);
	return {
		status,
		headers: {'content-type': 'application/json', 'x-amzn-requestid': requestId},
		body: JSON.stringify(body),
	};
}

/**
 * restJson1 error: the type travels in x-amzn-errortype (the SDK reads the header first), the body has
 * "message". `extra` adds fields such as OIDC's error / error_description.
 */
export function jsonError(
	world: FakeWorld,
	status: number,
	errorType: string,
	message: string,
	options: {operation?: string; region?: string | undefined; extra?: Record<string, unknown>; typeSuffix?: string; omitMessage?: boolean} = {},
): FakeResponse {
	const requestId = world.requestId();
	logCall(world, options.operation ?? 'Unknown', options.region, status, requestId);
	return {
		status,
		headers: {
			'content-type': 'application/json',
			'x-amzn-errortype': `${errorType}${options.typeSuffix ?? ''}`,
			'x-amzn-requestid': requestId,
		},
		body: JSON.stringify(options.omitMessage ? {...options.extra} : {message, ...options.extra}),
	};
}

function xmlEscape(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** awsQuery (STS) error document. */
export function queryError(
	world: FakeWorld,
	status: number,
	code: string,
	message: string,
	options: {operation?: string; region?: string | undefined; type?: 'Sender' | 'Receiver'} = {},
): FakeResponse {
	const requestId = world.requestId();
	logCall(world, options.operation ?? 'Unknown', options.region, status, requestId);
	return {
		status,
		headers: {'content-type': 'text/xml', 'x-amzn-requestid': requestId},
		body:
			`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${options.type ?? 'Sender'}</Type>` +
			`<Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>` +
			`<RequestId>${requestId}</RequestId></ErrorResponse>`,
	};
}

/** awsQuery (STS) success document. */
export function querySuccess(world: FakeWorld, operation: string, region: string | undefined, resultXml: string): FakeResponse {
	const requestId = world.requestId();
	logCall(world, operation, region, 200, requestId);
	return {
		status: 200,
		headers: {'content-type': 'text/xml', 'x-amzn-requestid': requestId},
		body:
			`<${operation}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${operation}Result>${resultXml}</${operation}Result>` +
			`<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
	};
}

export {xmlEscape};

/** A fault's raw body, answered as it is (no AWS headers, no request id): see Fault.raw. */
export function rawFault(fault: import('./types.js').Fault): import('./types.js').FakeResponse {
	const raw = fault.raw!;
	return {status: fault.status, headers: {'content-type': raw.contentType}, body: raw.encoding === 'base64' ? Buffer.from(raw.body, 'base64') : raw.body};
}
