// `codex-bedrock-setup undo [--yes] [--dry-run]`: shows, file by file, the diff from what is there now back
// to what was there before the last run that changed something, refuses a file that changed since, and
// restores the rest after a yes (--yes: without asking). Exit 0 restored (or nothing to undo), 1 some file
// was refused, 2 usage, 130 cancelled.
import {tildify, resolvePaths, systemClock} from './core/context.js';
import {diffLines} from './core/files.js';
import {UsageError} from './core/errors.js';
import {redact} from './core/redact.js';
import type {ParsedFlags} from './flags.js';

export interface UndoOptions {
	terminal: boolean;
	output: NodeJS.WritableStream;
	env?: NodeJS.ProcessEnv;
	now?: () => number;
	/** Asks the yes/no question (a terminal); absent: the plain renderer's prompt. */
	confirm?: (message: string) => Promise<boolean>;
}

export async function undoCommand(flags: ParsedFlags, options: UndoOptions): Promise<number> {
	const env = options.env ?? process.env;
	const paths = resolvePaths(env);
	// In a terminal the lines fit its width, by words (ui/wrap.ts); a pipe gets each line whole.
	const {fitFor} = await import('./ui/wrap.js');
	const fit = fitFor(options.output);
	const out = (line = '') => options.output.write(`${fit(redact(line))}\n`);
	const show = (file: string) => tildify(file, paths.home);
	const {planUndo, applyUndo} = await import('./core/undo.js');
	const plan = await planUndo(paths.records);
	if (!plan.journal) {
		out(`Nothing to undo: no run has changed files here (${show(plan.file)} does not exist).`);
		return 0;
	}
	if (plan.journal.undoneAt) {
		out(`Nothing to undo: the last run (${plan.journal.startedAt}) was undone at ${plan.journal.undoneAt}.`);
		return 0;
	}
	// Only now, when there is something to restore, does a missing terminal matter (planUndo only reads).
	if (!options.terminal && !flags['yes'] && !flags['dry-run']) throw new UsageError('undo asks before it restores: run it in a terminal, or add --yes (or --dry-run to see what it would do).');
	out(`The last run that changed files started at ${plan.journal.startedAt}.`);
	let doable = 0;
	for (const action of plan.actions) {
		const file = show(action.entry.path);
		out();
		if (action.kind === 'refuse') {
			out(`✖ ${file}: not restored: ${action.reason}.${action.entry.backup ? ` Its backup stays at ${show(action.entry.backup)}.` : ''}`);
			continue;
		}
		doable++;
		if (action.kind === 'rename-back') {
			out(`${file}: ${show(action.entry.setAside)} is renamed back to ${file}.`);
			continue;
		}
		out(action.kind === 'remove' ? `${file}: created by the run; it is removed:` : `${file}: back to its backup ${show(action.entry.backup!)}:`);
		for (const line of await diffLines(action.plan, file)) out(`  ${line}`);
	}
	const refused = plan.actions.length - doable;
	out();
	if (doable === 0) {
		out('Nothing was restored.');
		return refused ? 1 : 0;
	}
	if (flags['dry-run']) {
		out(`Dry run: ${doable} file${doable === 1 ? '' : 's'} would be restored; nothing was written.`);
		return refused ? 1 : 0;
	}
	if (!flags['yes']) {
		const ask = options.confirm ?? plainConfirm(options.output);
		if (!(await ask(`Restore ${doable === 1 ? 'this file' : `these ${doable} files`}?`))) {
			out('Nothing was restored.');
			return 1;
		}
	}
	await applyUndo(plan, (options.now ?? systemClock.now)());
	out(`Restored ${doable} file${doable === 1 ? '' : 's'}${refused ? `; ${refused} left as ${refused === 1 ? 'it is' : 'they are'} (see above)` : ''}. The backups are kept.`);
	return refused ? 1 : 0;
}

function plainConfirm(output: NodeJS.WritableStream): (message: string) => Promise<boolean> {
	return async (message) => {
		const {confirm} = await import('@inquirer/prompts');
		return confirm({message, default: false}, {output: output as NodeJS.WriteStream});
	};
}
