// team check --fix: each change after an explicit yes that --yes never gives, shown first; then a second
// check passes. Against the simulated AWS with the real SDK clients.
import {Writable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {profileCredentials} from '../../source/core/sso/portal.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {runTeamCheck} from '../../source/core/team/check.js';
import {DEVELOPER_ROLE, LEAD_ROLE, TEAM_PLAN} from '../../source/fake-aws/team-scenarios.js';
import {teamWith} from '../../source/team-command.js';
import {recordingRenderer} from '../helpers/recording-renderer.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';
import {writeFileSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {presetToml} from '../../source/core/team/files.js';
import {DEMO_START_URL} from '../../source/fake-aws/scenarios.js';

function presetFile(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-fix-'));
	const file = path.join(dir, 'codex-team.toml');
	writeFileSync(file, presetToml({...TEAM_PLAN, name: 'Platform', startUrl: DEMO_START_URL, ssoRegion: 'us-east-1', permissionSet: DEVELOPER_ROLE, profile: 'codex-bedrock', route: 'mantle', defaultRegion: 'us-east-1', defaultModel: 'openai.gpt-5.4', codex: {default: true}}));
	return file;
}

async function lead(scenario: string) {
	const world = await wizardWorld(scenario);
	const {result} = await world.run([ssoProfile], {...SSO_FLAGS, 'role-name': LEAD_ROLE, profile: 'lead'});
	expect(result.exitCode).toBe(0);
	const preset = presetFile();
	const team = async (flags: Record<string, string | boolean>, script: Array<string | boolean> = [], terminal = false) => {
		let text = '';
		const stream = new Writable({write(chunk, _e, done) { text += chunk.toString(); done(); }});
		const renderer = recordingRenderer(script);
		const code = await teamWith(world.context({preset, profile: 'lead', ...flags}), 'check', {terminal, color: false, output: stream, errors: stream, renderer});
		return {code, text, asked: renderer.asked};
	};
	const check = async () => runTeamCheck(world.context({}), {plan: TEAM_PLAN, permissionSet: DEVELOPER_ROLE, ssoRegion: 'us-east-1', credentials: await profileCredentials(world.context({}), 'lead')});
	return {world, team, check};
}

describe('team check --fix', () => {
	it('no budget: --yes alone changes nothing; --create-budget creates it with the four alerts; the second check passes', async () => {
		const {world, team} = await lead('team-no-budget');
		const first = await team({});
		expect(first.code).toBe(1);
		expect(first.text).toMatch(/✖ Bedrock budget: no budget is filtered to Amazon Bedrock/);

		const unattended = await team({fix: true, yes: true, 'budget-email': 'lead@example.com', 'budget-amount': '500'});
		expect(unattended.code).toBe(1);
		expect(unattended.text).toContain('Budget: not changed (add --create-budget');
		expect(world.fake.scenario.team!.budgets).toEqual([]);
		// --fix --yes with neither the address nor the amount: skipped the same way, not a usage error.
		const bare = await team({fix: true, yes: true});
		expect(bare.code).toBe(1);
		expect(bare.text).toContain('Budget: not changed (add --create-budget with --budget-email and --budget-amount to create it).');
		expect(bare.text).not.toContain('nothing is asked without a terminal');
		expect(world.fake.scenario.team!.budgets).toEqual([]);

		const fixed = await team({fix: true, 'create-budget': true, 'budget-email': 'lead@example.com', 'budget-amount': '500'});
		// Shown before it is created:
		expect(fixed.text).toContain('+ budget codex-bedrock-monthly: 500 USD per month, cost, filtered to Service = Amazon Bedrock');
		expect(fixed.text).toContain('+   alert: forecasted cost > 100 % -> email lead@example.com');
		expect(fixed.text).toContain('Changed: created the budget codex-bedrock-monthly');
		expect(fixed.text.split('Checking again:')[1]).toMatch(/✔ Bedrock budget: codex-bedrock-monthly \(500 USD\) alerts at 50\/80\/100 % actual and 100 % forecast/);
		// The second check passes: no account-wide budget is only a warning.
		expect(fixed.text.split('Checking again:')[1]).toContain('! Account budget: no budget covers the whole account');
		expect(fixed.code).toBe(0);
	});

	it('wrong thresholds: after a yes in the terminal, the missing alerts are added, and a second check passes', async () => {
		const {team, check} = await lead('team-wrong-thresholds');
		const fixed = await team({fix: true}, ['lead@example.com', true], true);
		expect(fixed.asked.map((q) => q.id)).toEqual(['budget-email', 'create-budget']);
		expect(fixed.text).toContain('~ budget bedrock-monthly (1000.0 USD): add 3 alerts');
		expect(fixed.code).toBe(0);
		const again = await check();
		expect(again.findings.find((f) => f.id === 'budget.bedrock')?.status).toBe('pass');
		expect(again.ok).toBe(true);
	});

	it('a "no" in the terminal changes nothing', async () => {
		const {world, team} = await lead('team-no-budget');
		const declined = await team({fix: true}, ['lead@example.com', '500', false], true);
		expect(declined.code).toBe(1);
		expect(world.fake.scenario.team!.budgets).toEqual([]);
	});

	it('policy drift: --update-permission-set shows the diff, replaces the inline policy and provisions it', async () => {
		const {world, team, check} = await lead('team-policy-drift');
		const fixed = await team({fix: true, 'update-permission-set': true});
		expect(fixed.text).toContain('-      "Sid": "Everything"');
		expect(fixed.text).toContain('+      "Sid": "MantleInference"');
		expect(fixed.text).toContain(`Changed: updated and provisioned the permission set ${DEVELOPER_ROLE}`);
		expect(fixed.code).toBe(0);
		const dev = world.fake.scenario.team!.identityCenter.permissionSets.find((p) => p.Name === DEVELOPER_ROLE)!;
		expect(dev.provisioned.inlinePolicy).toBe(dev.inlinePolicy);
		expect((await check()).ok).toBe(true);
	});

	it('no permission to read: nothing is offered, and the report says what is not visible', async () => {
		const {team} = await lead('team-no-read');
		const result = await team({fix: true, 'create-budget': true, 'update-permission-set': true, 'budget-email': 'lead@example.com', 'budget-amount': '5'});
		expect(result.text).toContain('✖ Bedrock budget: not visible to your role: budgets:ViewBudget is denied');
		expect(result.text).toContain('No change made.');
		expect(result.code).toBe(1);
	});

	it('--json prints one report on stdout', async () => {
		const {world} = await lead('team-trail-off');
		let out = '';
		let err = '';
		const code = await teamWith(world.context({preset: presetFile(), profile: 'lead', json: true}), 'check', {
			terminal: false, color: false,
			output: new Writable({write(c, _e, d) { out += c.toString(); d(); }}),
			errors: new Writable({write(c, _e, d) { err += c.toString(); d(); }}),
		});
		expect(code).toBe(1);
		expect(err).toBe('');
		const report = JSON.parse(out);
		expect(report.findings.filter((f: {status: string}) => f.status === 'fail').map((f: {id: string}) => f.id)).toEqual(['cloudtrail.us-east-1', 'cloudtrail.us-east-2']);
	});
});

describe('team check --fix --dry-run', () => {
	it('shows the budget it would create and creates nothing', async () => {
		const {world, team} = await lead('team-no-budget');
		const {createDryRun} = await import('../../source/core/context.js');
		let text = '';
		const stream = new Writable({write(chunk, _e, done) { text += chunk.toString(); done(); }});
		const ctx = {...world.context({preset: presetFile(), profile: 'lead', fix: true, 'create-budget': true, 'budget-email': 'lead@example.com', 'budget-amount': '500'}), dryRun: createDryRun()};
		expect(await teamWith(ctx, 'check', {terminal: false, color: false, output: stream, errors: stream})).toBe(1);
		expect(text).toContain('+ budget codex-bedrock-monthly: 500 USD per month');
		expect(text).toContain('Dry run: would create the budget; nothing was changed.');
		expect(world.fake.scenario.team!.budgets).toEqual([]);
		void team;
	});
});
