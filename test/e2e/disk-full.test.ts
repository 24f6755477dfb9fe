// The disk full at each write of a run in turn, for real: HOME on a small tmpfs (root only), filled so that
// 0, 1, 2, ... pages stay free, then the SSO profile, Codex config and summary steps run against the
// simulated AWS with the real Codex judging the config. Every file must then be the old one or the new one
// (never cut short, never empty), no temp file may remain, and a failed run says which file could not be
// written and exits 1 (before: a short write was fsynced and renamed into place, and the config.toml case
// exited 0 because codex doctor judged the text in memory).
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {codexConfig} from '../../source/core/steps/codex-config.js';
import {ssoProfile} from '../../source/core/steps/sso-profile.js';
import {summary} from '../../source/core/steps/summary.js';
import {CODEX} from '../helpers/codex.js';
import {canMountTmpfs, mountSmallDisk, type SmallDisk} from '../helpers/tmpfs.js';
import {SSO_FLAGS, wizardWorld} from '../helpers/wizard.js';

const NODE_DIR = path.dirname(process.execPath);
// Both files are more than a page, so a write cut at 4096 bytes would show.
const OLD_AWS = `# my AWS config\n[default]\nregion = eu-west-1\n${Array.from({length: 120}, (_, i) => `\n[profile team-${i}]\nregion = us-west-2\noutput = json\n`).join('')}`;
const OLD_TOML = `# my Codex settings\napproval_policy = "on-request"\n${Array.from({length: 150}, (_, i) => `\n[projects."/work/repo-${i}"]\ntrust_level = "trusted"\n`).join('')}`;
const FLAGS = {...SSO_FLAGS, profile: 'codex-bedrock', yes: true};
const ANSWERS = {region: 'us-east-1', model: 'openai.gpt-5.4'};

function walk(dir: string, out: string[] = []): string[] {
	for (const name of readdirSync(dir)) {
		const file = path.join(dir, name);
		try {
			walk(file, out);
		} catch {
			out.push(file);
		}
	}
	return out;
}

describe.skipIf(!canMountTmpfs())('disk full at each write in turn (a real tmpfs)', () => {
	let disk: SmallDisk;
	beforeAll(() => {
		disk = mountSmallDisk(1024);
	});
	afterAll(() => disk.unmount());

	async function trial(freePages: number | undefined) {
		const home = path.join(disk.dir, 'home');
		disk.unfill();
		rmSync(home, {recursive: true, force: true});
		mkdirSync(path.join(home, '.aws'), {recursive: true, mode: 0o700});
		mkdirSync(path.join(home, '.codex'), {recursive: true, mode: 0o700});
		writeFileSync(path.join(home, '.aws', 'config'), OLD_AWS, {mode: 0o644});
		writeFileSync(path.join(home, '.codex', 'config.toml'), OLD_TOML, {mode: 0o600});
		const w = await wizardWorld('happy', {home});
		vi.stubEnv('PATH', `${path.dirname(CODEX)}:${NODE_DIR}:/usr/bin:/bin`);
		if (freePages !== undefined) disk.leave(freePages);
		const run = await w.run([ssoProfile, codexConfig, summary], FLAGS, {answers: ANSWERS});
		disk.unfill();
		return {home, ...run};
	}

	it('every file is old or new, never torn or empty; the failure names the file; exit 0 only when all is written', {timeout: 240_000}, async () => {
		const ok = await trial(undefined);
		expect(ok.result.exitCode).toBe(0);
		const NEW_AWS = readFileSync(path.join(ok.home, '.aws', 'config'), 'utf8');
		const NEW_TOML = readFileSync(path.join(ok.home, '.codex', 'config.toml'), 'utf8');
		expect(NEW_AWS).not.toBe(OLD_AWS);
		expect(NEW_TOML).not.toBe(OLD_TOML);

		const failedAt = new Set<string>();
		let reachedSuccess = false;
		for (let pages = 0; pages <= 24 && !reachedSuccess; pages++) {
			const t = await trial(pages);
			const aws = readFileSync(path.join(t.home, '.aws', 'config'), 'utf8');
			const toml = readFileSync(path.join(t.home, '.codex', 'config.toml'), 'utf8');
			expect([OLD_AWS, NEW_AWS], `${pages} pages free: ~/.aws/config is torn (${aws.length} bytes)`).toContain(aws);
			expect([OLD_TOML, NEW_TOML], `${pages} pages free: config.toml is torn (${toml.length} bytes)`).toContain(toml);
			const files = walk(t.home);
			expect(files.filter((f) => f.includes('.cbs-tmp-')), `${pages} pages free: temp files left`).toEqual([]);
			for (const file of files) {
				const bytes = readFileSync(file);
				if (/\.bak-/.test(file)) expect([OLD_AWS, OLD_TOML], `${pages}: partial backup ${file}`).toContain(bytes.toString('utf8'));
				if (file.includes(`${path.sep}sso${path.sep}cache${path.sep}`)) expect(() => JSON.parse(bytes.toString('utf8')), `${pages}: torn cache ${file}`).not.toThrow();
			}
			if (t.result.exitCode === 0) {
				// Success means every file is new.
				expect(aws).toBe(NEW_AWS);
				expect(toml).toBe(NEW_TOML);
				reachedSuccess = true;
				continue;
			}
			expect(t.result.exitCode).toBe(1);
			const failure = t.result.state.failure!;
			expect(failure.code, `${pages} pages free: ${failure.message}`).toBe('file.no-space');
			expect(failure.message).toMatch(/^Could not write .+: the disk is full \(ENOSPC\); .+ is unchanged\.$/);
			expect(failure.diagnosis?.ruleId).toBe('local.disk-full');
			failedAt.add(failure.message.replace(/^Could not write (.+?): the disk is full.*$/, '$1').replace(/[0-9a-f]{40}\.json/, '<sha1>.json').replace(/readiness-\S+/, 'readiness-<time>'));
		}
		expect(reachedSuccess).toBe(true);
		// The full disk met many different writes of the run, one after the other.
		console.log(`disk full: the run failed at ${[...failedAt].join(', ')}`);
		expect(failedAt.size).toBeGreaterThanOrEqual(4);
		expect([...failedAt]).toEqual(expect.arrayContaining(['~/.aws/config', '~/.codex/config.toml']));
	});
});
