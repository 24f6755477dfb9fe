// What the signed JSON services (Bedrock control plane, Mantle) share: SigV4 with AWS's error shapes,
// injected faults (including a hang for time-out tests), and the region's fixture.
import {jsonError} from '../respond.js';
import {requestRegion} from '../server.js';
import {jsonErrorType, verifySigV4} from '../sigv4.js';
import type {FakeRequest, FakeResponse, FakeWorld, RegionFixture} from '../types.js';

export type Gate = {region: string; fixture: RegionFixture; accountId: string; response?: undefined} | {response: FakeResponse | Promise<FakeResponse>};

/** A promise that never settles: the server keeps the connection open until the client gives up. */
export function hang(): Promise<FakeResponse> {
	return new Promise<FakeResponse>(() => {});
}

export type ErrorBuilder = (world: FakeWorld, operation: string, region: string, status: number, type: string, message: string) => FakeResponse;

const restJsonError: ErrorBuilder = (world, operation, region, status, type, message) => jsonError(world, status, type, message, {operation, region});

export function gate(request: FakeRequest, world: FakeWorld, operation: string, service: 'bedrock' | 'bedrock-mantle', authStatus: number, error: ErrorBuilder = restJsonError): Gate {
	const region = requestRegion(request) ?? 'us-east-1';
	const verified = verifySigV4(request, world, {service, region});
	if (!verified.ok) {
		const status = verified.kind === 'missing' || verified.kind === 'malformed' ? (service === 'bedrock' ? 403 : 401) : authStatus;
		return {response: error(world, operation, region, status, jsonErrorType(verified.kind), verified.message)};
	}
	const fixture = world.scenario.regions[region];
	if (!fixture) {
		// A region the fake has no catalogue for: real AWS would not resolve the host at all.
		return {response: jsonError(world, 400, 'UnrecognizedClientException', `[fake-aws] no Bedrock in region ${region}`, {operation, region})};
	}
	const fault = world.takeFault(operation, region);
	if (fault) {
		if (fault.hang) return {response: hang()};
		return {response: error(world, operation, region, fault.status, fault.errorType, fault.message)};
	}
	return {region, fixture, accountId: verified.accountId};
}
