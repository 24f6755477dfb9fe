// The developer's side: doctor and the readiness record say what the developer's role can see of the lead's
// setup ("a Bedrock budget exists", "not visible to your role (budgets:ViewBudget ...)"), not a bare to-do.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {runDoctor} from '../../source/core/doctor.js';
import {runWizard} from '../../source/core/driver.js';
import {createRunState} from '../../source/core/run-state.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {STEPS} from '../../source/core/steps/index.js';
import {getScenario} from '../../source/fake-aws/scenarios.js';
import {DEVELOPER_ROLE} from '../../source/fake-aws/team-scenarios.js';
import {CODEX} from '../helpers/codex.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const FLAGS = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', 'skip-codex-exec': true, 'probe-regions': 'us-east-1'};

async function developer(readBudgets: boolean) {
	const scenario = getScenario('team-ready');
	if (readBudgets) {
		const dev = scenario.team!.identityCenter.permissionSets.find((p) => p.Name === DEVELOPER_ROLE)!;
		const policy = JSON.parse(dev.inlinePolicy!);
		policy.Statement.push({Sid: 'SeeBudgets', Effect: 'Allow', Action: ['budgets:ViewBudget'], Resource: '*'});
		dev.inlinePolicy = JSON.stringify(policy);
		dev.provisioned = {inlinePolicy: dev.inlinePolicy};
	}
	const world = await wizardWorld(scenario);
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${path.dirname(process.execPath)}:/usr/bin:/bin`);
	const {result} = await world.run([...STEPS], FLAGS);
	expect(result.exitCode).toBe(0);
	const dir = path.join(world.home, '.codex-bedrock-setup');
	const record = JSON.parse(readFileSync(path.join(dir, readdirSync(dir).find((n) => n.startsWith('readiness-') && n.endsWith('.json'))!), 'utf8'));
	const markdown = readFileSync(path.join(dir, readdirSync(dir).find((n) => n.startsWith('readiness-') && n.endsWith('.md'))!), 'utf8');
	const doctor = await runDoctor(world.context());
	return {record, markdown, doctor};
}

const seen = (record: {todo: Array<{id: string; seen?: {status: string; summary: string}}>}, id: string) => record.todo.find((t) => t.id === id)?.seen;

// Two whole wizard runs (the real codex for codex doctor): seconds alone, more on a loaded machine.
describe("what the developer's role sees of the team setup", {timeout: 60_000}, () => {
	it('under the generated (least-privilege) policy: not visible, naming the action', async () => {
		const {record, markdown, doctor} = await developer(false);
		expect(seen(record, 'budget.bedrock')).toEqual({status: 'not-visible', summary: expect.stringContaining('not visible to your role (budgets:ViewBudget is not allowed')});
		expect(seen(record, 'cloudtrail')).toEqual({status: 'not-visible', summary: expect.stringContaining('cloudtrail:DescribeTrails')});
		expect(seen(record, 'invocation-logging')).toEqual({status: 'not-visible', summary: expect.stringContaining('bedrock:GetModelInvocationLoggingConfiguration')});
		expect(markdown).toContain('- [ ] A Bedrock budget (filtered to Amazon Bedrock usage)');
		expect(doctor.checks.find((c) => c.id === 'team.budget.bedrock')).toMatchObject({status: 'info', summary: expect.stringContaining('not visible to your role')});
		expect(doctor.ok).toBe(true);
	});

	it('a role that may read budgets: "a Bedrock budget exists", ticked', async () => {
		const {record, markdown, doctor} = await developer(true);
		expect(seen(record, 'budget.bedrock')).toEqual({status: 'yes', summary: 'a Bedrock budget exists (bedrock-monthly, alerts at 50/80/100 % and forecast)'});
		expect(markdown).toMatch(/- \[x\] A Bedrock budget .* Seen from this role: a Bedrock budget exists/);
		expect(doctor.checks.find((c) => c.id === 'team.budget.bedrock')?.summary).toBe('a Bedrock budget exists (bedrock-monthly, alerts at 50/80/100 % and forecast)');
	});
});

describe('the readiness record does not wait for them at the end', () => {
	it('a run that starts work early (the CLI\'s) asks budgets, CloudTrail and invocation logging once, as soon as the region is chosen', {timeout: 60_000}, async () => {
		const world = await wizardWorld(getScenario('team-ready'));
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${path.dirname(process.execPath)}:/usr/bin:/bin`);
		const ctx = {...world.context(FLAGS), run: createRunState({eager: true})};
		const result = await runWizard({steps: [...STEPS], ctx, renderer: recordingRenderer(), interactive: false});
		expect(result.exitCode).toBe(0);
		const operations = world.fake.state.log.map((l) => l.operation);
		const visibility = ['DescribeBudgets', 'DescribeTrails', 'GetModelInvocationLoggingConfiguration'];
		for (const operation of visibility) expect(operations.filter((o) => o === operation), operation).toHaveLength(1);
		// Started while the later steps ran: before the test prompt's request, not after it.
		const prompt = operations.findIndex((o) => o === 'MantleResponses' || o === 'RuntimeResponses');
		expect(prompt).toBeGreaterThan(0);
		for (const operation of visibility) expect(operations.indexOf(operation), operation).toBeLessThan(prompt);
	});
});

