// Control-flow signals and the conversion of any thrown error into a typed, redacted StepFailure.
import {redact} from './redact.js';
import type {StepFailure} from './types.js';

/** The user pressed Esc: go back one step. */
export class BackSignal extends Error {
	constructor() {
		super('back');
		this.name = 'BackSignal';
	}
}

/** The user pressed Ctrl-C (or the process got SIGINT/SIGTERM): stop, write nothing more, exit 130. */
export class CancelledError extends Error {
	constructor(message = 'Cancelled.') {
		super(message);
		this.name = 'CancelledError';
	}
}

/**
 * A mistake in how the tool was called (unknown flag, missing answer under --yes, no TTY): exit 2
 * with this message and no stack trace.
 */
export class UsageError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UsageError';
	}
}

/** A failure a step raises on purpose, already typed. */
export class StepError extends Error {
	readonly failure: StepFailure;
	constructor(failure: StepFailure) {
		super(failure.message);
		this.name = 'StepError';
		this.failure = failure;
	}
}

interface ErrorLike {
	name?: unknown;
	message?: unknown;
	code?: unknown;
	error?: unknown;
	error_description?: unknown;
	cause?: unknown;
	$metadata?: {httpStatusCode?: unknown; requestId?: unknown};
}

const NODE_CODES = new Set([
	'ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
	'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID',
	'EACCES', 'EPERM', 'ENOENT', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENOSPC',
]);

/** Walk `cause` chains (fetch wraps socket errors) to find a Node error code. */
function findNodeCode(error: unknown, depth = 0): string | undefined {
	if (!error || typeof error !== 'object' || depth > 5) return undefined;
	const candidate = error as ErrorLike;
	if (typeof candidate.code === 'string' && NODE_CODES.has(candidate.code)) return candidate.code;
	return findNodeCode(candidate.cause, depth + 1) ?? codeInMessage(candidate.message);
}

/**
 * Some wrappers keep only the text of a socket error: the SDK's SSO credential provider turns
 * "getaddrinfo ENOTFOUND portal.sso.us-east-1.amazonaws.com" into a CredentialsProviderError message.
 */
function codeInMessage(message: unknown): string | undefined {
	if (typeof message !== 'string') return undefined;
	const match = /\b(getaddrinfo |connect |read |write )?(E[A-Z_]+|[A-Z_]+_CERT[A-Z_]*|DEPTH_ZERO_SELF_SIGNED_CERT)\b/.exec(message);
	return match && NODE_CODES.has(match[2]!) ? match[2] : undefined;
}

function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/**
 * A body that is not an AWS answer (an HTML block page with 200, binary garbage, JSON cut off): the SDK's
 * parser throws a SyntaxError that quotes the bytes and says "inspect the hidden field {error}.$response".
 * Said in our words instead, with nothing the server sent (it may hold escape sequences).
 */
export function badResponse(error: unknown): StepFailure | undefined {
	const e = error as ErrorLike & {$response?: {headers?: Record<string, string>}};
	const message = typeof e?.message === 'string' ? e.message : '';
	if (!/Deserialization error|inspect the hidden field/.test(message) && !(e?.name === 'SyntaxError' && e.$metadata)) return undefined;
	const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
	const type = e.$response?.headers?.['content-type'] ?? '';
	const what = /html/i.test(type) || /token '<'/.test(message) ? 'a web page (HTML)' : /Unterminated|Unexpected end|end of (JSON )?input|Expected .* after/i.test(message) ? 'a response cut off before its end' : 'bytes that are not an AWS response';
	return {
		code: 'network.bad-response',
		message: `AWS's answer could not be read: it was ${what}${status ? ` with HTTP status ${status}` : ''}. Something between this machine and AWS (a proxy, firewall or captive portal) may have answered instead.`,
		...(status !== undefined ? {httpStatus: status} : {}),
	};
}

/** Turn anything thrown into a typed, one-line, redacted failure. */
export function toFailure(error: unknown): StepFailure {
	if (error instanceof StepError) return error.failure;
	const bad = badResponse(error);
	if (bad) return bad;
	const e = (error && typeof error === 'object' ? error : {message: String(error)}) as ErrorLike;
	const name = typeof e.name === 'string' ? e.name : 'Error';
	const rawMessage = typeof e.message === 'string' && e.message ? e.message : name;
	const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
	const requestId = typeof e.$metadata?.requestId === 'string' ? e.$metadata.requestId : undefined;
	const oidcError = typeof e.error === 'string' ? e.error : undefined;
	const nodeCode = findNodeCode(error);
	const description = typeof e.error_description === 'string' ? e.error_description : undefined;
	const message = redact(oneLine(description && rawMessage === 'UnknownError' ? description : rawMessage));

	const failure: StepFailure = {code: 'unknown', message};
	// The SDK attaches $metadata to every error from send(), network errors included: a Node error code
	// with no HTTP answer is a network failure, not an AWS one.
	if (nodeCode && status === undefined) {
		failure.code = `node.${nodeCode}`;
	} else if (e.$metadata && (status !== undefined || name !== 'Error')) {
		failure.code = `aws.${name}`;
		failure.errorName = name;
		if (status !== undefined) failure.httpStatus = status;
		if (requestId) failure.requestId = requestId;
		if (oidcError) failure.oidcError = oidcError;
	} else if (name === 'TimeoutError' || name === 'AbortError') {
		failure.code = `node.${name}`;
	} else if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
		failure.code = `aws.${name}`;
		failure.errorName = name;
	}
	if (nodeCode) failure.nodeCode = nodeCode;
	return failure;
}
