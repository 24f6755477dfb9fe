import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {describe, expect, it} from 'vitest';
import {credentialsFor, fakeAws} from '../helpers/fake-aws.js';

describe('simulated STS through the real STSClient', () => {
	it('GetCallerIdentity names the role the credentials were issued for', async () => {
		const fake = await fakeAws();
		const sts = new STSClient({region: 'eu-west-1', endpoint: fake.endpointFor('eu-west-1'), credentials: credentialsFor(fake), maxAttempts: 1});
		const answer = await sts.send(new GetCallerIdentityCommand({}));
		expect(answer.Account).toBe('111122223333');
		expect(answer.Arn).toBe('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_BedrockDeveloper_0123456789abcdef/dev@example.com');
		expect(answer.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'GetCallerIdentity', region: 'eu-west-1', status: 200});
	});

	it('takes the region from the credential scope when the endpoint has none (AWS_ENDPOINT_URL_STS)', async () => {
		const fake = await fakeAws();
		const sts = new STSClient({region: 'us-west-2', endpoint: fake.url, credentials: credentialsFor(fake), maxAttempts: 1});
		await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({Account: '111122223333'});
		expect(fake.state.log.at(-1)?.region).toBe('us-west-2');
	});

	it.each([
		['an unknown key', () => ({accessKeyId: 'AKIDFAKEUNKNOWN', secretAccessKey: 'x'}), 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
	])('refuses %s', async (_label, creds, name, message) => {
		const fake = await fakeAws();
		const sts = new STSClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), credentials: creds(), maxAttempts: 1});
		const error = await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e as Error & {$metadata: {httpStatusCode: number}});
		expect(error).toMatchObject({name, message, $metadata: {httpStatusCode: 403}});
	});

	it('refuses expired credentials, a wrong secret, the wrong region and a skewed clock', async () => {
		const fake = await fakeAws();
		const send = (options: ConstructorParameters<typeof STSClient>[0]) =>
			new STSClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), maxAttempts: 1, ...options}).send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
		expect(await send({credentials: credentialsFor(fake, {ttlSeconds: -60})})).toMatchObject({name: 'ExpiredToken', message: 'The security token included in the request is expired'});
		expect(await send({credentials: {...credentialsFor(fake), secretAccessKey: 'wrong'}})).toMatchObject({name: 'SignatureDoesNotMatch', message: expect.stringContaining('does not match the signature you provided')});
		expect(await send({region: 'eu-west-1', credentials: credentialsFor(fake)})).toMatchObject({name: 'SignatureDoesNotMatch', message: 'Credential should be scoped to a valid region. '});
		expect(await send({credentials: credentialsFor(fake), systemClockOffset: -20 * 60_000})).toMatchObject({name: 'SignatureDoesNotMatch', message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/)});
	});

	it('answers an injected fault in AWS query format', async () => {
		const fake = await fakeAws({scenario: {...(await import('../../source/fake-aws/scenarios.js')).getScenario('happy'), faults: [{operation: 'GetCallerIdentity', status: 400, errorType: 'ExpiredToken', message: 'The security token included in the request is expired'}]}});
		const sts = new STSClient({region: 'us-east-1', endpoint: fake.endpointFor('us-east-1'), credentials: credentialsFor(fake), maxAttempts: 1});
		await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({name: 'ExpiredToken', $metadata: {httpStatusCode: 400}});
	});
});
