// `undo`: put back what the last run changed, from the run journal (journal.ts) and the backups it names.
// Each file is checked first: one that changed since the run wrote it (someone edited it, another run) is
// refused and left as it is; the others are restored byte for byte (an updated file gets its backup's
// bytes, a created file is removed, a set-aside file is renamed back). Backups are never deleted. The
// journal is marked undone, so a second undo does nothing.
import {readFile, unlink} from 'node:fs/promises';
import {planWrite, type PlannedWrite} from './files.js';
import {journalPath, readJournal, sha256, type JournalEntry, type JournalFile} from './journal.js';
import {renameExclusive, resolveTarget, safeWrite} from './safe-write.js';

export type UndoAction =
	| {kind: 'restore'; entry: JournalEntry; plan: PlannedWrite; bytes: Buffer}
	| {kind: 'remove'; entry: JournalEntry; plan: PlannedWrite}
	| {kind: 'rename-back'; entry: JournalEntry & {setAside: string}}
	| {kind: 'refuse'; entry: JournalEntry; reason: string};

export interface UndoPlan {
	journal: JournalFile | undefined;
	file: string;
	actions: UndoAction[];
}

async function bytesOf(file: string): Promise<Buffer | undefined> {
	try {
		return await readFile(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

export async function planUndo(records: string): Promise<UndoPlan> {
	const journal = await readJournal(records);
	const plan: UndoPlan = {journal, file: journalPath(records), actions: []};
	if (!journal || journal.undoneAt) return plan;
	// Later changes first: a set-aside file comes back after the new file that replaced it is gone.
	const gone = new Set<string>();
	for (const entry of [...journal.entries].reverse()) {
		const current = await bytesOf(entry.path);
		if (entry.action === 'set-aside') {
			const aside = entry.setAside!;
			if (!(await bytesOf(aside))) plan.actions.push({kind: 'refuse', entry, reason: `${aside} (the file that was set aside) is gone`});
			else if (current !== undefined && !gone.has(entry.path)) plan.actions.push({kind: 'refuse', entry, reason: `${entry.path} exists again, so ${aside} cannot be renamed back over it`});
			else plan.actions.push({kind: 'rename-back', entry: {...entry, setAside: aside}});
			continue;
		}
		if (current === undefined) {
			plan.actions.push({kind: 'refuse', entry, reason: 'it was deleted since the run'});
			continue;
		}
		if (sha256(current) !== entry.sha256) {
			plan.actions.push({kind: 'refuse', entry, reason: 'it changed since the run wrote it (the change is kept)'});
			continue;
		}
		if (entry.action === 'created') {
			plan.actions.push({kind: 'remove', entry, plan: planWrite(entry.path, current.toString('utf8'), '')});
			gone.add(entry.path);
			continue;
		}
		const backup = entry.backup ? await bytesOf(entry.backup) : undefined;
		if (!backup) {
			plan.actions.push({kind: 'refuse', entry, reason: `its backup ${entry.backup ?? '(none)'} is gone`});
			continue;
		}
		plan.actions.push({kind: 'restore', entry, plan: planWrite(entry.path, current.toString('utf8'), backup.toString('utf8')), bytes: backup});
	}
	return plan;
}

/** Carry out the plan's restores (not its refusals); marks the journal undone. */
export async function applyUndo(plan: UndoPlan, now: number): Promise<void> {
	for (const action of plan.actions) {
		if (action.kind === 'restore') {
			await safeWrite(action.entry.path, action.bytes, {mode: 0o600});
		} else if (action.kind === 'remove') {
			const target = await resolveTarget(action.entry.path);
			await unlink(target.path);
		} else if (action.kind === 'rename-back') {
			await renameExclusive(action.entry.setAside, [action.entry.path]);
		}
	}
	if (plan.journal) {
		const done: JournalFile = {...plan.journal, undoneAt: new Date(now).toISOString()};
		await safeWrite(plan.file, `${JSON.stringify(done, null, 2)}\n`, {mode: 0o600});
	}
}
