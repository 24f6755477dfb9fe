// User files are sacred. Every write the wizard makes goes through planWrite() / applyWrite():
// - the change is computed first and shown as a unified diff (nothing is written to show it);
// - nothing is written when nothing changes (re-runs are idempotent, and make no backup);
// - before the first change to an existing file, a backup is copied next to it (never overwritten);
// - the write is atomic (temp file in the same directory, fsync, rename: write-file-atomic), so a crash
//   or SIGKILL leaves the old file or the new one, never a torn one (test/e2e/atomic-kill.test.ts). A
//   SIGKILL can leave write-file-atomic's temp file `<name>.<number>` (mode as the file's) beside it; no
//   tool reads such a name, and it is not deleted later because the user may own a file of that shape;
// - a file changed by someone else since it was read is not overwritten (ECONFLICT). Two runs that write
//   at the same instant can both pass that check; the contents they write are then whole, never mixed;
// - the existing mode is kept; a new file gets the mode asked for (0600 for credentials and tokens).
import {constants} from 'node:fs';
import {copyFile, mkdir, readFile, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import type {WrittenFile} from './types.js';

export interface PlannedWrite {
	path: string;
	/** The file's content now, or undefined when it does not exist. */
	before: string | undefined;
	after: string;
	changed: boolean;
	/** Mode for a new file (an existing file keeps its own). */
	mode: number;
}

export async function readIfExists(file: string): Promise<string | undefined> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

export function planWrite(file: string, before: string | undefined, after: string, mode = 0o600): PlannedWrite {
	return {path: file, before, after, changed: before !== after, mode};
}

/** A unified diff of a planned write, for display (`--- a` / `+++ b` headers, 3 lines of context). */
export async function diffLines(plan: PlannedWrite, displayName: string): Promise<string[]> {
	if (!plan.changed) return [];
	const {createTwoFilesPatch} = await import('diff');
	const patch = createTwoFilesPatch(
		plan.before === undefined ? '/dev/null' : displayName,
		displayName,
		plan.before ?? '',
		plan.after,
		plan.before === undefined ? '' : 'current',
		'new',
		{context: 3},
	);
	// Drop the "Index:"/"====" preamble; show CR as a visible marker so CRLF files diff readably.
	return patch
		.split('\n')
		.filter((line) => !/^(Index: |={10,}$)/.test(line) && line !== '\\ No newline at end of file')
		.map((line) => line.replace(/\r$/, ''))
		.filter((line, i, all) => !(i === all.length - 1 && line === ''));
}

/** `20261123T090000Z`: UTC, sortable, safe in a file name (backups, set-aside files, readiness records). */
export function utcStamp(now: number): string {
	return new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** `config` -> `config.bak-20261123T090000Z` (UTC, sortable); a second backup in the same second gets -2, -3, ... */
export function backupName(file: string, now: number): string {
	return `${file}.bak-${utcStamp(now)}`;
}

async function backup(file: string, now: number): Promise<string> {
	const base = backupName(file, now);
	for (let attempt = 1; attempt < 100; attempt++) {
		const candidate = attempt === 1 ? base : `${base}-${attempt}`;
		try {
			await copyFile(file, candidate, constants.COPYFILE_EXCL);
			return candidate;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
	throw new Error(`Could not find a free backup name next to ${file}.`);
}

export interface WriteOptions {
	now: number;
	signal?: AbortSignal;
	directoryMode?: number;
	/** --dry-run: touch nothing, say what would have happened. */
	dryRun?: boolean;
}

/** The options every step passes: the one place where --dry-run reaches the file writes. */
export function writeOptions(ctx: {clock: {now(): number}; signal: AbortSignal; dryRun?: unknown}, extra: {directoryMode?: number} = {}): WriteOptions {
	return {now: ctx.clock.now(), signal: ctx.signal, dryRun: Boolean(ctx.dryRun), ...extra};
}

function conflict(file: string): Error {
	return Object.assign(new Error(`${file} changed while the wizard was running; nothing was written. Run the step again.`), {code: 'ECONFLICT'});
}

/**
 * Write a planned change: backup (if the file existed), then an atomic write keeping the mode.
 * Returns what happened, for the summary. Does nothing when the plan has no change, and nothing at all
 * in a dry run (the action is then would-create / would-update).
 */
export async function applyWrite(plan: PlannedWrite, options: WriteOptions): Promise<WrittenFile> {
	if (!plan.changed) return {path: plan.path, action: 'unchanged'};
	options.signal?.throwIfAborted();
	if (options.dryRun) return {path: plan.path, action: plan.before === undefined ? 'would-create' : 'would-update'};
	const current = await readIfExists(plan.path);
	if (current !== plan.before) {
		// Someone (another run, an editor, the AWS CLI) changed the file since we read it: do not clobber.
		throw conflict(plan.path);
	}
	await mkdir(path.dirname(plan.path), {recursive: true, mode: options.directoryMode ?? 0o700});
	let backupPath: string | undefined;
	let mode = plan.mode;
	if (plan.before !== undefined) {
		mode = (await stat(plan.path)).mode & 0o7777;
		backupPath = await backup(plan.path, options.now);
		// The check above and the copy are two steps: a writer that renamed in between (a second run on
		// the same HOME) would make this backup a copy of its file, not of what the user had. Refuse then.
		if ((await readIfExists(backupPath)) !== plan.before) {
			await unlink(backupPath).catch(() => {});
			throw conflict(plan.path);
		}
	}
	options.signal?.throwIfAborted();
	const {default: writeFileAtomic} = await import('write-file-atomic');
	await writeFileAtomic(plan.path, plan.after, {mode, fsync: true});
	return backupPath
		? {path: plan.path, action: 'updated', backup: backupPath}
		: {path: plan.path, action: plan.before === undefined ? 'created' : 'updated'};
}
