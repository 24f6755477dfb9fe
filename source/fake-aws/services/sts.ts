// STS GetCallerIdentity over awsQuery: a form-encoded POST / with Action and Version, SigV4 signing name
// "sts" in the request's region, answered in XML (shared/reference/sso.md §4). Authentication failures use
// STS's own codes (InvalidClientTokenId, SignatureDoesNotMatch, ExpiredToken, ...), not the JSON types.
import {logCall, queryError, rawFault, querySuccess, xmlEscape} from '../respond.js';
import {requestRegion} from '../server.js';
import {queryAuthError, verifySigV4} from '../sigv4.js';
import type {FakeRequest, Handler} from '../types.js';
import {hang} from './signed.js';

const VERSION = '2011-06-15';

function isQueryRequest(request: FakeRequest): boolean {
	const contentType = String(request.headers['content-type'] ?? '');
	return request.method === 'POST' && request.path === '/' && contentType.startsWith('application/x-www-form-urlencoded');
}

/** The role session's unique id: the role's id (AROA..., fake) and the session name. */
function userId(accountId: string, arn: string): string {
	return `AROAFAKE${accountId}:${arn.split('/').at(-1)}`;
}

export const sts: Handler = (request, world) => {
	if (!isQueryRequest(request)) return undefined;
	const form = new URLSearchParams(request.body.toString('utf8'));
	const action = form.get('Action');
	if (action === null) return undefined;
	// The endpoint's /region/<r> prefix, else the scope's (AWS_ENDPOINT_URL_STS without a prefix).
	const region = requestRegion(request) ?? 'us-east-1';
	const verified = verifySigV4(request, world, {service: 'sts', region});
	if (!verified.ok) {
		const failure = queryAuthError(verified);
		return queryError(world, failure.status, failure.code, failure.message, {operation: action, region});
	}
	const version = form.get('Version');
	if (action !== 'GetCallerIdentity' || version !== VERSION) {
		return queryError(world, 400, 'InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`, {operation: action, region});
	}
	const fault = world.takeFault('GetCallerIdentity', region);
	if (fault?.hang) {
		logCall(world, action, region, 0, world.requestId());
		return hang();
	}
	if (fault?.raw) return rawFault(fault);
	if (fault) return queryError(world, fault.status, fault.errorType, fault.message, {operation: action, region});
	const {accountId, arn} = verified.credential;
	return querySuccess(world, action, region, `<Arn>${xmlEscape(arn)}</Arn><UserId>${xmlEscape(userId(accountId, arn))}</UserId><Account>${accountId}</Account>`);
};
