// The one way bytes reach a user's file. Hand-written rather than write-file-atomic because that library
// (a) commits a short write: on a full disk write(2) returns fewer bytes than asked, it does not check, and
// fsync + rename then put a file cut at 4096 bytes in place of the user's; (b) replaces a symlink whose
// target does not exist yet with a regular file; (c) names its temp file `<name>.<number>` and leaves it
// after a kill. Here:
// - symlinks are followed to the end of the chain (a dangling one too): the write lands at the target,
//   atomically there (temp file in the target's directory, fsync, rename), so a dotfiles checkout stays
//   the one copy;
// - a hard link is never broken silently: the caller must pass `breakHardLinks` (the steps ask first),
//   because a rename gives the name a new inode and the other name keeps the old content;
// - a file the user made read-only, or a directory that is not writable, is refused with a message
//   naming the local permission problem (also as root, who could write anyway);
// - every byte is written (FileHandle.writeFile loops over short writes and throws ENOSPC), the size is
//   checked after fsync, and only then is the temp file renamed: the file is old or new, never torn;
// - temp files are `.<name>.cbs-tmp-<pid>-<random>`: removed on any failure and at exit, and a later run
//   removes those whose process is gone (what a SIGKILL leaves; one of them may hold a token);
// - run as root on another user's files (sudo keeping HOME): new files and directories get the owner of
//   the directory they are created in, replaced files keep their owner;
// - backups are written the same way (temp, fsync) and put in place with link(2), which never overwrites.
import {randomBytes} from 'node:crypto';
import {constants, unlinkSync} from 'node:fs';
import {access, chown, link, lstat, mkdir, open, readdir, readlink, rename, stat, unlink, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {StepError} from './errors.js';

const TEMP_MARK = '.cbs-tmp-';
const live = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', removeLiveTempFiles);
}

/** Remove every temp file this process still has (the exit hook; also called by signal handlers). */
export function removeLiveTempFiles(): void {
	for (const file of live) {
		try {
			unlinkSync(file);
		} catch {
			// already gone
		}
	}
	live.clear();
}

/** For tests: the temp files this process has open right now. */
export function liveTempFiles(): string[] {
	return [...live];
}

export function isTempName(name: string): boolean {
	return name.includes(TEMP_MARK);
}

function tempName(target: string): string {
	return path.join(path.dirname(target), `.${path.basename(target)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
}

function alive(pid: number): boolean {
	if (pid === process.pid) return true;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Remove temp files of ours in `dir` whose process is gone (a SIGKILL cannot clean up after itself). */
export async function sweepStaleTempFiles(dir: string): Promise<string[]> {
	let names: string[];
	try {
		names = await readdir(dir);
	} catch {
		return [];
	}
	const removed: string[] = [];
	for (const name of names) {
		const match = /\.cbs-tmp-(\d+)-[0-9a-f]+$/.exec(name);
		if (!match || !name.startsWith('.') || alive(Number(match[1]))) continue;
		await unlink(path.join(dir, name)).then(
			() => removed.push(name),
			() => {},
		);
	}
	return removed;
}

export interface Target {
	/** The path the bytes go to: the file itself, or the end of its symlink chain. */
	path: string;
	/** Symlinks followed to get there (empty when the file is not a link). */
	via: string[];
	/** How many names the file has (more than 1: a hard link). */
	links: number;
	exists: boolean;
	mode?: number;
	uid?: number;
	gid?: number;
}

/** Follow symlinks to the end, even when the last one points at a file that does not exist yet. */
export async function resolveTarget(file: string): Promise<Target> {
	let current = path.resolve(file);
	const via: string[] = [];
	for (let hops = 0; hops < 40; hops++) {
		let info;
		try {
			info = await lstat(current);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {path: current, via, links: 0, exists: false};
			throw error;
		}
		if (!info.isSymbolicLink()) {
			if (!info.isFile()) throw fileError('file.not-regular', current, `${current} is not a regular file; the wizard writes only regular files.`);
			return {path: current, via, links: info.nlink, exists: true, mode: info.mode & 0o7777, uid: info.uid, gid: info.gid};
		}
		via.push(current);
		current = path.resolve(path.dirname(current), await readlink(current));
	}
	throw fileError('file.not-regular', file, `${file}: too many symbolic links.`);
}

export interface HardLinkInfo {
	path: string;
	links: number;
}

/** Hard links a write would break (the steps ask before that happens). */
export async function hardLinked(file: string): Promise<HardLinkInfo | undefined> {
	const target = await resolveTarget(file).catch(() => undefined);
	return target && target.links > 1 ? {path: target.path, links: target.links} : undefined;
}

function fileError(code: string, file: string, message: string, nodeCode?: string): StepError {
	return Object.assign(new StepError({code, message, ...(nodeCode ? {nodeCode} : {})}), {file});
}

export function hardLinkError(target: Target, shown: string): StepError {
	return fileError('file.hard-link', target.path, `${shown} has ${target.links} hard links: an atomic write would give it a new inode and the other names would keep the old content; nothing was written.`);
}

function octal(mode: number): string {
	return (mode & 0o777).toString(8).padStart(4, '0');
}

/** A write failure in our words, naming the file and saying it is unchanged. */
export function describeWriteError(error: unknown, file: string, shown = file, unchanged = shown): StepError {
	if (error instanceof StepError) return error;
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'ESHORT') {
		return fileError('file.no-space', file, `Could not write ${shown}: the disk is full (${code === 'ESHORT' ? 'ENOSPC, short write' : code}); ${unchanged} is unchanged.`, code === 'ESHORT' ? 'ENOSPC' : code);
	}
	if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
		return fileError('file.permission', file, `Could not write ${shown}: permission denied on this machine (${code}); ${unchanged} is unchanged.`, code);
	}
	const message = error instanceof Error ? error.message : String(error);
	return fileError('file.write-failed', file, `Could not write ${shown} (${code ?? message}); ${unchanged} is unchanged.`, code);
}

async function isRoot(): Promise<boolean> {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** The nearest existing directory at or above `dir`. */
async function nearestExisting(dir: string): Promise<{dir: string; uid: number; gid: number}> {
	let current = dir;
	for (;;) {
		try {
			const info = await stat(current);
			return {dir: current, uid: info.uid, gid: info.gid};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
			const parent = path.dirname(current);
			if (parent === current) throw error;
			current = parent;
		}
	}
}

/** mkdir -p with `mode`, each new directory owned (as root) by the owner of the one it is made in. */
async function makeDirectories(dir: string, mode: number): Promise<void> {
	const existing = await nearestExisting(dir);
	if (existing.dir === dir) return;
	const missing = path.relative(existing.dir, dir).split(path.sep);
	const root = await isRoot();
	let current = existing.dir;
	for (const part of missing) {
		current = path.join(current, part);
		await mkdir(current, {mode}).catch((error: NodeJS.ErrnoException) => {
			if (error.code !== 'EEXIST') throw error;
		});
		if (root) await chown(current, existing.uid, existing.gid);
	}
}

/** Refuse what the user made read-only, and a directory we cannot write, naming the permission problem. */
export async function checkWritable(target: Target, shown: string): Promise<void> {
	const root = await isRoot();
	if (target.exists && target.mode !== undefined) {
		// Root may write anything: what counts then is whether its owner made it read-only.
		const writable = root ? (target.mode & 0o200) !== 0 : await access(target.path, constants.W_OK).then(() => true, () => false);
		if (!writable) {
			throw fileError(
				'file.read-only',
				target.path,
				`${shown} is read-only (mode ${octal(target.mode)}${target.via.length ? `, at ${target.path}` : ''}): it was made read-only on this machine, so the wizard does not replace it; nothing was written.`,
				'EACCES',
			);
		}
	}
	const dir = path.dirname(target.path);
	let info;
	try {
		info = await stat(dir);
	} catch {
		return; // created by makeDirectories
	}
	const writable = root ? (info.mode & 0o222) !== 0 : await canCreateIn(dir);
	if (!writable) {
		throw fileError('file.read-only', dir, `The directory ${path.dirname(shown) === '.' ? dir : path.dirname(shown)} is not writable (mode ${octal(info.mode)}): the wizard writes a new file there and renames it into place, so it cannot update ${shown}; nothing was written.`, 'EACCES');
	}
}

async function canCreateIn(dir: string): Promise<boolean> {
	try {
		await access(dir, constants.W_OK | constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

export interface SafeWriteOptions {
	/** Mode of a new file (an existing one keeps its own). */
	mode: number;
	/** Mode of directories created on the way. */
	directoryMode?: number;
	/** A rename would break a hard link: allowed only when the user said so. */
	breakHardLinks?: boolean;
	/** How the file is named in messages (~/.aws/config). */
	shown?: string;
	signal?: AbortSignal;
}

/** Write a temp file next to `target`, whole and fsynced; returns its name. */
async function writeTemp(target: string, data: Buffer, mode: number, owner: {uid: number; gid: number} | undefined): Promise<string> {
	await sweepStaleTempFiles(path.dirname(target));
	const temp = tempName(target);
	installExitHook();
	let handle: FileHandle | undefined;
	live.add(temp);
	try {
		handle = await open(temp, 'wx', mode & 0o777);
		await handle.chmod(mode);
		if (owner) await handle.chown(owner.uid, owner.gid);
		await handle.writeFile(data);
		await handle.sync();
		const size = (await handle.stat()).size;
		if (size !== data.length) throw Object.assign(new Error(`short write: ${size} of ${data.length} bytes`), {code: 'ESHORT'});
		await handle.close();
		handle = undefined;
		return temp;
	} catch (error) {
		await handle?.close().catch(() => {});
		await unlink(temp).catch(() => {});
		live.delete(temp);
		throw error;
	}
}

async function syncDirectory(dir: string): Promise<void> {
	const handle = await open(dir, 'r').catch(() => undefined);
	if (!handle) return;
	await handle.sync().catch(() => {});
	await handle.close().catch(() => {});
}

/** Atomically replace (or create) `file` with `data`; see the top of this file. */
export async function safeWrite(file: string, data: string | Buffer, options: SafeWriteOptions): Promise<Target> {
	const shown = options.shown ?? file;
	const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
	let temp: string | undefined;
	try {
		const target = await resolveTarget(file);
		if (target.links > 1 && !options.breakHardLinks) throw hardLinkError(target, shown);
		await makeDirectories(path.dirname(target.path), options.directoryMode ?? 0o700);
		await checkWritable(target, shown);
		const root = await isRoot();
		const owner = root ? (target.exists ? {uid: target.uid!, gid: target.gid!} : await nearestExisting(path.dirname(target.path))) : undefined;
		options.signal?.throwIfAborted();
		temp = await writeTemp(target.path, bytes, target.exists ? target.mode! : options.mode, owner);
		options.signal?.throwIfAborted();
		await rename(temp, target.path);
		live.delete(temp);
		temp = undefined;
		await syncDirectory(path.dirname(target.path));
		return target;
	} catch (error) {
		if (temp) {
			await unlink(temp).catch(() => {});
			live.delete(temp);
		}
		if ((error as Error)?.name === 'AbortError' || options.signal?.aborted) throw error;
		throw describeWriteError(error, file, shown);
	}
}

/**
 * Copy `bytes` to the first free name of `candidates` atomically: a temp file written whole and fsynced,
 * then link(2) to the name (which fails rather than overwrite), so a kill leaves no partial backup and an
 * existing file of that name is never replaced. Mode 0600: a backup may hold secrets. Returns the name.
 */
export async function writeExclusive(candidates: Iterable<string>, bytes: Buffer, owner?: {uid: number; gid: number}): Promise<string> {
	let temp: string | undefined;
	for (const candidate of candidates) {
		temp ??= await writeTemp(candidate, bytes, 0o600, (await isRoot()) ? owner : undefined);
		try {
			await placeExclusive(temp, candidate);
			live.delete(temp);
			await syncDirectory(path.dirname(candidate));
			return candidate;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			await unlink(temp).catch(() => {});
			live.delete(temp);
			throw error;
		}
	}
	if (temp) {
		await unlink(temp).catch(() => {});
		live.delete(temp);
	}
	throw new Error('no free name');
}

/**
 * Give `from` the name `to` unless `to` exists (EEXIST then): link(2) + unlink, which cannot replace a file.
 * A file system without hard links (some FUSE or FAT mounts) gets an exists-check and a rename instead.
 */
async function placeExclusive(from: string, to: string): Promise<void> {
	try {
		await link(from, to);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
		if (await lstat(to).then(() => true, () => false)) throw Object.assign(new Error(`${to} exists`), {code: 'EEXIST'});
		await rename(from, to);
		return;
	}
	await unlink(from);
}

/** Rename `file` to the first free name of `candidates`, never replacing an existing file (link + unlink). */
export async function renameExclusive(file: string, candidates: Iterable<string>): Promise<string> {
	for (const candidate of candidates) {
		try {
			await placeExclusive(file, candidate);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
			throw error;
		}
		return candidate;
	}
	throw new Error(`no free name to set ${file} aside`);
}

/** `base`, `base-2`, `base-3`, ... */
export function* numbered(base: string, limit = 100): Generator<string> {
	yield base;
	for (let i = 2; i < limit; i++) yield `${base}-${i}`;
}
