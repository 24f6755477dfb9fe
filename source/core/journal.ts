// The run journal: what a run changed, so `codex-bedrock-setup undo` can put it back. One JSON file,
// ~/.codex-bedrock-setup/last-run.json (0600), rewritten atomically after each change the run makes: the
// files it created or updated (with the backup of the bytes they had and the SHA-256 of what it wrote, so
// undo can refuse a file that changed since) and the broken files it set aside. A run that changes
// nothing leaves the previous journal alone, so `undo` always means "the last run that changed
// something". The token cache is not in it (it is not backed up: it holds secrets), nor our own records.
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {safeWrite} from './safe-write.js';

export interface JournalEntry {
	path: string;
	action: 'created' | 'updated' | 'set-aside';
	/** updated: the backup of the previous bytes. */
	backup?: string;
	/** set-aside: where the broken file went. */
	setAside?: string;
	/** created/updated: SHA-256 of the bytes written. */
	sha256?: string;
}

export interface JournalFile {
	schemaVersion: 1;
	tool: 'codex-bedrock-setup';
	startedAt: string;
	entries: JournalEntry[];
	undoneAt?: string;
}

export interface RunJournal {
	file: string;
	record(entry: JournalEntry): Promise<void>;
}

export function sha256(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

export function journalPath(records: string): string {
	return path.join(records, 'last-run.json');
}

// One journal per run: a run is known by its AbortSignal (every step of a run shares it).
const journals = new WeakMap<AbortSignal, RunJournal>();

export function runJournal(signal: AbortSignal, records: string, now: number): RunJournal {
	let journal = journals.get(signal);
	if (journal) return journal;
	const file = journalPath(records);
	const entries: JournalEntry[] = [];
	const startedAt = new Date(now).toISOString();
	journal = {
		file,
		async record(entry) {
			// Our own records are not the user's files.
			if (path.resolve(entry.path).startsWith(path.resolve(records) + path.sep)) return;
			entries.push(entry);
			const doc: JournalFile = {schemaVersion: 1, tool: 'codex-bedrock-setup', startedAt, entries};
			await safeWrite(file, `${JSON.stringify(doc, null, 2)}\n`, {mode: 0o600, directoryMode: 0o700});
		},
	};
	journals.set(signal, journal);
	return journal;
}

export async function readJournal(records: string): Promise<JournalFile | undefined> {
	let text: string;
	try {
		text = await readFile(journalPath(records), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	const doc = JSON.parse(text) as JournalFile;
	if (doc?.schemaVersion !== 1 || !Array.isArray(doc.entries)) throw new Error(`${journalPath(records)} is not a journal this version understands.`);
	return doc;
}
