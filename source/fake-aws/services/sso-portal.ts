// The AWS access portal API (portal.sso.<region>.amazonaws.com): ListAccounts, ListAccountRoles,
// GetRoleCredentials, Logout. Authenticated by the x-amz-sso_bearer_token header (an access token from
// CreateToken); errors as the real portal sends them: a "__type" in the body (plus the header).
import {json, jsonError} from '../respond.js';
import {issueCredentials} from '../sigv4.js';
import type {FakeRequest, FakeResponse, FakeWorld, Handler} from '../types.js';

const PORTAL = 'com.amazonaws.switchboard.portal#';

function portalError(world: FakeWorld, operation: string, region: string, status: number, type: string, message: string): FakeResponse {
	return jsonError(world, status, type, message, {operation, region, extra: {__type: `${PORTAL}${type}`}});
}

/** The caller's access token record, or undefined when missing, unknown, expired or logged out. */
function bearer(request: FakeRequest, world: FakeWorld) {
	const token = request.headers['x-amz-sso_bearer_token'];
	const record = typeof token === 'string' ? world.state.accessTokens.get(token) : undefined;
	return record && record.expiresAt > world.now() ? record : undefined;
}

/** Validate max_result / next_token and cut one page; tokens are opaque offsets. */
function page<T>(world: FakeWorld, items: T[], request: FakeRequest, operation: string, region: string, key: string): FakeResponse {
	const maxRaw = request.query.get('max_result');
	const max = maxRaw === null ? 100 : Number(maxRaw);
	if (!Number.isInteger(max) || max < 1 || max > 100) return portalError(world, operation, region, 400, 'InvalidRequestException', `Invalid max_result: ${maxRaw}`);
	const next = request.query.get('next_token');
	let start = 0;
	if (next !== null) {
		const m = /^page-(\d+)$/.exec(Buffer.from(next, 'base64url').toString('utf8'));
		if (!m || Number(m[1]) > items.length) return portalError(world, operation, region, 400, 'InvalidRequestException', 'Invalid next_token');
		start = Number(m[1]);
	}
	const size = Math.min(max, world.scenario.sso.pageSize);
	const slice = items.slice(start, start + size);
	const end = start + slice.length;
	const body: Record<string, unknown> = {[key]: slice};
	if (end < items.length) body['nextToken'] = Buffer.from(`page-${end}`).toString('base64url');
	return json(world, operation, region, 200, body);
}

export const ssoPortal: Handler = (request, world) => {
	const routes: Record<string, string> = {
		'GET /assignment/accounts': 'ListAccounts',
		'GET /assignment/roles': 'ListAccountRoles',
		'GET /federation/credentials': 'GetRoleCredentials',
		'POST /logout': 'Logout',
	};
	const operation = routes[`${request.method} ${request.path}`];
	if (!operation) return undefined;
	const region = request.endpointRegion ?? world.scenario.sso.region;
	const token = bearer(request, world);
	if (!token || region !== world.scenario.sso.region) {
		return portalError(world, operation, region, 401, 'UnauthorizedException', 'Session token not found or invalid');
	}
	const fault = world.takeFault(operation, region);
	if (fault) return portalError(world, operation, region, fault.status, fault.errorType, fault.message);
	const accounts = world.scenario.sso.accounts;

	if (operation === 'Logout') {
		world.state.accessTokens.delete(token.token);
		return json(world, operation, region, 200, {});
	}
	if (operation === 'ListAccounts') {
		return page(world, accounts.map(({accountId, accountName, emailAddress}) => ({accountId, accountName, emailAddress})), request, operation, region, 'accountList');
	}
	const accountId = request.query.get('account_id') ?? '';
	if (!accountId) return portalError(world, operation, region, 400, 'InvalidRequestException', 'account_id is required');
	const account = accounts.find((a) => a.accountId === accountId);
	if (operation === 'ListAccountRoles') {
		if (!account) return portalError(world, operation, region, 403, 'ForbiddenException', 'No access');
		return page(world, account.roles.map((roleName) => ({roleName, accountId})), request, operation, region, 'roleList');
	}
	const roleName = request.query.get('role_name') ?? '';
	if (!account || !account.roles.includes(roleName)) return portalError(world, operation, region, 403, 'ForbiddenException', 'No access');
	const issued = issueCredentials(world.state, world.now(), {accountId, roleName, ttlSeconds: world.scenario.sso.roleCredentialsTtlSeconds});
	return json(world, operation, region, 200, {
		roleCredentials: {accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken, expiration: issued.expiresAt},
	});
};
