// SIGKILL during a write, at every point: a child process rewrites a file with applyWrite (backup, temp
// file, fsync, rename) and kills itself right before its N-th file-system call, for every N from the
// first call to the last (fixtures/write-killed-at.ts lists them). Deterministic: each trial dies at a
// known call, not after a delay. The file must then be the old content or the new one, whole, with its
// mode; a backup, if it has its name, is whole; what else a kill leaves is only our temp files, which the
// next write in that directory sweeps.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {sweepStaleTempFiles} from '../../source/core/safe-write.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'fixtures', 'write-killed-at.ts');

/** A TOML file of about 100 kB whose every line says which version it is. */
function content(version: string): string {
	const lines = ['# codex config, version ' + version];
	for (let i = 0; i < 1_600; i++) lines.push(`key_${i} = "${version}-${'x'.repeat(48)}"`);
	return `${lines.join('\n')}\n# end of version ${version}\n`;
}

function trial(killAt: number | 'list') {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-kill-'));
	writeFileSync(path.join(dir, 'config.toml'), content('A'), {mode: 0o600});
	writeFileSync(path.join(dir, 'b'), content('B'));
	const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, path.join(dir, 'config.toml'), path.join(dir, 'b')], {cwd: ROOT, encoding: 'utf8', env: {...process.env, KILL_AT: String(killAt)}, timeout: 60_000});
	return {dir, child};
}

describe('SIGKILL during applyWrite', () => {
	it('before each of its file-system calls in turn: the old file or the new one, whole, never torn; only temp files left, swept next time', {timeout: 180_000}, async () => {
		const listed = trial('list');
		expect(listed.child.status, listed.child.stderr).toBe(0);
		const calls = listed.child.stdout.trim().split('\n');
		const renameAt = calls.findIndex((c) => /^rename \.config\.toml\.cbs-tmp-\S+ config\.toml$/.test(c));
		const backupAt = calls.findIndex((c) => /^link \.config\.toml\.bak-\S+\.cbs-tmp-\S+ config\.toml\.bak-/.test(c));
		// The order that makes it safe: the backup is whole and fsynced before it gets its name; the new
		// content is whole and fsynced before the rename puts it in place.
		expect(backupAt).toBeGreaterThan(calls.findIndex((c) => c.startsWith('sync (.config.toml.bak-')));
		expect(renameAt).toBeGreaterThan(calls.findIndex((c) => c.startsWith('sync (.config.toml.cbs-tmp-')));
		expect(renameAt).toBeGreaterThan(backupAt);

		const a = content('A');
		const b = content('B');
		for (let n = 0; n < calls.length; n++) {
			const {dir, child} = trial(n);
			expect(child.signal, `kill before call ${n} (${calls[n]}): ${child.stderr}`).toBe('SIGKILL');
			const now = readFileSync(path.join(dir, 'config.toml'), 'utf8');
			// Before the rename, the old file; from the rename on, the new one.
			expect(now === (n <= renameAt ? a : b), `kill before call ${n} (${calls[n]}): config.toml is ${now === a ? 'old' : now === b ? 'new' : `torn (${now.length} bytes)`}`).toBe(true);
			expect(statSync(path.join(dir, 'config.toml')).mode & 0o777).toBe(0o600);
			const others = readdirSync(dir).filter((name) => !['b', 'config.toml'].includes(name));
			for (const name of others) {
				if (/^config\.toml\.bak-[0-9TZ-]+$/.test(name)) {
					expect(n, `a backup with its name before the link (call ${n})`).toBeGreaterThan(backupAt);
					expect(readFileSync(path.join(dir, name), 'utf8') === a, `kill before call ${n}: backup ${name} is not the old file whole`).toBe(true);
				} else {
					// Nothing can clean up after SIGKILL: our temp file `.config.toml.cbs-tmp-<pid>-<random>`
					// (or the backup's), mode 0600, never read by Codex or the AWS CLI.
					expect(name, `kill before call ${n}: unexpected ${name}`).toMatch(/^\.config\.toml(\.bak-[0-9TZ-]+)?\.cbs-tmp-\d+-[0-9a-f]+$/);
				}
			}
			// The next run's first write in this directory sweeps them (their process is gone).
			await sweepStaleTempFiles(dir);
			expect(readdirSync(dir).filter((name) => name.includes('cbs-tmp')), `kill before call ${n}: temp file outlived the sweep`).toEqual([]);
		}
	});
});
