// User files are sacred. Every write the wizard makes goes through planWrite() / applyWrite():
// - the change is computed first and shown as a unified diff (nothing is written to show it);
// - nothing is written when nothing changes (re-runs are idempotent, and make no backup);
// - before the first change to an existing file, a backup of its exact bytes is put next to it (mode 0600,
//   written whole and fsynced before it gets its name, never replacing another file);
// - the write itself is safe-write.ts: through symlinks to their target, atomic there (temp file, every
//   byte written and checked, fsync, rename), a read-only file or directory refused, a hard link never
//   broken without the caller's say-so, owners kept when run as root; a disk-full or permission failure
//   says which file and that it is unchanged (test/e2e/atomic-kill.test.ts, test/e2e/disk-full.test.ts);
// - a file changed by someone else since it was read is not overwritten (file.changed). Two runs that
//   write at the same instant can both pass that check; the contents they write are then whole, never mixed;
// - the existing mode is kept; a new file gets the mode asked for (0600 for credentials and tokens);
// - what was written is recorded in the run's journal, which `undo` restores from.
import {readFile, unlink} from 'node:fs/promises';
import path from 'node:path';
import {StepError} from './errors.js';
import {runJournal, sha256, type RunJournal} from './journal.js';
import {checkWritable, describeWriteError, hardLinkError, numbered, resolveTarget, safeWrite, writeExclusive} from './safe-write.js';
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

/** A backup of `bytes` next to `file`, written atomically under a name that never replaces another file. */
async function backup(file: string, bytes: Buffer, now: number, owner: {uid: number; gid: number}, shown: string): Promise<string> {
	try {
		return await writeExclusive(numbered(backupName(file, now)), bytes, owner);
	} catch (error) {
		throw describeWriteError(error, file, `the backup of ${shown}`, shown);
	}
}

export interface WriteOptions {
	now: number;
	signal?: AbortSignal;
	directoryMode?: number;
	/** --dry-run: touch nothing, say what would have happened. */
	dryRun?: boolean;
	/** The user agreed that the write replaces a hard-linked file (the other names keep the old content). */
	breakHardLinks?: boolean;
	/** How the file is named in messages (~/.aws/config). */
	shown?: string;
	/** The run's journal (what `undo` restores); absent: not recorded. */
	journal?: RunJournal;
}

/** The options every step passes: the one place where --dry-run reaches the file writes. */
export function writeOptions(
	ctx: {clock: {now(): number}; signal: AbortSignal; dryRun?: unknown; paths?: {records: string; home: string}},
	extra: {directoryMode?: number; breakHardLinks?: boolean} = {},
): WriteOptions {
	const journal = ctx.paths && !ctx.dryRun ? runJournal(ctx.signal, ctx.paths.records, ctx.clock.now()) : undefined;
	return {now: ctx.clock.now(), signal: ctx.signal, dryRun: Boolean(ctx.dryRun), ...(journal ? {journal} : {}), ...extra};
}

function conflict(file: string): Error {
	return Object.assign(new StepError({code: 'file.changed', message: `${file} changed while the wizard was running; nothing was written: someone else (an editor, another run, the AWS CLI) changed it after the wizard read it, and that edit is kept. Run the step again to see the change against the new file.`}), {code: 'ECONFLICT'});
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
	const shown = options.shown ?? plan.path;
	const currentBytes = await readFile(plan.path).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'ENOENT') return undefined;
		throw describeWriteError(error, plan.path, shown);
	});
	if (currentBytes?.toString('utf8') !== plan.before) {
		// Someone (another run, an editor, the AWS CLI) changed the file since we read it: do not clobber.
		throw conflict(plan.path);
	}
	const target = await resolveTarget(plan.path).catch((error) => {
		throw describeWriteError(error, plan.path, shown);
	});
	if (target.links > 1 && !options.breakHardLinks) throw hardLinkError(target, shown);
	await checkWritable(target, shown);
	let backupPath: string | undefined;
	if (currentBytes !== undefined) {
		backupPath = await backup(plan.path, currentBytes, options.now, {uid: target.uid!, gid: target.gid!}, shown);
		// The check above and the copy are two steps: a writer that renamed in between (a second run on
		// the same HOME) would make this backup a copy of its file, not of what the user had. Refuse then.
		if ((await readIfExists(plan.path)) !== plan.before) {
			await unlink(backupPath).catch(() => {});
			throw conflict(plan.path);
		}
	}
	options.signal?.throwIfAborted();
	await safeWrite(plan.path, plan.after, {
		mode: plan.mode,
		shown,
		...(options.directoryMode !== undefined ? {directoryMode: options.directoryMode} : {}),
		...(options.breakHardLinks ? {breakHardLinks: true} : {}),
		...(options.signal ? {signal: options.signal} : {}),
	});
	const written: WrittenFile = backupPath
		? {path: plan.path, action: 'updated', backup: backupPath}
		: {path: plan.path, action: plan.before === undefined ? 'created' : 'updated'};
	await options.journal?.record({path: plan.path, action: written.action as 'created' | 'updated', ...(backupPath ? {backup: backupPath} : {}), sha256: sha256(plan.after)});
	return written;
}
