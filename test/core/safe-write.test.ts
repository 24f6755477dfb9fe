// The conditions produced for real: symlinks (dangling too) and hard links as dotfile managers make them,
// read-only files and directories, a full disk (a small tmpfs, root only), root writing in another user's
// HOME, and what a killed run leaves behind.
import {spawnSync} from 'node:child_process';
import {chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applyWrite, planWrite, readIfExists} from '../../source/core/files.js';
import {liveTempFiles, safeWrite, sweepStaleTempFiles} from '../../source/core/safe-write.js';
import {canMountTmpfs, mountSmallDisk, type SmallDisk} from '../helpers/tmpfs.js';

const now = Date.UTC(2026, 10, 23, 9, 30, 15);
const dir = () => mkdtempSync(path.join(tmpdir(), 'cbs-safe-'));
const ROOT = process.getuid?.() === 0;

async function rewrite(file: string, after: string, options: {breakHardLinks?: boolean} = {}) {
	return applyWrite(planWrite(file, await readIfExists(file), after), {now, ...options});
}

describe('dotfile managers: links', () => {
	it('a symlink whose target does not exist yet stays a symlink; the file is created at its target', async () => {
		const home = dir();
		mkdirSync(path.join(home, 'dotfiles', 'aws'), {recursive: true});
		mkdirSync(path.join(home, '.aws'));
		symlinkSync('../dotfiles/aws/config', path.join(home, '.aws', 'config'));
		const written = await rewrite(path.join(home, '.aws', 'config'), '[profile a]\n');
		expect(written.action).toBe('created');
		expect(lstatSync(path.join(home, '.aws', 'config')).isSymbolicLink()).toBe(true);
		expect(readlinkSync(path.join(home, '.aws', 'config'))).toBe('../dotfiles/aws/config');
		expect(readFileSync(path.join(home, 'dotfiles', 'aws', 'config'), 'utf8')).toBe('[profile a]\n');
		expect(statSync(path.join(home, 'dotfiles', 'aws', 'config')).mode & 0o777).toBe(0o600);
	});

	it('a chain of symlinks to an existing file: written at the end of the chain, mode kept, backup next to the name the user knows', async () => {
		const home = dir();
		mkdirSync(path.join(home, 'dotfiles'));
		writeFileSync(path.join(home, 'dotfiles', 'config.toml'), 'a = 1\n', {mode: 0o640});
		symlinkSync(path.join(home, 'dotfiles', 'config.toml'), path.join(home, 'middle'));
		symlinkSync(path.join(home, 'middle'), path.join(home, 'config.toml'));
		const written = await rewrite(path.join(home, 'config.toml'), 'a = 2\n');
		expect(lstatSync(path.join(home, 'config.toml')).isSymbolicLink()).toBe(true);
		expect(lstatSync(path.join(home, 'middle')).isSymbolicLink()).toBe(true);
		expect(readFileSync(path.join(home, 'dotfiles', 'config.toml'), 'utf8')).toBe('a = 2\n');
		expect(statSync(path.join(home, 'dotfiles', 'config.toml')).mode & 0o777).toBe(0o640);
		expect(path.dirname(written.backup!)).toBe(home);
		expect(readFileSync(written.backup!, 'utf8')).toBe('a = 1\n');
		expect(statSync(written.backup!).mode & 0o777).toBe(0o600);
		expect(readdirSync(path.join(home, 'dotfiles'))).toEqual(['config.toml']);
	});

	it('a hard link is not broken silently: refused with the reason; replaced only when the caller says so', async () => {
		const home = dir();
		writeFileSync(path.join(home, 'checkout-config'), 'one\n');
		linkSync(path.join(home, 'checkout-config'), path.join(home, 'config'));
		await expect(rewrite(path.join(home, 'config'), 'two\n')).rejects.toMatchObject({failure: {code: 'file.hard-link', message: expect.stringMatching(/has 2 hard links: an atomic write would give it a new inode .*nothing was written/)}});
		expect(readFileSync(path.join(home, 'config'), 'utf8')).toBe('one\n');
		expect(statSync(path.join(home, 'config')).nlink).toBe(2);
		expect(readdirSync(home).sort()).toEqual(['checkout-config', 'config']);
		await rewrite(path.join(home, 'config'), 'two\n', {breakHardLinks: true});
		expect(readFileSync(path.join(home, 'config'), 'utf8')).toBe('two\n');
		expect(readFileSync(path.join(home, 'checkout-config'), 'utf8')).toBe('one\n');
	});
});

describe('permissions and ownership', () => {
	it('a file the user made read-only (0444) is not replaced, also by root; the message names the local problem', async () => {
		const home = dir();
		const file = path.join(home, 'config');
		writeFileSync(file, 'mine\n');
		chmodSync(file, 0o444);
		await expect(rewrite(file, 'theirs\n')).rejects.toMatchObject({failure: {code: 'file.read-only', nodeCode: 'EACCES', message: expect.stringMatching(/is read-only \(mode 0444\): it was made read-only on this machine.*nothing was written/)}});
		expect(readFileSync(file, 'utf8')).toBe('mine\n');
		expect(statSync(file).mode & 0o777).toBe(0o444);
		expect(readdirSync(home)).toEqual(['config']);
	});

	it('a directory that is not writable is refused before anything is written there', async () => {
		const home = dir();
		const aws = path.join(home, '.aws');
		mkdirSync(aws);
		writeFileSync(path.join(aws, 'config'), 'mine\n', {mode: 0o600});
		chmodSync(aws, 0o555);
		await expect(rewrite(path.join(aws, 'config'), 'theirs\n')).rejects.toMatchObject({failure: {code: 'file.read-only', message: expect.stringMatching(/directory .*\.aws is not writable \(mode 0555\)/)}});
		expect(readdirSync(aws)).toEqual(['config']);
		expect(readFileSync(path.join(aws, 'config'), 'utf8')).toBe('mine\n');
	});

	it.skipIf(!ROOT)('run as root in another user\'s HOME: new files, directories and backups belong to the HOME\'s owner; replaced files keep theirs', async () => {
		const home = dir();
		chownSync(home, 65534, 65534);
		const file = path.join(home, '.aws', 'config');
		await rewrite(file, 'one\n');
		expect(statSync(path.join(home, '.aws'))).toMatchObject({uid: 65534, gid: 65534});
		expect(statSync(file)).toMatchObject({uid: 65534, gid: 65534});
		const written = await rewrite(file, 'two\n');
		expect(statSync(file)).toMatchObject({uid: 65534, gid: 65534});
		expect(statSync(written.backup!)).toMatchObject({uid: 65534, gid: 65534});
		const {writeToken} = await import('../../source/core/aws-config/token-cache.js');
		await writeToken(path.join(home, '.aws', 'sso', 'cache', 'x.json'), {startUrl: 'u', region: 'us-east-1', accessToken: 't', expiresAt: '2030-01-01T00:00:00Z'});
		expect(statSync(path.join(home, '.aws', 'sso'))).toMatchObject({uid: 65534});
		expect(statSync(path.join(home, '.aws', 'sso', 'cache', 'x.json'))).toMatchObject({uid: 65534, gid: 65534});
	});
});

describe.skipIf(!canMountTmpfs())('disk full (a 512 KiB tmpfs)', () => {
	let disk: SmallDisk;
	beforeAll(() => {
		disk = mountSmallDisk();
	});
	afterAll(() => disk.unmount());

	it('a short write is never committed: the file stays whole, the message names it, no temp file is left', async () => {
		const file = path.join(disk.dir, `config-${Date.now()}.toml`);
		const old = `# mine\n${'x = 1\n'.repeat(2000)}`; // 12 KB: more than the one page left
		writeFileSync(file, old);
		try {
			disk.leave(1);
			await expect(applyWrite(planWrite(file, old, old.replace('# mine', '# new')), {now, shown: '~/.codex/config.toml'})).rejects.toMatchObject({
				failure: {code: 'file.no-space', message: 'Could not write the backup of ~/.codex/config.toml: the disk is full (ENOSPC); ~/.codex/config.toml is unchanged.'},
			});
			// Without the backup in the way: the write itself meets the full disk.
			await expect(safeWrite(file, old.replace('# mine', '# new'), {mode: 0o600, shown: '~/.codex/config.toml'})).rejects.toMatchObject({
				failure: {code: 'file.no-space', message: 'Could not write ~/.codex/config.toml: the disk is full (ENOSPC); ~/.codex/config.toml is unchanged.'},
			});
			expect(readFileSync(file, 'utf8')).toBe(old);
			expect(readdirSync(disk.dir).filter((n) => n.includes('cbs-tmp'))).toEqual([]);
			expect(liveTempFiles()).toEqual([]);
		} finally {
			disk.unfill();
		}
	});
});

describe('temp files never outlive the run', () => {
	it('a temp file left by a killed run (its process gone) is removed by the next write in that directory; a live one is not', async () => {
		const home = dir();
		const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
		writeFileSync(path.join(home, `.abc.json.cbs-tmp-${dead}-deadbeef`), '{"accessToken": "secret"}');
		writeFileSync(path.join(home, `.abc.json.cbs-tmp-${process.pid}-0badf00d`), 'mine');
		writeFileSync(path.join(home, 'notes.cbs-tmp-1-aa'), 'not ours: no leading dot');
		await safeWrite(path.join(home, 'abc.json'), '{}', {mode: 0o600});
		expect(readdirSync(home).sort()).toEqual([`.abc.json.cbs-tmp-${process.pid}-0badf00d`, 'abc.json', 'notes.cbs-tmp-1-aa']);
		expect(await sweepStaleTempFiles(home)).toEqual([]);
	});
});
