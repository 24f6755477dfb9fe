// What the signed JSON services (the Bedrock control plane and Mantle) share before they look at the
// request itself: does the endpoint exist in that region, is the request authenticated (SigV4, or a
// Bedrock API key where the service takes one), and is a fault injected for this operation.
import {logCall, rawFault} from '../respond.js';
import {requestRegion} from '../server.js';
import {bearerKeyRegion, hasBearer, verifyBearer, verifySigV4} from '../sigv4.js';
import type {FakeRequest, FakeResponse, FakeWorld, RegionFixture} from '../types.js';

/** Shapes one error response in the service's own format (and logs it). */
export type ErrorBuilder = (world: FakeWorld, operation: string, region: string | undefined, status: number, type: string, message: string) => FakeResponse;

export interface SignedService {
	/** SigV4 signing name, e.g. "bedrock". */
	signingName: string;
	/** The real host name in a region, for the message when the endpoint does not exist. */
	host(region: string): string;
	/** Whether the service's endpoint exists in a region the scenario knows. */
	servedIn(fixture: RegionFixture): boolean;
	error: ErrorBuilder;
	/** The error type answered when the endpoint does not exist (see `unreachable`). */
	unreachableType: string;
	/** HTTP status of every authentication failure; absent: AWS's per-failure status (403, or 400 for a malformed header). */
	authStatus?: number;
	/** Whether Bedrock API keys (`Authorization: Bearer`) are accepted. */
	acceptsApiKeys?: boolean;
}

export interface Caller {
	accountId: string;
	arn: string;
}

export type Gate = {region: string; fixture: RegionFixture; caller: Caller; response?: undefined} | {response: FakeResponse | Promise<FakeResponse>};

/**
 * A response that never comes, for time-out tests. Nothing holds the connection but the client: when it
 * gives up, or when close() destroys the server's sockets, the pending request is simply dropped (the
 * promise has no timer or listener, so it keeps nothing alive).
 */
export function hang(): Promise<FakeResponse> {
	return new Promise<FakeResponse>(() => {});
}

/**
 * In reality a request for a region without this endpoint never arrives: the host name does not resolve
 * (bedrock-mantle.us-west-1.api.aws is NXDOMAIN, lace#355). A fake on 127.0.0.1 cannot fail DNS, so it
 * answers 404 with a message that says what really happens; no real AWS error is imitated here.
 */
function unreachable(world: FakeWorld, operation: string, region: string, service: SignedService): FakeResponse {
	const message = `[fake-aws] ${service.host(region)} does not exist in scenario "${world.scenario.name}": real AWS would fail the DNS lookup (ENOTFOUND) before any HTTP request.`;
	return service.error(world, operation, region, 404, service.unreachableType, message);
}

function authenticate(request: FakeRequest, world: FakeWorld, region: string, service: SignedService, apiKey: boolean): {caller: Caller} | {status: number; type: string; message: string} {
	const result = apiKey ? verifyBearer(request, world, {region}) : verifySigV4(request, world, {service: service.signingName, region});
	if (!result.ok) return {status: service.authStatus ?? result.status, type: result.errorType, message: result.message};
	const identity = 'key' in result ? result.key : result.credential;
	return {caller: {accountId: identity.accountId, arn: identity.arn}};
}

/**
 * Endpoint, then authentication, then injected faults: the order a real request meets them. The region is
 * the endpoint's /region/<r> prefix, else the credential scope's (AWS_ENDPOINT_URL_* without a prefix), else
 * the region an API key was issued for.
 */
export function gate(request: FakeRequest, world: FakeWorld, operation: string, service: SignedService): Gate {
	const apiKey = service.acceptsApiKeys === true && hasBearer(request);
	const region = requestRegion(request) ?? (apiKey ? bearerKeyRegion(request, world) : undefined);
	const fixture = region ? world.scenario.regions[region] : undefined;
	if (region && (!fixture || !service.servedIn(fixture))) return {response: unreachable(world, operation, region, service)};
	// Without a region there is no signature either (the scope carries it): authentication refuses it.
	const verified = authenticate(request, world, region ?? '', service, apiKey);
	if ('status' in verified) return {response: service.error(world, operation, region, verified.status, verified.type, verified.message)};
	const fault = world.takeFault(operation, region);
	if (fault?.hang) {
		logCall(world, operation, region, 0, world.requestId());
		return {response: hang()};
	}
	if (fault?.raw) return {response: rawFault(fault)};
	if (fault) return {response: service.error(world, operation, region, fault.status, fault.errorType, fault.message)};
	return {region: region!, fixture: fixture!, caller: verified.caller};
}
