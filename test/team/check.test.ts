// team check against the simulated AWS: each team scenario's problem is found (and only it), with the
// real SDK clients for Budgets, CloudTrail, Bedrock and IAM Identity Center admin.
import {describe, expect, it} from 'vitest';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {profileCredentials} from '../../source/core/sso/portal.js';
import {runTeamCheck} from '../../source/core/team/check.js';
import {LEAD_ROLE, TEAM_PLAN, DEVELOPER_ROLE} from '../../source/fake-aws/team-scenarios.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

export async function leadWorld(scenario: string) {
	const world = await wizardWorld(scenario);
	const {result} = await world.run([ssoProfile], {...SSO_FLAGS, 'role-name': LEAD_ROLE, profile: 'lead'});
	expect(result.exitCode).toBe(0);
	const ctx = world.context({});
	const credentials = await profileCredentials(ctx, 'lead');
	return {...world, ctx, credentials, check: () => runTeamCheck(ctx, {plan: TEAM_PLAN, permissionSet: DEVELOPER_ROLE, ssoRegion: 'us-east-1', credentials, profile: 'lead'})};
}

const failing = (report: Awaited<ReturnType<typeof runTeamCheck>>) => report.findings.filter((f) => f.status === 'fail').map((f) => f.id);

describe('team check', () => {
	it('passes on the account as the lead prepared it', async () => {
		const {check} = await leadWorld('team-ready');
		const report = await check();
		expect(report.findings.map((f) => [f.id, f.status])).toEqual([
			['identity', 'pass'],
			['budget.account', 'pass'],
			['budget.bedrock', 'pass'],
			['cloudtrail.us-east-1', 'pass'],
			['cloudtrail.us-east-2', 'pass'],
			['invocation-logging.us-east-1', 'pass'],
			['invocation-logging.us-east-2', 'pass'],
			['permission-set', 'pass'],
		]);
		expect(report.ok).toBe(true);
	});

	it.each([
		['team-no-budget', ['budget.bedrock'], /no budget is filtered to Amazon Bedrock/],
		['team-wrong-thresholds', ['budget.bedrock'], /lacks the 50 % actual, 80 % actual, 100 % forecast alerts/],
		['team-trail-off', ['cloudtrail.us-east-1', 'cloudtrail.us-east-2'], /org-audit exists but is not logging/],
		['team-trail-no-management', ['cloudtrail.us-east-1', 'cloudtrail.us-east-2'], /org-audit is logging, but not management events/],
		['team-no-logging', ['invocation-logging.us-east-1', 'invocation-logging.us-east-2'], /not configured/],
		['team-policy-drift', ['permission-set'], /differs from the generated policy/],
		['team-no-read', ['budget.bedrock', 'cloudtrail.us-east-1', 'cloudtrail.us-east-2', 'permission-set'], /not visible to your role: (budgets:ViewBudget|cloudtrail:DescribeTrails|sso:ListInstances) is denied/],
	])('%s: finds exactly %j', async (scenario, ids, summary) => {
		const {check} = await leadWorld(scenario);
		const report = await check();
		expect(failing(report)).toEqual(ids);
		expect(report.ok).toBe(false);
		for (const finding of report.findings.filter((f) => f.status === 'fail')) {
			expect(finding.summary).toMatch(summary);
			expect(finding.fix?.length).toBeGreaterThan(0);
		}
	});
});
