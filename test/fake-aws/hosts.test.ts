// Requests that reach the simulated AWS with their real Host header (as the TLS proxy forwards them):
// the host names the service and the region, and a signature made over that host verifies.
import http from 'node:http';
import {describe, expect, it} from 'vitest';
import {awsHost} from '../../source/fake-aws/hosts.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {credentialsFor, fakeAws, signRequest} from '../helpers/fake-aws.js';

/** Send a request to the fake with the Host header of `url` (a real AWS URL), signed over that host. */
async function viaHost(fake: FakeAws, url: string, options: {region: string; service?: string; method?: string; body?: string; headers?: Record<string, string>}) {
	const signed = await signRequest(url, {method: options.method ?? 'GET', credentials: credentialsFor(fake), region: options.region, ...(options.service ? {service: options.service} : {}), ...(options.body ? {body: options.body} : {}), ...(options.headers ? {headers: options.headers} : {})});
	const target = new URL(url);
	return new Promise<{status: number; type: string | undefined; body: string}>((resolve, reject) => {
		const request = http.request(`${fake.url}${target.pathname}${target.search}`, {method: signed.method, headers: signed.headers, setHost: false}, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({status: response.statusCode ?? 0, type: response.headers['x-amzn-errortype'] as string | undefined, body: Buffer.concat(chunks).toString('utf8')}));
		});
		request.on('error', reject);
		request.end(signed.body);
	});
}

describe('real AWS host names', () => {
	it('awsHost knows the hosts the fake serves and nothing else', () => {
		expect(awsHost('bedrock-mantle.us-east-1.api.aws')).toEqual({service: 'bedrock-mantle', region: 'us-east-1'});
		expect(awsHost('BEDROCK-MANTLE.eu-west-1.api.aws:443')).toEqual({service: 'bedrock-mantle', region: 'eu-west-1'});
		expect(awsHost('portal.sso.eu-central-1.amazonaws.com')).toEqual({service: 'portal.sso', region: 'eu-central-1'});
		expect(awsHost('oidc.us-east-2.amazonaws.com')).toEqual({service: 'oidc', region: 'us-east-2'});
		expect(awsHost('bedrock.ca-central-1.amazonaws.com')).toEqual({service: 'bedrock', region: 'ca-central-1'});
		expect(awsHost('sts.us-west-2.amazonaws.com')).toEqual({service: 'sts', region: 'us-west-2'});
		expect(awsHost('sts.amazonaws.com')).toEqual({service: 'sts'});
		expect(awsHost('bedrock-runtime.ca-central-1.amazonaws.com')).toEqual({service: 'bedrock-runtime', region: 'ca-central-1'});
		for (const other of ['127.0.0.1:4000', 'api.aws', 'bedrock-agent-runtime.us-east-1.amazonaws.com', 's3.us-east-1.amazonaws.com', 'bedrock-mantle.us-east-1.api.aws.evil.com', 'chatgpt.com', 'github.com', undefined]) {
			expect(awsHost(other)).toBeUndefined();
		}
	});

	it('Mantle: the host names the region and a signature over the real host verifies', async () => {
		const fake = await fakeAws();
		const answer = await viaHost(fake, 'https://bedrock-mantle.us-east-1.api.aws/openai/v1/models', {region: 'us-east-1'});
		expect(answer.status).toBe(200);
		expect(JSON.parse(answer.body).data.map((m: {id: string}) => m.id)).toContain('openai.gpt-5.5');
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'MantleListModels', region: 'us-east-1', status: 200});
	});

	it('a signature scoped to another region than the host is refused, as AWS refuses it', async () => {
		const fake = await fakeAws();
		const answer = await viaHost(fake, 'https://bedrock-mantle.eu-west-1.api.aws/v1/models', {region: 'us-east-1'});
		expect(answer.status).toBe(401);
		expect(JSON.parse(answer.body).error.message).toBe("Credential should be scoped to a valid region, not 'us-east-1'. ");
		expect(fake.state.log.at(-1)).toMatchObject({operation: 'MantleListModels', region: 'eu-west-1', status: 401});
	});

	it('the host names the service: a Mantle path on the control-plane host is not Mantle', async () => {
		const fake = await fakeAws();
		const answer = await viaHost(fake, 'https://bedrock.us-east-1.amazonaws.com/openai/v1/models', {region: 'us-east-1', service: 'bedrock'});
		expect(answer.status).toBe(404);
		expect(answer.type).toBe('UnknownOperationException');
	});

	it('the SSO portal takes its region from the host (tokens are regional)', async () => {
		const fake = await fakeAws();
		const token = 'portal-host-test-token';
		fake.state.accessTokens.set(token, {token, clientId: 'c', expiresAt: Date.now() + 3_600_000, scopes: ['sso:account:access'], region: 'us-east-1'});
		const url = (region: string) => `https://portal.sso.${region}.amazonaws.com/assignment/accounts?max_result=10`;
		const send = (region: string) =>
			new Promise<number>((resolve, reject) => {
				const request = http.request(`${fake.url}/assignment/accounts?max_result=10`, {headers: {host: new URL(url(region)).host, 'x-amz-sso_bearer_token': token}, setHost: false}, (response) => {
					response.resume();
					resolve(response.statusCode ?? 0);
				});
				request.on('error', reject);
				request.end();
			});
		expect(await send('us-east-1')).toBe(200);
		expect(await send('eu-west-1')).toBe(401);
		expect(fake.state.log.map((l) => `${l.operation} ${l.region} ${l.status}`)).toEqual(['ListAccounts us-east-1 200', 'ListAccounts eu-west-1 401']);
	});
});

describe('hosts and routes the simulated AWS does not serve', () => {
	it('a real host name it does not serve is refused, not answered by the handler that knows the path', async () => {
		const fake = await fakeAws();
		const body = JSON.stringify({model: 'openai.gpt-5.5', input: 'hi'});
		// A service it does not simulate, on a path Mantle knows: before, Mantle answered it.
		const agent = await viaHost(fake, 'https://bedrock-agent-runtime.us-east-1.amazonaws.com/openai/v1/responses', {region: 'us-east-1', service: 'bedrock', method: 'POST', body});
		expect(agent).toMatchObject({status: 421, type: 'MisdirectedRequestException'});
		expect(agent.body).toContain('bedrock-agent-runtime.us-east-1.amazonaws.com is not a host the simulated AWS serves');
		const elsewhere = await viaHost(fake, 'https://api.openai.com/v1/responses', {region: 'us-east-1', method: 'POST', body});
		expect(elsewhere.status).toBe(421);
		expect(fake.state.log.filter((l) => l.operation === 'MantleResponses')).toEqual([]);
		// A known host with a path its service does not have: AWS's unknown operation.
		const unknownRoute = await viaHost(fake, 'https://bedrock-mantle.us-east-1.api.aws/openai/v2/responses', {region: 'us-east-1', method: 'POST', body});
		expect(unknownRoute).toMatchObject({status: 404, type: 'UnknownOperationException'});
	});

	it('CreateTokenWithIAM (POST /token?aws_iam=t) is not answered as CreateToken', async () => {
		const fake = await fakeAws();
		const grant = JSON.stringify({clientId: 'x', grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x'});
		const response = await fetch(`${fake.url}/region/us-east-1/token?aws_iam=t`, {method: 'POST', headers: {'content-type': 'application/json'}, body: grant});
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('CreateTokenWithIAM (POST /token?aws_iam=t) is not simulated; it is not CreateToken');
		expect(fake.state.log.map((l) => l.operation)).toEqual(['CreateTokenWithIAM']);
		expect(fake.state.requests.map((r) => r.operation)).toEqual(['CreateTokenWithIAM']);
	});
});
