// A hostile or broken network, produced by the simulated AWS answering what a proxy, firewall or captive
// portal would: an HTML block page with status 200, binary garbage, JSON cut off mid-body, and server text
// carrying terminal escape sequences. Each ends the run with exit 1, one line in our words (not the SDK's
// "inspect the hidden field" advice, no byte of the body), the network rule, well within 30 s; no escape
// character reaches what the user sees or the --json document.
import {describe, expect, it} from 'vitest';
import {buildRunReport} from '../../source/core/run-report.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import type {Fault} from '../../source/fake-aws/types.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const HTML = {contentType: 'text/html', body: '<html><head><title>Blocked</title></head><body><h1>Access blocked by Corp Firewall</h1>\u001b]0;pwned\u0007\u001b[2J</body></html>'};
const BINARY = {contentType: 'application/octet-stream', body: Buffer.from([0, 1, 2, 255, 254, 0x1b, 0x5b, 0x32, 0x4a, 7, 8, 0x9b]).toString('base64'), encoding: 'base64' as const};
const CUT = {contentType: 'application/json', body: '{"accountList": [{"accountId": "1111'};

async function runWith(fault: Fault) {
	const scenario = getScenario('happy');
	scenario.faults.push(fault);
	const w = await wizardWorld(scenario);
	const started = Date.now();
	const run = await w.run([ssoProfile, region], {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', yes: true});
	return {...run, elapsed: Date.now() - started};
}

function expectClean(text: string) {
	expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
	expect(text).not.toContain('hidden field');
	expect(text).not.toContain('Corp Firewall');
	expect(text).not.toContain('pwned');
}

describe('bodies that are not AWS answers', () => {
	it.each([
		['ListAccounts', 'an HTML block page with 200', HTML, /it was a web page \(HTML\) with HTTP status 200/],
		['ListAccounts', 'binary garbage', BINARY, /it was bytes that are not an AWS response with HTTP status 200/],
		['ListAccounts', 'JSON cut off mid-body', CUT, /it was a response cut off before its end with HTTP status 200/],
		['CreateToken', 'an HTML block page from SSO OIDC', HTML, /it was a web page \(HTML\)/],
		['GetCallerIdentity', 'an HTML page where STS XML goes', HTML, /^STS's answer could not be read: it had no identity in it/],
	])('%s, %s: exit 1, one line in our words, the network rule', async (operation, _what, raw, message) => {
		const {result, renderer, ctx, elapsed} = await runWith({operation, status: 200, errorType: '', message: '', raw});
		expect(result.exitCode).toBe(1);
		expect(elapsed).toBeLessThan(30_000);
		const failure = result.state.failure!;
		expect(failure).toMatchObject({code: 'network.bad-response', httpStatus: 200, diagnosis: {ruleId: 'network.not-aws'}});
		expect(failure.message).toMatch(message);
		expect(failure.message).not.toContain('\n');
		expectClean(JSON.stringify(renderer.failures) + JSON.stringify(renderer.notes) + JSON.stringify(buildRunReport(ctx, result)));
	});
});

describe('server text with escape sequences', () => {
	it('an AWS error message carrying escape sequences reaches neither the screen nor the --json document with them', async () => {
		const {result, renderer, ctx} = await runWith({operation: 'ListAccounts', status: 403, errorType: 'AccessDeniedException', message: 'denied\u001b]0;pwned\u0007\u001b[2J\u001b[31m red \u009b31m'});
		expect(result.exitCode).toBe(1);
		const shown = JSON.stringify(renderer.failures) + JSON.stringify(renderer.notes) + JSON.stringify(renderer.blocks);
		const json = JSON.stringify(buildRunReport(ctx, result));
		for (const text of [shown, json]) expect(text).not.toMatch(/\\u001b|\u001b|\\u009b|\u009b|\\u0007|\u0007/);
		expect(result.state.failure!.message).toContain('denied');
	});
});

describe('an endpoint that accepts and never answers', () => {
	it.each(['ListAccounts', 'GetCallerIdentity'])('%s hangs: the spinner says what it waits for and for how long; the wait ends then, exit 1', async (operation) => {
		const {runWizard} = await import('../../source/core/driver.js');
		const {recordingRenderer} = await import('../helpers/recording-renderer.js');
		const scenario = getScenario('happy');
		scenario.faults.push({operation, status: 0, errorType: '', message: '', hang: true});
		const w = await wizardWorld(scenario);
		// The deadline is shortened for the test (30 s in real runs); the time stated must be the one kept.
		const ctx = {...w.context({...SSO_FLAGS, profile: 'codex-bedrock', yes: true}), awsWaitMs: 1500};
		const renderer = recordingRenderer([]);
		const started = Date.now();
		const result = await runWizard({steps: [ssoProfile], ctx, renderer, interactive: false});
		const elapsed = Date.now() - started;
		expect(result.exitCode).toBe(1);
		const label = operation === 'ListAccounts' ? 'Listing your AWS accounts (waiting up to 2 s)' : 'Checking who you are (STS GetCallerIdentity) (waiting up to 2 s)';
		expect(renderer.tasks).toContain(label);
		expect(elapsed).toBeLessThan(1500 + 5000);
		expect(result.state.failure).toMatchObject({code: 'network.no-answer', diagnosis: {ruleId: 'network.timeout'}});
		expect(result.state.failure!.message).toMatch(/^No answer from (the AWS access portal \(ListAccounts, us-east-1\)|STS \(GetCallerIdentity, [a-z0-9-]+\)) within 2 s: the connection was accepted, but nothing came back/);
	}, 30_000);
});

describe('the same deadline on SSO OIDC and the control plane', () => {
	it.each([
		['RegisterClient', 'SSO OIDC \\(RegisterClient\\)'],
		['StartDeviceAuthorization', 'SSO OIDC \\(StartDeviceAuthorization\\)'],
		['GetFoundationModelAvailability', 'Bedrock \\(GetFoundationModelAvailability, us-east-1\\)'],
	])('%s hangs: the wait ends at the stated deadline with network.no-answer, exit 1', async (operation, what) => {
		const {runWizard} = await import('../../source/core/driver.js');
		const {recordingRenderer} = await import('../helpers/recording-renderer.js');
		const {modelAccess} = await import('../../source/core/steps/model-access.js');
		const scenario = getScenario('happy');
		scenario.faults.push({operation, status: 0, errorType: '', message: '', hang: true});
		const w = await wizardWorld(scenario);
		const ctx = {...w.context({...SSO_FLAGS, profile: 'codex-bedrock', yes: true, 'use-device-code': true, region: 'us-east-1', model: 'openai.gpt-5.5', 'probe-regions': 'us-east-1'}), awsWaitMs: 1500};
		const renderer = recordingRenderer([]);
		const started = Date.now();
		const result = await runWizard({steps: [ssoProfile, region, modelAccess], ctx, renderer, interactive: false});
		expect(Date.now() - started).toBeLessThan(1500 + 5000);
		expect(result.exitCode).toBe(1);
		expect(result.state.failure).toMatchObject({diagnosis: {ruleId: 'network.timeout'}});
		expect(result.state.failure!.message).toMatch(new RegExp(`No answer from ${what} within 2 s`));
		if (operation === 'GetFoundationModelAvailability') expect(renderer.tasks).toContain('Checking access to openai.gpt-5.5 (waiting up to 2 s)');
	}, 30_000);
});
