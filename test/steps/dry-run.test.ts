// --dry-run end to end: every step against the simulated AWS, with the real Codex on PATH, in a HOME
// that already has an ~/.aws/config and a config.toml. Every diff is shown; afterwards HOME is byte for
// byte what it was (names, modes, contents), and nothing that costs money or changes the account ran.
import {chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import type {Flags} from '../../source/core/context.js';
import {STEPS} from '../../source/core/steps/index.js';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {CODEX} from '../helpers/codex.js';
import {snapshot} from '../helpers/snapshot.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const NODE_DIR = path.dirname(process.execPath);

const EXISTING_AWS = '# my AWS config\n[default]\nregion = eu-west-1\n\n[profile other]\nregion = us-west-2\n';
const EXISTING_TOML = '# my Codex settings\napproval_policy = "on-request"\n\n[tui]\nanimations = false\n';

async function home(options: {toml?: string; path?: string} = {}) {
	const w = await wizardWorld('happy');
	mkdirSync(path.join(w.home, '.aws'), {recursive: true, mode: 0o700});
	writeFileSync(path.join(w.home, '.aws', 'config'), EXISTING_AWS, {mode: 0o644});
	mkdirSync(path.join(w.home, '.codex'), {recursive: true, mode: 0o700});
	writeFileSync(path.join(w.home, '.codex', 'config.toml'), options.toml ?? EXISTING_TOML, {mode: 0o600});
	vi.stubEnv('PATH', options.path ?? `${path.dirname(CODEX)}:${NODE_DIR}:/usr/bin:/bin`);
	return w;
}

const FLAGS: Flags = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', 'skip-codex-exec': true, 'dry-run': true};

describe('--dry-run', () => {
	it('a full --yes run shows every diff and leaves HOME byte for byte unchanged', async () => {
		const w = await home();
		const before = snapshot(w.home);
		const {result, blocks, notes, renderer} = await w.run([...STEPS], FLAGS, {dryRun: true});
		expect(result.exitCode).toBe(0);
		expect(snapshot(w.home)).toEqual(before);

		// The diffs were shown.
		const aws = blocks.find((b) => b.title === 'Changes to ~/.aws/config')!;
		expect(aws.lines).toContain('+[profile codex-bedrock]');
		const toml = blocks.find((b) => b.title === 'Changes to ~/.codex/config.toml')!;
		expect(toml.lines).toContain('+model_provider = "amazon-bedrock"');
		// It says it is a dry run, and what it did not do.
		expect(notes[0]).toMatch(/^Dry run: every change is shown as a diff and nothing is written/);
		expect(notes).toContain('Dry run: ~/.aws/config is not written.');
		expect(notes).toContain('Dry run: ~/.codex/config.toml is not written.');
		expect(notes.some((n) => n.startsWith('Dry run: the sign-in is kept in memory only; the token cache ~/.aws/sso/cache/'))).toBe(true);
		expect(notes.some((n) => n.startsWith('Dry run: no test prompt is sent'))).toBe(true);
		expect(renderer.asked).toEqual([]);

		// The later steps got role credentials from the portal with the in-memory token (no profile on disk).
		const ops = w.fake.state.log.map((l) => l.operation);
		expect(ops).toContain('GetRoleCredentials');
		expect(ops).toContain('GetCallerIdentity');
		expect(ops).not.toContain('MantleResponses');
		expect(result.state.answers).toMatchObject({profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', identityArn: expect.stringContaining('assumed-role')});

		// The summary speaks in the conditional; the readiness record is shown, not written.
		const what = blocks.find((b) => b.title.startsWith('What a real run would set up'))!;
		expect(what.lines).toContain('Would update: ~/.aws/config');
		expect(what.lines).toContain('Would update: ~/.codex/config.toml');
		const record = blocks.find((b) => b.title.startsWith('Readiness record (dry run: not written'))!;
		expect(record.lines).toContain('> **Dry run**: nothing was written and no test prompt was sent. This is what a real run would set up.');
		expect(existsSync(path.join(w.home, '.codex-bedrock-setup'))).toBe(false);
		const steps = Object.fromEntries(result.state.steps.map((s) => [s.id, s]));
		expect(steps['test-prompt']).toMatchObject({status: 'skipped', summary: 'skipped (--dry-run): the setup is unproven'});
		expect(steps['summary']!.summary).toBe('dry run: 2 files would be written, nothing written');
		expect(result.state.files.map((f) => f.action)).toEqual(['would-update', 'would-update', 'would-create', 'would-create']);
	});

	it('on an empty HOME: creates nothing at all (no ~/.aws, no ~/.codex, no token or registration cache)', async () => {
		const w = await wizardWorld('happy');
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${NODE_DIR}:/usr/bin:/bin`);
		const before = snapshot(w.home);
		const {result, blocks} = await w.run([...STEPS], FLAGS, {dryRun: true});
		expect(result.exitCode).toBe(0);
		expect(snapshot(w.home)).toEqual(before);
		expect(blocks.find((b) => b.title === 'Changes to ~/.aws/config')?.lines[0]).toBe('--- /dev/null');
		expect(result.state.files.slice(0, 2).map((f) => f.action)).toEqual(['would-create', 'would-create']);
	});

	it('a config.toml that does not parse is not renamed; the new file is shown', async () => {
		const w = await home({toml: 'model = "unterminated\n'});
		const before = snapshot(w.home);
		const {result, notes, blocks} = await w.run([ssoProfile, region, modelAccess, codexConfig], {...FLAGS, 'set-aside-broken-config': true}, {dryRun: true});
		expect(result.exitCode).toBe(0);
		expect(snapshot(w.home)).toEqual(before);
		expect(notes.some((n) => /^Dry run: a real run would rename ~\/\.codex\/config\.toml to config\.toml\.broken-\d{8}T\d{6}Z/.test(n))).toBe(true);
		expect(blocks.find((b) => b.title === 'Changes to ~/.codex/config.toml')?.lines).toContain('+model_provider = "amazon-bedrock"');
	});

	it('npm install -g is not run, even with --install-codex; it says what a real run would run', async () => {
		const marker = path.join(mkdtempSync(path.join(tmpdir(), 'cbs-npm-')), 'ran');
		const bin = mkdtempSync(path.join(tmpdir(), 'cbs-bin-'));
		writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\ntouch ${marker}\n`);
		// Codex missing (a codex that does not run stands in for none, whatever /usr/bin holds).
		writeFileSync(path.join(bin, 'codex'), '#!/bin/sh\nexit 127\n');
		for (const name of ['npm', 'codex']) chmodSync(path.join(bin, name), 0o755);
		const w = await home({path: `${bin}:${NODE_DIR}:/usr/bin:/bin`});
		const {result, notes} = await w.run([ssoProfile, region, modelAccess, codexConfig], {...FLAGS, 'install-codex': true}, {dryRun: true});
		expect(result.exitCode).toBe(0);
		expect(existsSync(marker)).toBe(false);
		expect(notes).toContain('Dry run: a real run would offer to run npm install -g @openai/codex@latest (only after your yes, or with --install-codex); nothing is installed now.');
	});

	it('a Marketplace agreement is not created, even with --accept-agreement', async () => {
		const w = await wizardWorld('agreement-needed');
		const {result, notes} = await w.run([ssoProfile, region, modelAccess], {...FLAGS, 'accept-agreement': true}, {dryRun: true});
		expect(result.exitCode).toBe(0);
		const ops = w.fake.state.log.map((l) => l.operation);
		expect(ops).toContain('ListFoundationModelAgreementOffers');
		expect(ops).not.toContain('CreateFoundationModelAgreement');
		expect(notes.some((n) => n.startsWith('Dry run: the agreement for') && n.includes('is not created'))).toBe(true);
		expect(result.state.steps.find((s) => s.id === 'model-access')?.summary).toBe('openai.gpt-5.4 · agreement needed (not created: dry run)');
	});
});
