// SIGKILL during a write: a child process rewrites a 1 MB file with applyWrite (backup, temp file, fsync,
// rename) in a loop, and is killed at a different point each time. The file must then be the old content
// or the new one, whole, with its mode; what else a kill can leave next to it is counted and reported.
import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'fixtures', 'write-loop.ts');
const TRIALS = 16;

/** A TOML file of about 1 MB whose every line says which version it is. */
function content(version: string): string {
	const lines = ['# codex config, version ' + version];
	for (let i = 0; i < 16_000; i++) lines.push(`key_${i} = "${version}-${'x'.repeat(48)}"`);
	return `${lines.join('\n')}\n# end of version ${version}\n`;
}

function killDuringWrites(dir: string, delayMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path.join(dir, 'config.toml'), path.join(dir, 'a'), path.join(dir, 'b')], {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		child.stdout.once('data', () => {
			// The fault's position, not a wait: each trial kills at a different moment of the loop.
			setTimeout(() => child.kill('SIGKILL'), delayMs);
		});
		child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the write loop ended by itself (${code}): ${stderr}`))));
	});
}

describe('SIGKILL during applyWrite', () => {
	it(`leaves the old file or the new one, never a torn one (${TRIALS} kills at different points)`, {timeout: 120_000}, async () => {
		const a = content('A');
		const b = content('B');
		const leftovers: string[] = [];
		const tornBackups: string[] = [];
		let sawA = 0;
		let sawB = 0;
		for (let trial = 0; trial < TRIALS; trial++) {
			const dir = mkdtempSync(path.join(tmpdir(), 'cbs-kill-'));
			writeFileSync(path.join(dir, 'a'), a);
			writeFileSync(path.join(dir, 'b'), b);
			writeFileSync(path.join(dir, 'config.toml'), a, {mode: 0o600});
			await killDuringWrites(dir, 5 + trial * 9);
			const now = readFileSync(path.join(dir, 'config.toml'), 'utf8');
			expect(now === a || now === b, `trial ${trial}: config.toml is torn (${now.length} bytes)`).toBe(true);
			if (now === a) sawA++;
			else sawB++;
			expect(statSync(path.join(dir, 'config.toml')).mode & 0o777).toBe(0o600);
			const names = readdirSync(dir);
			// The next run's first write in this directory sweeps what the killed one left.
			const {sweepStaleTempFiles} = await import('../../source/core/safe-write.js');
			await sweepStaleTempFiles(dir);
			expect(readdirSync(dir).filter((n) => n.includes('cbs-tmp')), `trial ${trial}: temp file outlived the sweep`).toEqual([]);
			for (const name of names) {
				if (['a', 'b', 'config.toml'].includes(name)) continue;
				if (/^config\.toml\.bak-/.test(name)) {
					const backup = readFileSync(path.join(dir, name), 'utf8');
					if (backup !== a && backup !== b) tornBackups.push(`trial ${trial}: ${name} (${backup.length} bytes)`);
				} else {
					leftovers.push(`trial ${trial}: ${name}`);
				}
			}
		}
		// The kills landed on both sides of the rename.
		expect(sawA).toBeGreaterThan(0);
		expect(sawB).toBeGreaterThan(0);
		// Backups are written whole and fsynced before they get their name: never a partial one.
		expect(tornBackups).toEqual([]);
		// What a SIGKILL can leave beside the file (nothing can clean up after SIGKILL): our temp file
		// `.config.toml.cbs-tmp-<pid>-<random>` (mode 0600 or the file's, never read by Codex or the AWS CLI),
		// which the next write in that directory removes (its process is gone).
		for (const name of leftovers) expect(name).toMatch(/: \.config\.toml(\.bak-[0-9TZ-]+)?\.cbs-tmp-\d+-[0-9a-f]+$/);
		console.log(`SIGKILL x${TRIALS}: old ${sawA}, new ${sawB}; temp files left: ${leftovers.length} (removed by the next run); partial backups: ${tornBackups.length}`);
	});
});
