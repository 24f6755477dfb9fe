// The AWS access portal API (portal.sso.<region>.amazonaws.com): ListAccounts, ListAccountRoles,
// GetRoleCredentials and Logout. Unsigned restJson1; the caller is the access token from SSO OIDC
// CreateToken in the x-amz-sso_bearer_token header. Errors carry a "__type" in the body as the real
// portal sends them (shared/reference/sso.md section 4), plus x-amzn-errortype.
//
// Tokens are regional: the portal of another region does not know them (which is why a wrong
// sso_region ends in "UnauthorizedException: Session token not found or invalid", aws-sdk-js-v3 #6864).
import {randomBytes} from 'node:crypto';
import {json, jsonError, rawFault} from '../respond.js';
import {issueCredentials} from '../sigv4.js';
import type {AccountFixture, Fault, FakeRequest, FakeResponse, FakeState, FakeWorld, Handler} from '../types.js';

const TYPE_PREFIX = 'com.amazonaws.switchboard.portal#';
/**
 * Page size when the caller sends no max_result: 20, the size of the first page that tools which did
 * not paginate kept showing (Noovolari/leapp #57, aws/aws-tools-for-powershell #401).
 */
const DEFAULT_MAX_RESULT = 20;

type Session = FakeState['accessTokens'] extends Map<string, infer T> ? T : never;

const ROUTES: Record<string, string> = {
	'GET /assignment/accounts': 'ListAccounts',
	'GET /assignment/roles': 'ListAccountRoles',
	'GET /federation/credentials': 'GetRoleCredentials',
	'POST /logout': 'Logout',
};

class PortalFailure extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
	) {
		super(message);
	}
}

function fail(status: number, type: string, message: string): never {
	throw new PortalFailure(status, type, message);
}

function portalError(world: FakeWorld, operation: string, region: string, status: number, type: string, message: string, extra: Record<string, unknown> = {}): FakeResponse {
	return jsonError(world, status, type, message, {operation, region, extra: {__type: `${TYPE_PREFIX}${type}`, ...extra}});
}

function faultResponse(world: FakeWorld, operation: string, region: string, fault: Fault): FakeResponse | Promise<FakeResponse> {
	if (fault.hang) return new Promise<FakeResponse>(() => {});
	if (fault.raw) return rawFault(fault);
	return portalError(world, operation, region, fault.status, fault.errorType, fault.message, fault.extraBody);
}

/** The caller's session: a known, unexpired access token issued in this region. */
function session(request: FakeRequest, world: FakeWorld, region: string): Session {
	const header = request.headers['x-amz-sso_bearer_token'];
	const token = typeof header === 'string' ? world.state.accessTokens.get(header) : undefined;
	// The body AWS sends, word for word (61418/aws-sso-util #74).
	if (!token || (token.region ?? world.scenario.sso.region) !== region || token.expiresAt <= world.now()) fail(401, 'UnauthorizedException', 'Session token not found or invalid');
	return token;
}

// ---------------------------------------------------------------------------------------------------
// Paging. Next tokens are opaque random strings remembered per simulated AWS, each valid only for the
// listing it came from, so a client that reuses or invents one is refused.

interface Cursor {
	operation: string;
	accountId?: string | undefined;
	offset: number;
}

const cursors = new WeakMap<FakeState, Map<string, Cursor>>();

function cursorsOf(state: FakeState): Map<string, Cursor> {
	let map = cursors.get(state);
	if (!map) cursors.set(state, (map = new Map()));
	return map;
}

/** max_result as the portal validates it (message from synfinatic/aws-sso-cli #1342, 2026). */
function maxResult(query: URLSearchParams): number {
	const raw = query.get('max_result');
	if (raw === null) return DEFAULT_MAX_RESULT;
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || value < 1 || value > 100) fail(400, 'InvalidRequestException', 'ResultSize parameter must be within the valid limits of: 1-100');
	return value;
}

function startOffset(world: FakeWorld, query: URLSearchParams, listing: Omit<Cursor, 'offset'>): number {
	const token = query.get('next_token');
	if (token === null) return 0;
	const cursor = cursorsOf(world.state).get(token);
	if (!cursor || cursor.operation !== listing.operation || cursor.accountId !== listing.accountId) fail(400, 'InvalidRequestException', 'Invalid next token');
	return cursor.offset;
}

/** One page: min(max_result, the scenario's page size) items, and a next token when more remain. */
function page<T>(world: FakeWorld, query: URLSearchParams, items: T[], listing: Omit<Cursor, 'offset'>, key: string): Record<string, unknown> {
	const size = Math.min(maxResult(query), world.scenario.sso.pageSize);
	const start = startOffset(world, query, listing);
	const end = Math.min(start + size, items.length);
	const body: Record<string, unknown> = {[key]: items.slice(start, end)};
	if (end < items.length) {
		const token = randomBytes(24).toString('base64url');
		cursorsOf(world.state).set(token, {...listing, offset: end});
		body['nextToken'] = token;
	}
	return body;
}

// ---------------------------------------------------------------------------------------------------
// Operations

function requiredQuery(query: URLSearchParams, name: string): string {
	return query.get(name) || fail(400, 'InvalidRequestException', `${name} is required`);
}

/**
 * The account, if assigned to the user. Otherwise 403 ForbiddenException "No access": what
 * GetRoleCredentials answers for a role the user does not have (reported in
 * ministryofjustice/modernisation-platform #10161 and aws-root-account #581). The fake answers
 * ListAccountRoles for an unassigned account the same way [inferred: no capture found].
 */
function assignedAccount(world: FakeWorld, accountId: string): AccountFixture {
	return world.scenario.sso.accounts.find((account) => account.accountId === accountId) ?? fail(403, 'ForbiddenException', 'No access');
}

function listAccounts(request: FakeRequest, world: FakeWorld) {
	const accounts = world.scenario.sso.accounts.map(({accountId, accountName, emailAddress}) => ({accountId, accountName, emailAddress}));
	return page(world, request.query, accounts, {operation: 'ListAccounts'}, 'accountList');
}

function listAccountRoles(request: FakeRequest, world: FakeWorld) {
	const accountId = requiredQuery(request.query, 'account_id');
	const account = assignedAccount(world, accountId);
	const roles = account.roles.map((roleName) => ({roleName, accountId}));
	return page(world, request.query, roles, {operation: 'ListAccountRoles', accountId}, 'roleList');
}

function getRoleCredentials(request: FakeRequest, world: FakeWorld) {
	const accountId = requiredQuery(request.query, 'account_id');
	const roleName = requiredQuery(request.query, 'role_name');
	const account = assignedAccount(world, accountId);
	if (!account.roles.includes(roleName)) fail(403, 'ForbiddenException', 'No access');
	const issued = issueCredentials(world.state, world.now(), {accountId, roleName, ttlSeconds: world.scenario.sso.roleCredentialsTtlSeconds});
	// expiration is epoch MILLISECONDS here (unlike STS), sso.md section 4.
	return {roleCredentials: {accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken, expiration: issued.expiresAt}};
}

/** Ends the sign-in session: its access tokens and its refresh tokens all stop working. */
function logout(world: FakeWorld, caller: Session) {
	const sameSession = (entry: {sessionId?: string | undefined; token: string}) => (caller.sessionId ? entry.sessionId === caller.sessionId : entry.token === caller.token);
	for (const [key, entry] of world.state.accessTokens) if (sameSession(entry)) world.state.accessTokens.delete(key);
	for (const [key, entry] of world.state.refreshTokens) if (sameSession(entry)) world.state.refreshTokens.delete(key);
	return {};
}

export const ssoPortal: Handler = (request, world) => {
	const operation = ROUTES[`${request.method} ${request.path}`];
	if (!operation) return undefined;
	const region = request.endpointRegion ?? world.scenario.sso.region;
	const fault = world.takeFault(operation, region);
	if (fault) return faultResponse(world, operation, region, fault);
	try {
		const caller = session(request, world, region);
		if (operation === 'ListAccounts') return json(world, operation, region, 200, listAccounts(request, world));
		if (operation === 'ListAccountRoles') return json(world, operation, region, 200, listAccountRoles(request, world));
		if (operation === 'GetRoleCredentials') return json(world, operation, region, 200, getRoleCredentials(request, world));
		return json(world, operation, region, 200, logout(world, caller));
	} catch (error) {
		if (error instanceof PortalFailure) return portalError(world, operation, region, error.status, error.type, error.message);
		throw error;
	}
};
