// STS GetCallerIdentity: awsQuery (form-encoded POST /, XML answers), SigV4 service "sts".
import {queryError, querySuccess, xmlEscape} from '../respond.js';
import {requestRegion} from '../server.js';
import {queryErrorCode, verifySigV4} from '../sigv4.js';
import type {Handler} from '../types.js';

export const sts: Handler = (request, world) => {
	if (request.method !== 'POST' || request.path !== '/') return undefined;
	const contentType = String(request.headers['content-type'] ?? '');
	const form = new URLSearchParams(request.body.toString('utf8'));
	if (!contentType.startsWith('application/x-www-form-urlencoded') || !form.has('Action')) return undefined;
	const region = requestRegion(request) ?? 'us-east-1';
	const action = form.get('Action') ?? '';
	const verified = verifySigV4(request, world, {service: 'sts', region});
	if (!verified.ok) return queryError(world, 403, queryErrorCode(verified.kind), verified.message, {operation: action, region});
	if (form.get('Version') !== '2011-06-15') {
		return queryError(world, 400, 'InvalidAction', `Could not find operation ${action} for version ${form.get('Version') ?? 'NO_VERSION_SPECIFIED'}`, {operation: action, region});
	}
	if (action !== 'GetCallerIdentity') {
		return queryError(world, 400, 'InvalidAction', `Could not find operation ${action} for version 2011-06-15`, {operation: action, region});
	}
	const fault = world.takeFault('GetCallerIdentity', region);
	if (fault) return queryError(world, fault.status, fault.errorType, fault.message, {operation: action, region});
	const userId = `AROAFAKE${verified.accountId}:${verified.arn.split('/').at(-1)}`;
	return querySuccess(world, 'GetCallerIdentity', region, `<Arn>${xmlEscape(verified.arn)}</Arn><UserId>${xmlEscape(userId)}</UserId><Account>${verified.accountId}</Account>`);
};
