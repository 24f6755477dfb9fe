// STS GetCallerIdentity through the real STSClient (awsQuery: form POST, XML answers), and every way a
// signature can be refused, each parsed by the SDK into AWS's own error code.
import {GetCallerIdentityCommand, STSClient, type STSClientConfig} from '@aws-sdk/client-sts';
import {describe, expect, it} from 'vitest';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {credentialsFor, fakeAws, signRequest} from '../helpers/fake-aws.js';

const ARN = 'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev@example.com';
const FORM = {'content-type': 'application/x-www-form-urlencoded; charset=utf-8'};

function client(fake: FakeAws, config: Partial<STSClientConfig> = {}) {
	return new STSClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), credentials: credentialsFor(fake), maxAttempts: 1, ...config});
}

type SdkError = Error & {$metadata: {httpStatusCode?: number; requestId?: string}};

async function failure(fake: FakeAws, config: Partial<STSClientConfig> = {}): Promise<SdkError> {
	return client(fake, config)
		.send(new GetCallerIdentityCommand({}))
		.then(
			() => expect.fail('the call should have been refused'),
			(error: unknown) => error as SdkError,
		);
}

/** A raw signed POST to STS, for what the SDK cannot be made to send. */
async function post(fake: FakeAws, body: string, options: {service?: string} = {}) {
	const url = `${fake.endpointFor('us-east-1')}/`;
	const response = await fetch(url, await signRequest(url, {method: 'POST', body, headers: FORM, credentials: credentialsFor(fake), region: 'us-east-1', service: options.service ?? 'sts'}));
	return {status: response.status, text: await response.text()};
}

describe('STS GetCallerIdentity through the real STSClient', () => {
	it('names the account and role the credentials were issued for', async () => {
		const fake = await fakeAws();
		const answer = await client(fake, {region: 'eu-west-1', endpoint: fake.endpointFor('eu-west-1')}).send(new GetCallerIdentityCommand({}));
		expect(answer).toMatchObject({Account: '111122223333', Arn: ARN, UserId: 'AROAFAKE111122223333:dev@example.com'});
		expect(answer.$metadata).toMatchObject({httpStatusCode: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/)});
		expect(fake.state.log.at(-1)).toEqual({operation: 'GetCallerIdentity', region: 'eu-west-1', status: 200, requestId: answer.$metadata.requestId});
	});

	it('takes the region from the credential scope when the endpoint has none, as AWS_ENDPOINT_URL_STS gives it', async () => {
		const fake = await fakeAws();
		process.env['AWS_ENDPOINT_URL_STS'] = fake.env()['AWS_ENDPOINT_URL_STS'];
		try {
			// No endpoint option: the SDK finds the fake through the environment variable alone.
			const sts = new STSClient({region: 'us-west-2', credentials: credentialsFor(fake), maxAttempts: 1});
			await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({Account: '111122223333'});
		} finally {
			delete process.env['AWS_ENDPOINT_URL_STS'];
		}
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'GetCallerIdentity', region: 'us-west-2', status: 200});
	});

	it.each([
		['an unknown access key', () => ({credentials: {accessKeyId: 'AKIDFAKEUNKNOWN', secretAccessKey: 'x'}}), 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
		['a key without its session token', (fake: FakeAws) => ({credentials: {...credentialsFor(fake), sessionToken: undefined}}), 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
		['a session token issued with another key', (fake: FakeAws) => ({credentials: {...credentialsFor(fake), sessionToken: credentialsFor(fake).sessionToken}}), 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
		['expired credentials', (fake: FakeAws) => ({credentials: credentialsFor(fake, {ttlSeconds: -60})}), 'ExpiredToken', 'The security token included in the request is expired'],
		['a wrong secret', (fake: FakeAws) => ({credentials: {...credentialsFor(fake), secretAccessKey: 'wrong'}}), 'SignatureDoesNotMatch', expect.stringMatching(/^The request signature we calculated does not match the signature you provided\./)],
		['a signature for another region', (fake: FakeAws) => ({region: 'eu-west-1', credentials: credentialsFor(fake)}), 'SignatureDoesNotMatch', "Credential should be scoped to a valid region, not 'eu-west-1'. "],
		['a clock 20 minutes slow', (fake: FakeAws) => ({credentials: credentialsFor(fake), systemClockOffset: -20 * 60_000}), 'SignatureDoesNotMatch', expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/)],
		['a clock 20 minutes fast', (fake: FakeAws) => ({credentials: credentialsFor(fake), systemClockOffset: 20 * 60_000}), 'SignatureDoesNotMatch', expect.stringMatching(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/)],
	])('refuses %s (403 %s)', async (_label, config, name, message) => {
		const fake = await fakeAws();
		const error = await failure(fake, config(fake) as Partial<STSClientConfig>);
		expect(error).toMatchObject({name, message, $metadata: {httpStatusCode: 403}});
		expect(error.$metadata.requestId).toBe(fake.state.log.at(-1)?.requestId);
	});

	it('refuses a request signed for another service, and one not signed at all, in STS XML', async () => {
		const fake = await fakeAws();
		const wrongService = await post(fake, 'Action=GetCallerIdentity&Version=2011-06-15', {service: 'bedrock'});
		expect(wrongService.status).toBe(403);
		expect(wrongService.text).toContain("<Code>SignatureDoesNotMatch</Code><Message>Credential should be scoped to correct service: 'sts'. </Message>");
		const unsigned = await fetch(`${fake.endpointFor('us-east-1')}/`, {method: 'POST', headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15'});
		expect(unsigned.status).toBe(403);
		expect(await unsigned.text()).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
	});

	it('answers an unknown action or version with InvalidAction (400), after checking the signature', async () => {
		const fake = await fakeAws();
		const unknown = await post(fake, 'Action=GetSessionToken&Version=2011-06-15');
		expect(unknown).toMatchObject({status: 400, text: expect.stringContaining('<Code>InvalidAction</Code><Message>Could not find operation GetSessionToken for version 2011-06-15</Message>')});
		const oldVersion = await post(fake, 'Action=GetCallerIdentity&Version=2010-01-01');
		expect(oldVersion.text).toContain('Could not find operation GetCallerIdentity for version 2010-01-01');
		expect(fake.state.log.map((l) => [l.operation, l.status])).toEqual([['GetSessionToken', 400], ['GetCallerIdentity', 400]]);
	});

	it('answers an injected fault in STS XML, in the fault region only', async () => {
		const scenario = getScenario('happy');
		scenario.faults.push({operation: 'GetCallerIdentity', region: 'us-east-1', status: 400, errorType: 'RegionDisabledException', message: 'STS is not activated in this region for account:111122223333.', times: 1});
		const fake = await fakeAws({scenario});
		const error = await failure(fake);
		expect(error).toMatchObject({name: 'RegionDisabledException', message: 'STS is not activated in this region for account:111122223333.', $metadata: {httpStatusCode: 400}});
		await expect(client(fake).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({Arn: ARN});
	});
});

describe('STS AssumeRole (role chains) through the real STSClient', () => {
	it('issues credentials for a role the scenario has, which STS then names', async () => {
		const {AssumeRoleCommand} = await import('@aws-sdk/client-sts');
		const fake = await fakeAws();
		const answer = await client(fake, {region: 'us-east-1', endpoint: fake.endpointFor('us-east-1')}).send(new AssumeRoleCommand({RoleArn: 'arn:aws:iam::444455556666:role/BedrockDeveloper', RoleSessionName: 'codex'}));
		expect(answer.AssumedRoleUser?.Arn).toBe('arn:aws:sts::444455556666:assumed-role/BedrockDeveloper/codex');
		expect(answer.Credentials?.AccessKeyId).toMatch(/^ASIAFAKE/);
		expect(answer.Credentials?.Expiration).toBeInstanceOf(Date);
		const assumed = new STSClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), credentials: {accessKeyId: answer.Credentials!.AccessKeyId!, secretAccessKey: answer.Credentials!.SecretAccessKey!, sessionToken: answer.Credentials!.SessionToken!}});
		expect((await assumed.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:sts::444455556666:assumed-role/BedrockDeveloper/codex');
	});

	it('refuses a role the scenario does not have (AccessDenied, 403) and a bad session name (ValidationError)', async () => {
		const {AssumeRoleCommand} = await import('@aws-sdk/client-sts');
		const fake = await fakeAws();
		const sts = client(fake, {region: 'us-east-1', endpoint: fake.endpointFor('us-east-1')});
		await expect(sts.send(new AssumeRoleCommand({RoleArn: 'arn:aws:iam::111122223333:role/Admin', RoleSessionName: 'codex'}))).rejects.toMatchObject({name: 'AccessDenied', $metadata: {httpStatusCode: 403}});
		await expect(sts.send(new AssumeRoleCommand({RoleArn: 'arn:aws:iam::111122223333:role/BedrockDeveloper', RoleSessionName: 'has space'}))).rejects.toMatchObject({name: 'ValidationError'});
	});
});
