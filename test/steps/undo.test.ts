// `codex-bedrock-setup undo`: a real run against the simulated AWS changes ~/.aws/config and config.toml
// (through a dotfiles symlink, with a set-aside broken file in one case); undo puts every one of them back
// byte for byte (content and mode), shows the diff first, refuses a file that changed since, and does
// nothing the second time. What undo leaves by design: the backups, the token cache, our own records.
import {chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {describe, expect, it, vi} from 'vitest';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {modelAccess} from '../../source/core/steps/model-access.js';
import {region} from '../../source/core/steps/region.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {summary} from '../../source/core/steps/summary.js';
import {undoCommand} from '../../source/undo-command.js';
import {CODEX, SYSTEM_PATH} from '../helpers/codex.js';
import {snapshot} from '../helpers/snapshot.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const FLAGS = {...SSO_FLAGS, profile: 'codex-bedrock', region: 'us-east-1', model: 'openai.gpt-5.4', yes: true};
const AWS = '# mine\r\n[default]\r\nregion = eu-west-1\r\n';
const TOML = '\uFEFF# my Codex settings\napproval_policy = "on-request"\n';

function sink() {
	let text = '';
	const stream = new Writable({write(chunk, _enc, done) { text += chunk.toString(); done(); }});
	return {stream, text: () => text};
}

/** The user's files: everything but the backups, the SSO caches and our own records (kept by design). */
function userFiles(home: string) {
	return Object.fromEntries(Object.entries(snapshot(home)).filter(([name]) => !/\.bak-|^\.aws\/sso|^\.codex-bedrock-setup/.test(name)));
}

async function setUp(files: {aws?: string; toml?: string} = {aws: AWS, toml: TOML}) {
	const w = await wizardWorld('happy');
	vi.stubEnv('PATH', `${path.dirname(CODEX)}:${SYSTEM_PATH}`);
	if (files.aws !== undefined) {
		// ~/.aws/config is a symlink into a dotfiles checkout, mode 0640 there.
		mkdirSync(path.join(w.home, 'dotfiles'), {recursive: true});
		writeFileSync(path.join(w.home, 'dotfiles', 'aws-config'), files.aws);
		chmodSync(path.join(w.home, 'dotfiles', 'aws-config'), 0o640);
		mkdirSync(path.join(w.home, '.aws'), {mode: 0o700});
		symlinkSync('../dotfiles/aws-config', path.join(w.home, '.aws', 'config'));
	}
	if (files.toml !== undefined) {
		mkdirSync(path.join(w.home, '.codex'), {recursive: true, mode: 0o700});
		writeFileSync(path.join(w.home, '.codex', 'config.toml'), files.toml, {mode: 0o600});
	}
	return w;
}

const undo = (w: Awaited<ReturnType<typeof setUp>>, flags: Record<string, boolean>) => {
	const out = sink();
	return undoCommand(flags, {terminal: false, output: out.stream, env: {...process.env, HOME: w.home}}).then((code) => ({code, text: out.text()}));
};

describe('undo', () => {
	it('restores every file the last run changed, byte for byte, after showing the diff; the second undo does nothing', async () => {
		const w = await setUp();
		const before = userFiles(w.home);
		const {result} = await w.run([ssoProfile, region, modelAccess, codexConfig, summary], FLAGS);
		expect(result.state.failure).toBeUndefined();
		expect(result.exitCode).toBe(0);
		expect(userFiles(w.home)).not.toEqual(before);
		expect(lstatSync(path.join(w.home, '.aws', 'config')).isSymbolicLink()).toBe(true);

		const dry = await undo(w, {'dry-run': true});
		expect(dry.code).toBe(0);
		expect(dry.text).toContain('~/.aws/config: back to its backup ~/.aws/config.bak-');
		expect(dry.text).toContain('  -[profile codex-bedrock]');
		expect(dry.text).toContain('  -model_provider = "amazon-bedrock"');
		expect(dry.text).toContain('Dry run: 2 files would be restored; nothing was written.');

		const done = await undo(w, {yes: true});
		expect(done.code).toBe(0);
		expect(done.text).toContain('Restored 2 files. The backups are kept.');
		expect(userFiles(w.home)).toEqual(before);
		expect(lstatSync(path.join(w.home, '.aws', 'config')).isSymbolicLink()).toBe(true);

		const again = await undo(w, {yes: true});
		expect(again.text).toMatch(/^Nothing to undo: the last run \(.+\) was undone at /);
	});

	it('a file that changed since the run is refused and kept; the others are restored', async () => {
		const w = await setUp();
		const aws = readFileSync(path.join(w.home, 'dotfiles', 'aws-config'));
		const {result} = await w.run([ssoProfile, region, modelAccess, codexConfig], FLAGS);
		expect(result.exitCode).toBe(0);
		const toml = path.join(w.home, '.codex', 'config.toml');
		writeFileSync(toml, `${readFileSync(toml, 'utf8')}# edited after the run\n`);
		const edited = readFileSync(toml);
		const done = await undo(w, {yes: true});
		expect(done.code).toBe(1);
		expect(done.text).toMatch(/✖ ~\/\.codex\/config\.toml: not restored: it changed since the run wrote it \(the change is kept\)\. Its backup stays at ~\/\.codex\/config\.toml\.bak-/);
		expect(readFileSync(toml)).toEqual(edited);
		expect(readFileSync(path.join(w.home, 'dotfiles', 'aws-config'))).toEqual(aws);
	});

	it('files the run created are removed, and a broken config.toml it set aside comes back', async () => {
		const broken = 'model = "unterminated\n';
		const w = await setUp({toml: broken});
		const {result} = await w.run([ssoProfile, region, modelAccess, codexConfig], {...FLAGS, 'set-aside-broken-config': true});
		expect(result.exitCode).toBe(0);
		expect(readFileSync(path.join(w.home, '.codex', 'config.toml'), 'utf8')).toContain('amazon-bedrock');
		const done = await undo(w, {yes: true});
		expect(done.code).toBe(0);
		expect(done.text).toMatch(/config\.toml\.broken-\d{8}T\d{6}Z is renamed back to ~\/\.codex\/config\.toml/);
		expect(readFileSync(path.join(w.home, '.codex', 'config.toml'), 'utf8')).toBe(broken);
		expect(existsSync(path.join(w.home, '.aws', 'config'))).toBe(false);
	});

	it('without a terminal: nothing to undo is said and exit 0; with something to restore it needs --yes (or --dry-run), exit 2 before any write', async () => {
		const w = await setUp();
		const nothing = await undo(w, {});
		expect(nothing.code).toBe(0);
		expect(nothing.text).toContain('Nothing to undo');
		const {result} = await w.run([ssoProfile, region, modelAccess, codexConfig, summary], FLAGS);
		expect(result.exitCode).toBe(0);
		const after = userFiles(w.home);
		await expect(undo(w, {})).rejects.toThrow(/undo asks before it restores: run it in a terminal, or add --yes/);
		expect(userFiles(w.home)).toEqual(after);
	});
});
