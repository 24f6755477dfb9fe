// STS GetCallerIdentity over awsQuery: a form-encoded POST / with Action and Version, SigV4 signing name
// "sts" in the request's region, answered in XML (shared/reference/sso.md §4). Authentication failures use
// STS's own codes (InvalidClientTokenId, SignatureDoesNotMatch, ExpiredToken, ...), not the JSON types.
import {logCall, queryError, rawFault, querySuccess, xmlEscape} from '../respond.js';
import {requestRegion} from '../server.js';
import {queryAuthError, verifySigV4} from '../sigv4.js';
import type {FakeRequest, Handler} from '../types.js';
import {hang} from './signed.js';
import {issueCredentials} from '../credentials.js';
import type {FakeWorld} from '../types.js';

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
	if (action === 'AssumeRole' && version === VERSION) return assumeRole(form, world, region, verified.credential);
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

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/**
 * STS AssumeRole (role chains: a profile with role_arn and source_profile). The role must be one the
 * scenario's accounts have, the caller any credentials the fake issued; the session name is required
 * (2-64 characters of [\w+=,.@-]) and DurationSeconds 900-43200, as STS documents.
 */
function assumeRole(form: URLSearchParams, world: FakeWorld, region: string, caller: {accountId: string}) {
	const roleArn = form.get('RoleArn') ?? '';
	const sessionName = form.get('RoleSessionName') ?? '';
	const fault = world.takeFault('AssumeRole', region);
	if (fault) return queryError(world, fault.status, fault.errorType, fault.message, {operation: 'AssumeRole', region});
	if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) return queryError(world, 400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`, {operation: 'AssumeRole', region});
	const duration = Number(form.get('DurationSeconds') ?? 3600);
	if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) return queryError(world, 400, 'ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, {operation: 'AssumeRole', region});
	const match = ROLE_ARN.exec(roleArn);
	const account = match ? world.scenario.sso.accounts.find((a) => a.accountId === match[1]) : undefined;
	if (!match || !account || !account.roles.includes(match[2]!)) {
		return queryError(world, 403, 'AccessDenied', `User: arn:aws:sts::${caller.accountId}:assumed-role/caller is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, {operation: 'AssumeRole', region});
	}
	const roleName = match[2]!;
	const arn = `arn:aws:sts::${account.accountId}:assumed-role/${roleName}/${sessionName}`;
	const issued = issueCredentials(world.state, world.now(), {accountId: account.accountId, roleName, ttlSeconds: duration, arn});
	const expiration = new Date(issued.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
	return querySuccess(
		world,
		'AssumeRole',
		region,
		`<Credentials><AccessKeyId>${issued.accessKeyId}</AccessKeyId><SecretAccessKey>${xmlEscape(issued.secretAccessKey)}</SecretAccessKey><SessionToken>${xmlEscape(issued.sessionToken)}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
			`<AssumedRoleUser><AssumedRoleId>AROAFAKE${account.accountId}:${xmlEscape(sessionName)}</AssumedRoleId><Arn>${xmlEscape(arn)}</Arn></AssumedRoleUser>`,
	);
}
