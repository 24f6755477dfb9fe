// A small real file system that can be filled up: a tmpfs mounted in a temp directory (needs root, as in
// this project's CI container; tests that need it are skipped elsewhere and say so). `leave(bytes)` fills
// it so that only about that much space is free (tmpfs counts whole 4 KiB pages).
import {execFileSync} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, rmSync, statfsSync, ftruncateSync, writeSync, fstatSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

export const PAGE = 4096;

export function canMountTmpfs(): boolean {
	if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-tmpfs-probe-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], {stdio: 'ignore'});
		execFileSync('umount', [dir], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

export interface SmallDisk {
	dir: string;
	/** Fill the disk so that `pages` pages stay free. */
	leave(pages: number): void;
	/** Free what leave() took. */
	unfill(): void;
	free(): number;
	unmount(): void;
}

export function mountSmallDisk(sizeKb = 512): SmallDisk {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-tmpfs-'));
	execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir]);
	const filler = path.join(dir, '.filler');
	return {
		dir,
		leave(pages) {
			const fd = openSync(filler, 'w');
			const chunk = Buffer.alloc(PAGE, 0x78);
			try {
				for (;;) writeSync(fd, chunk);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
			}
			const size = fstatSync(fd).size;
			ftruncateSync(fd, Math.max(0, size - (size % PAGE) - pages * PAGE));
			closeSync(fd);
		},
		unfill() {
			rmSync(filler, {force: true});
		},
		free() {
			const s = statfsSync(dir);
			return s.bavail * s.bsize;
		},
		unmount() {
			execFileSync('umount', ['-l', dir], {stdio: 'ignore'});
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
