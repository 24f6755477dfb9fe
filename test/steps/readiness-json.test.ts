// The readiness record (summary step) and the --yes --json run report, after a full run of every step
// against the simulated AWS: their content and shape, 0600 files outside any repository, and not one of
// the secrets the simulated AWS issued anywhere in them.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import type {Flags} from '../../source/core/context.js';
import {buildReadinessRecord, readinessMarkdown, READINESS_TODO} from '../../source/core/readiness.js';
import {buildRunReport} from '../../source/core/run-report.js';
import {STEPS} from '../../source/core/steps/index.js';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {CODEX} from '../helpers/codex.js';
import {testContext} from '../helpers/context.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';
import {issuedSecrets} from '../helpers/fake-aws.js';

const FLAGS: Flags = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', 'skip-codex-exec': true};


function expectNoSecrets(fake: FakeAws, text: string) {
	const secrets = issuedSecrets(fake);
	expect(secrets.length).toBeGreaterThan(3);
	for (const secret of secrets) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(secret.slice(-24));
	}
}

async function fullRun(scenario = 'happy', flags: Flags = {}) {
	const w = await wizardWorld(scenario);
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${path.dirname(process.execPath)}:/usr/bin:/bin`);
	const run = await w.run([...STEPS], {...FLAGS, ...flags});
	return {...w, ...run};
}

describe('readiness record', () => {
	it('is written at the end of a run: Markdown and JSON, 0600 in ~/.codex-bedrock-setup (0700), path printed, no secret', async () => {
		const {home, result, notes, fake} = await fullRun();
		expect(result.exitCode).toBe(0);
		const dir = path.join(home, '.codex-bedrock-setup');
		expect(statSync(dir).mode & 0o777).toBe(0o700);
		// The records, and the journal `undo` reads (what this run changed: paths, backups, hashes).
		const all = readdirSync(dir).sort();
		const names = all.filter((n) => n !== 'last-run.json');
		expect(all).toContain('last-run.json');
		expect(names).toEqual([expect.stringMatching(/^readiness-\d{8}T\d{6}Z\.json$/), expect.stringMatching(/^readiness-\d{8}T\d{6}Z\.md$/)]);
		for (const name of all) expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
		expect(notes).toContain(`Readiness record: ~/.codex-bedrock-setup/${names[1]} (and .json)`);

		const markdown = readFileSync(path.join(dir, names[1]!), 'utf8');
		const json = JSON.parse(readFileSync(path.join(dir, names[0]!), 'utf8'));
		expect(json).toMatchObject({
			schemaVersion: 1,
			dryRun: false,
			tool: {name: 'codex-bedrock-setup', version: 'test'},
			codexVersion: '0.169.0',
			setup: {
				profile: 'codex-bedrock',
				identityArn: expect.stringContaining('assumed-role/AWSReservedSSO_BedrockDeveloper'),
				accountId: '111122223333',
				roleName: 'BedrockDeveloper',
				region: 'us-east-1',
				endpoint: 'https://bedrock-mantle.us-east-1.api.aws/openai/v1',
				model: 'openai.gpt-5.4',
				codexProfile: null,
				command: 'codex',
			},
			testPrompt: {status: 'done', summary: expect.stringContaining('openai.gpt-5.4 answered')},
			todo: READINESS_TODO,
		});
		expect(json.awsCliVersion === null || typeof json.awsCliVersion === 'string').toBe(true);
		expect(json.checks.map((c: {id: string}) => c.id)).toEqual(['preflight', 'sso-profile', 'region', 'model-access', 'codex-config', 'test-prompt']);
		expect(json.checks.every((c: {status: string}) => c.status === 'done')).toBe(true);

		expect(markdown).toMatch(/^# Codex on Amazon Bedrock: readiness record\n/);
		expect(markdown).toContain('- Endpoint: `https://bedrock-mantle.us-east-1.api.aws/openai/v1`');
		expect(markdown).toContain('- Model: `openai.gpt-5.4`');
		expect(markdown).toContain('| ✔ | Test prompt | done: openai.gpt-5.4 answered');
		expect(markdown).toContain('## To do: not checked by this tool');
		for (const entry of READINESS_TODO) expect(markdown).toContain(`- [ ] ${entry.item}`);
		expect(markdown).toMatch(/budget/i);
		expect(markdown).toContain('CloudTrail');
		expect(markdown).toContain('rollback owner');
		expectNoSecrets(fake, markdown + JSON.stringify(json));
	});

	it('words a partial run honestly: steps not reached, no endpoint without a region', () => {
		const ctx = testContext();
		const record = buildReadinessRecord(ctx, {
			answers: {profile: 'p'},
			steps: [
				{id: 'sso-profile', title: 'AWS SSO profile', status: 'done', summary: 'p'},
				{id: 'region', title: 'Region', status: 'skipped', summary: 'skipped'},
				{id: 'test-prompt', title: 'Test prompt', status: 'pending'},
			],
			versions: {codex: null, awsCli: null},
		});
		expect(record.setup).toMatchObject({profile: 'p', region: null, endpoint: null, model: null});
		expect(record.testPrompt).toEqual({status: 'pending', summary: 'not reached'});
		const markdown = readinessMarkdown(record);
		expect(markdown).toContain('- Codex CLI: not installed');
		expect(markdown).toContain('- Region: _not chosen in this run_');
		expect(markdown).toContain('- Start Codex with: _Codex is not configured yet: add the lines the summary shows to config.toml_');
		expect(markdown).not.toContain('not set');
		expect(markdown).toContain('| ○ | Test prompt | pending: not reached |');
	});
});

describe('--yes --json run report', () => {
	it('one document: steps, answers, files, the readiness record, and no secret the simulated AWS issued', async () => {
		const {result, ctx, fake, home} = await fullRun();
		const report = buildRunReport(ctx, result);
		const text = JSON.stringify(report, null, 2);
		expect(report).toMatchObject({
			schemaVersion: 1,
			tool: {name: 'codex-bedrock-setup', version: 'test'},
			dryRun: false,
			ok: true,
			exitCode: 0,
			answers: {profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', accountId: '111122223333', roleName: 'BedrockDeveloper', identityArn: expect.stringContaining('assumed-role'), codexProfile: null},
			readinessRecord: {markdown: expect.stringMatching(/\.codex-bedrock-setup\/readiness-.*\.md$/), json: expect.stringMatching(/\.json$/), written: true},
		});
		expect(report.steps.map((s) => [s.id, s.status])).toEqual(STEPS.map((s) => [s.id, 'done']));
		expect(report.steps.every((s) => s.failure === undefined)).toBe(true);
		expect(report.files).toEqual([
			{path: path.join(home, '.aws', 'config'), action: 'created', backup: null},
			{path: path.join(home, '.codex', 'config.toml'), action: 'created', backup: null},
		]);
		expectNoSecrets(fake, text);
		// The token cache on disk does hold them: the scan above would have caught a leak.
		const cache = path.join(home, '.aws', 'sso', 'cache');
		const cached = readdirSync(cache).map((f) => readFileSync(path.join(cache, f), 'utf8')).join('\n');
		expect(issuedSecrets(fake).some((s) => cached.includes(s))).toBe(true);
	});

	it('a failed run: ok false, exit code 1, the failing step with its typed failure and rule', async () => {
		const {result, ctx, fake} = await fullRun('mantle-iam-denied');
		const report = buildRunReport(ctx, result);
		expect(report).toMatchObject({ok: false, exitCode: 1, readinessRecord: null});
		const failed = report.steps.filter((s) => s.failure);
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatchObject({
			status: 'failed',
			failure: {code: expect.any(String), message: expect.any(String), httpStatus: 403, requestId: expect.stringMatching(/^req_|./), rule: {id: expect.any(String), cause: expect.any(String), fix: expect.any(Array), source: expect.any(String)}},
		});
		expectNoSecrets(fake, JSON.stringify(report));
	});

	it('a dry run: dryRun true, files would-*, the record not written', async () => {
		const w = await wizardWorld('happy');
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${path.dirname(process.execPath)}:/usr/bin:/bin`);
		const {result, ctx} = await w.run([...STEPS], {...FLAGS, 'dry-run': true}, {dryRun: true});
		const report = buildRunReport(ctx, result);
		expect(report.dryRun).toBe(true);
		expect(report.files.map((f) => f.action)).toEqual(['would-create', 'would-create']);
		expect(report.readinessRecord).toMatchObject({written: false, markdown: expect.stringContaining('.codex-bedrock-setup/readiness-')});
		expectNoSecrets(w.fake, JSON.stringify(report));
	});
});
