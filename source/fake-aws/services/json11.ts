// What the awsJson1_1 services of the simulated AWS share (Budgets, CloudTrail, IAM Identity Center admin):
// `POST /` with `X-Amz-Target: <prefix>.<Operation>` and `Content-Type: application/x-amz-json-1.1`, SigV4
// with the service's signing name, then IAM (iam.ts), then injected faults. Errors carry the type in the
// body's `__type` and in x-amzn-errortype, with `message`: the SDK reads either. The protocols, target
// prefixes and signing names are the service models' (test/fake-aws/team-services.test.ts reads them from
// the SDK clients and botocore).
import {authorize, deniedMessage} from '../iam.js';
import {logCall} from '../respond.js';
import {requestRegion} from '../server.js';
import {verifySigV4} from '../sigv4.js';
import type {FakeRequest, FakeResponse, FakeWorld, Handler} from '../types.js';
import type {Caller} from './signed.js';
import {hang} from './signed.js';

export class Json11Error extends Error {
	constructor(
		readonly status: number,
		readonly type: string,
		message: string,
	) {
		super(message);
	}
}

export interface OperationContext {
	world: FakeWorld;
	region: string;
	caller: Caller;
}

export type Json11Operation = (input: Record<string, unknown>, context: OperationContext) => unknown;

export interface Json11Service {
	/** Every X-Amz-Target prefix the service accepts (the SDK for JavaScript and botocore may differ). */
	targetPrefixes: readonly string[];
	signingName: string;
	/** A global service signs for one region (Budgets: us-east-1) whatever the endpoint. */
	fixedRegion?: string;
	operations: Record<string, Json11Operation>;
}

function reply(world: FakeWorld, operation: string, region: string | undefined, status: number, body: unknown): FakeResponse {
	const requestId = world.requestId();
	logCall(world, operation, region, status, requestId);
	return {status, headers: {'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId}, body: JSON.stringify(body)};
}

export function json11Error(world: FakeWorld, operation: string, region: string | undefined, status: number, type: string, message: string): FakeResponse {
	const response = reply(world, operation, region, status, {__type: type, message});
	response.headers!['x-amzn-errortype'] = type;
	return response;
}

export function json11(service: Json11Service): Handler {
	return (request: FakeRequest, world: FakeWorld) => {
		const target = String(request.headers['x-amz-target'] ?? '');
		const prefix = service.targetPrefixes.find((p) => target.startsWith(`${p}.`));
		if (request.method !== 'POST' || request.path !== '/' || !prefix) return undefined;
		const operation = target.slice(prefix.length + 1);
		const region = service.fixedRegion ?? requestRegion(request) ?? '';
		if (!String(request.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
			return json11Error(world, operation, region, 400, 'SerializationException', `[fake-aws] ${target} needs Content-Type: application/x-amz-json-1.1`);
		}
		const verified = verifySigV4(request, world, {service: service.signingName, region});
		if (!verified.ok) return json11Error(world, operation, region, verified.status, verified.errorType, verified.message);
		const handler = service.operations[operation];
		if (!handler) return json11Error(world, operation, region, 400, 'UnknownOperationException', `[fake-aws] ${target} is not simulated`);
		const caller: Caller = {accountId: verified.credential.accountId, arn: verified.credential.arn, roleName: verified.credential.roleName};
		const decision = authorize(world, caller, operation, region);
		if (!decision.allowed) return json11Error(world, operation, region, 400, 'AccessDeniedException', deniedMessage(caller.arn, decision));
		const fault = world.takeFault(operation, region);
		if (fault?.hang) {
			logCall(world, operation, region, 0, world.requestId());
			return hang();
		}
		if (fault) return json11Error(world, operation, region, fault.status, fault.errorType, fault.message);
		let input: Record<string, unknown>;
		try {
			input = JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
		} catch {
			return json11Error(world, operation, region, 400, 'SerializationException', 'Start of structure or map found where not expected.');
		}
		try {
			return reply(world, operation, region, 200, handler(input, {world, region, caller}) ?? {});
		} catch (error) {
			if (error instanceof Json11Error) return json11Error(world, operation, region, error.status, error.type, error.message);
			throw error;
		}
	};
}

/** A missing required member, in AWS's validation wording. */
export function required(input: Record<string, unknown>, ...names: string[]): void {
	const missing = names.filter((n) => input[n] === undefined || input[n] === null || input[n] === '');
	if (missing.length) {
		throw new Json11Error(400, 'ValidationException', `${missing.length} validation error${missing.length === 1 ? '' : 's'} detected: ${missing.map((n) => `Value null at '${n[0]!.toLowerCase()}${n.slice(1)}' failed to satisfy constraint: Member must not be null`).join('; ')}`);
	}
}

/** The team fixture, or an error: a scenario without one has nothing of the lead's set up. */
export function teamOf(world: FakeWorld) {
	world.scenario.team ??= {budgets: [], trails: [], invocationLogging: {}, identityCenter: {InstanceArn: '', IdentityStoreId: '', permissionSets: []}};
	return world.scenario.team;
}
