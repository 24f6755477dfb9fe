// Before a step writes a user's file: what the write will do to a link, said before the yes. A symlink
// (a dotfiles checkout) needs no question: the write lands at its target. A hard link cannot be kept by
// an atomic write (the rename gives the name a new inode; the other names keep the old bytes), so the
// user chooses: replace this name (break the link) or write nothing. Under --yes it takes
// --break-hard-links; without it the run stops naming the flag, before anything is written.
import {tildify, type Context} from '../context.js';
import {hardLinked, resolveTarget} from '../safe-write.js';
import {StepError} from '../errors.js';
import type {StepIO} from '../types.js';

/** Notes and the hard-link question for the files a step is about to write; true: links may be broken. */
export async function confirmLinks(ctx: Context, io: StepIO, files: readonly string[]): Promise<boolean> {
	let breakLinks = false;
	for (const file of files) {
		const shown = tildify(file, ctx.paths.home);
		const target = await resolveTarget(file).catch(() => undefined);
		if (target?.via.length) io.note(`${shown} is a symlink: the change is written at its target ${tildify(target.path, ctx.paths.home)} (atomically there); the link stays.`);
		const hard = await hardLinked(file);
		if (!hard || ctx.dryRun) {
			if (hard) io.note(`Dry run: ${shown} has ${hard.links} hard links; a real run asks before replacing it (its other names would keep the old content).`, 'warning');
			continue;
		}
		io.note(`${shown} has ${hard.links} hard links (another name, a dotfiles checkout perhaps, shares its bytes). Writing it safely replaces it with a new file: the other names keep the old content. A symlink instead of the hard link keeps both in step.`, 'warning');
		const ok = await io.ask({
			kind: 'confirm',
			id: 'break-hard-links',
			flag: '--break-hard-links',
			explicit: true,
			default: false,
			message: `Replace ${shown} anyway (its other names keep the old content)?`,
		});
		if (!ok) throw new StepError({code: 'user.declined-write', message: `Nothing was written to ${shown}: it has ${hard.links} hard links and you chose to keep them.`, hint: `Replace the hard link with a symlink (ln -sf TARGET ${shown}), then retry.`});
		breakLinks = true;
	}
	return breakLinks;
}
