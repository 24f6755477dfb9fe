// The contract harness itself: one real `codex exec` turn through the TLS proxy is recorded request by
// request, and each world's requests are its own.
import {describe, expect, it} from 'vitest';
import {bedrockConfig, contractWorld, describeRequest} from './harness.js';

describe('contract harness', () => {
	it('records every request of a real codex exec turn, with its auth and model, in its own world', {timeout: 60_000}, async () => {
		const [a, b] = await Promise.all([contractWorld(), contractWorld()]);
		a.ssoProfile('dev');
		a.writeCodexConfig(bedrockConfig({profile: 'dev', region: 'us-east-1'}));
		b.ssoProfile('dev');
		b.writeCodexConfig(bedrockConfig({profile: 'dev', region: 'us-east-2'}));
		const [runA, runB] = await Promise.all([a.exec(), b.exec()]);
		expect(runA.code, runA.stderr).toBe(0);
		expect(runA.stdout).toContain('ready');
		expect(runA.requests.map(describeRequest)).toEqual([
			'GET portal.sso.us-east-1.amazonaws.com/federation/credentials sso-bearer 200',
			'POST bedrock-mantle.us-east-1.api.aws/openai/v1/responses sigv4 bedrock-mantle us-east-1 openai.gpt-5.5 200',
		]);
		expect(runB.inference.map(describeRequest)).toEqual(['POST bedrock-mantle.us-east-2.api.aws/openai/v1/responses sigv4 bedrock-mantle us-east-2 openai.gpt-5.5 200']);
		expect(runA.elapsedMs).toBeGreaterThan(0);
		expect(runA.refused.every((t) => !/amazonaws|api\.aws/.test(t))).toBe(true);
	});
});
