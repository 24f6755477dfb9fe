// The demo's route for the real Codex: a throwaway CA made with openssl, a certificate for the AWS host
// names Codex calls, the TLS proxy in front of the simulated AWS; all of it removed when the demo ends.
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {demoHostNames, startDemoCodexRoute} from '../../source/fake-aws/demo-tls.js';
import {mantleRequest} from '../../source/core/bedrock/mantle.js';
import {fakeClock, testContext} from '../helpers/context.js';
import {credentialsFor, fakeAws} from '../helpers/fake-aws.js';
import {SYSTEM_PATH} from '../helpers/codex.js';

const OPENSSL = spawnSync('openssl', ['version']).status === 0;

describe('the demo route for Codex', () => {
	it('names every Mantle region and the SSO portal', () => {
		const names = demoHostNames(['us-east-1']);
		expect(names).toContain('*.us-east-1.api.aws');
		expect(names).toContain('*.eu-west-1.api.aws');
		expect(names).toContain('*.sso.us-east-1.amazonaws.com');
		expect(names).toContain('bedrock-runtime.ca-central-1.amazonaws.com');
	});

	it('a request to the real Mantle host name, trusting only the throwaway CA, reaches the simulated AWS; close() removes the CA', async () => {
		const clock = fakeClock(Date.now());
		const fake = await fakeAws({now: clock.now});
		expect(OPENSSL, 'this machine needs openssl for the demo route').toBe(true);
		const route = await startDemoCodexRoute({target: fake.url, ssoRegions: ['us-east-1']});
		expect(route).toBeDefined();
		const ca = route!.env['CODEX_CA_CERTIFICATE']!;
		expect(existsSync(ca)).toBe(true);
		expect(existsSync(path.join(path.dirname(ca), 'ca.key'))).toBe(false); // only the certificate is kept
		const ctx = testContext({env: {HTTPS_PROXY: route!.env['HTTPS_PROXY']!, AWS_CA_BUNDLE: ca}, clock});
		process.env['HTTPS_PROXY'] = route!.env['HTTPS_PROXY']; // proxy-from-env reads process.env
		try {
			const real = {...ctx, endpoints: {...ctx.endpoints, mantle: (r: string) => `https://bedrock-mantle.${r}.api.aws`}};
			const answer = await mantleRequest(real, {region: 'us-east-1', credentials: credentialsFor(fake), method: 'GET', path: '/openai/v1/models'});
			expect(answer.status).toBe(200);
		} finally {
			delete process.env['HTTPS_PROXY'];
			await route!.close();
		}
		expect(existsSync(path.dirname(ca))).toBe(false);
	});

	it('without openssl on PATH there is no route (the demo then says Codex is not run)', async () => {
		const fake = await fakeAws();
		vi.stubEnv('PATH', SYSTEM_PATH); // node and the basic tools, no openssl
		expect(await startDemoCodexRoute({target: fake.url, ssoRegions: ['us-east-1']})).toBeUndefined();
		vi.unstubAllEnvs();
	});
});
