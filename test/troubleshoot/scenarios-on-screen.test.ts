// Each scenario of the simulated AWS, run through the whole wizard and the plain renderer: the screen
// shows the failing step, the error in one line, the rule's likely cause and fix, and the rule id.
import path from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, it, vi} from 'vitest';
import {runWizard} from '../../source/core/driver.js';
import {STEPS} from '../../source/core/steps/index.js';
import {RULES} from '../../source/core/troubleshoot/rules.js';
import {SCENARIO_NAMES} from '../../source/fake-aws/scenarios.js';
import {createPlainRenderer} from '../../source/ui/plain/run.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';
import {SYSTEM_PATH} from '../helpers/codex.js';

/** scenario -> [the step that fails, the rule shown]; undefined: the wizard finishes. */
const EXPECTED: Record<string, [string, string] | undefined> = {
	happy: undefined,
	'single-account': undefined,
	'slow-region': undefined,
	'region-timeout': undefined,
	'agreement-needed': undefined, // with --accept-agreement
	'agreement-pending': undefined, // waits for the PENDING agreement on the simulated clock
	'no-accounts': ['AWS SSO profile', 'sso.no-accounts'],
	'device-denied': ['AWS SSO profile', 'sso.denied'],
	'device-expired': ['AWS SSO profile', 'sso.code-expired'],
	'expired-token': ['AWS SSO profile', 'auth.expired'],
	'no-model-access': ['Model access', 'access.model'],
	'marketplace-denied': ['Model access', 'access.marketplace'],
	// us-east-1 lists nothing on either route: the region step says so, with the probe's findings.
	'region-without-openai': ['Region', 'model.region-unavailable'],
	'ca-no-openai': ['Region', 'model.region-unavailable'],
	'runtime-profile-denied': ['Test prompt', 'access.runtime-iam'],
	'mantle-only-model': undefined,
	'bedrock-iam-denied': ['Model access', 'access.bedrock-iam'],
	// The probe's calls (one attempt each under --probe-timeout) are refused: the region step says why.
	'clock-skew': ['Region', 'auth.clock-skew'],
	throttled: ['Test prompt', 'quota.throttled'],
	'mantle-iam-denied': ['Test prompt', 'access.mantle-iam'],
	'mantle-invalid-token': ['Test prompt', 'auth.invalid-token'],
	'mantle-expired-token': ['Test prompt', 'auth.expired'],
	'mantle-timeout': ['Test prompt', 'network.timeout'],
	// The lead's scenarios (team check): the developer's calls are checked against the generated policy
	// (iam.ts), and pass; what is wrong there is the lead's side of the account (test/team/check.test.ts).
	'team-ready': undefined,
	'team-no-budget': undefined,
	'team-wrong-thresholds': undefined,
	'team-trail-off': undefined,
	'team-trail-no-management': undefined,
	'team-no-logging': undefined,
	'team-policy-drift': undefined,
	'team-no-read': undefined,
};

/** The region (and model) each scenario is about; the others run in us-east-1 with GPT-5.5 (Mantle). */
const WHERE: Record<string, Record<string, string | undefined>> = {
	'ca-no-openai': {region: 'ca-central-1', model: undefined},
	'runtime-profile-denied': {region: 'ca-central-1', model: undefined},
	'mantle-only-model': {model: 'openai.gpt-5.6-sol'},
};

async function onScreen(scenario: string) {
	const world = await wizardWorld(scenario);
	vi.stubEnv('PATH', `${SYSTEM_PATH}`); // no Codex: this is about AWS
	let text = '';
	const output = new Writable({write(chunk, _enc, done) { text += chunk.toString(); done(); }});
	const ctx = world.context({...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.5', yes: true, 'accept-agreement': true, 'skip-codex-exec': true, 'test-prompt-timeout': '2', 'probe-timeout': '0.5', 'probe-regions': 'us-east-1,us-east-2,us-west-2,eu-west-1,eu-central-1,ca-central-1', ...WHERE[scenario]});
	const result = await runWizard({steps: [...STEPS], ctx, renderer: createPlainRenderer({output: output as NodeJS.WriteStream, clock: world.clock, color: false}), interactive: false});
	return {result, text};
}

describe('every simulated AWS scenario shows its troubleshooting rule on screen', () => {
	it('covers every scenario', () => {
		expect(Object.keys(EXPECTED).sort()).toEqual([...SCENARIO_NAMES].sort());
	});

	it.each(Object.entries(EXPECTED))('%s', async (scenario, expected) => {
		const {result, text} = await onScreen(scenario);
		if (!expected) {
			expect(result.exitCode).toBe(0);
			expect(text).not.toContain('Likely cause');
			return;
		}
		const [step, ruleId] = expected;
		const rule = RULES.find((r) => r.id === ruleId)!;
		expect(result.exitCode).toBe(1);
		expect(text).toMatch(new RegExp(`✖ ${step} failed: .+\\n`));
		const where = {region: 'us-east-1', model: 'openai.gpt-5.5', ...WHERE[scenario]};
		expect(text).toContain(`    Likely cause: ${rule.cause.replace('{profile}', 'codex-bedrock').replace('{region}', where.region ?? 'us-east-1').replace('{model}', where.model ?? '')}`);
		expect(text).toContain('    Fix:\n      ');
		expect(text).toContain(`    Rule ${ruleId} · ${rule.source}`);
		expect(text).not.toMatch(/<(profile|region|model)>/);
	});
});
