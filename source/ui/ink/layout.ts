// The live region's height budget. Ink redraws the live region (everything outside <Static>) by erasing
// its previous height; once that height reaches the terminal's, Ink falls back to clear-screen plus
// clear-scrollback (ESC[2J ESC[3J) on every frame, erasing the user's shell history and pushing the top
// of the frame (the failure headline) off screen. So the live region is planned here to stay at most
// rows - 1 high: rows are counted with the same wrapping Ink uses (wrap-ansi, hard, untrimmed), and what
// matters least gives way first.
import wrapAnsi from 'wrap-ansi';

/** Rows `text` takes at `width` columns, wrapped as Ink wraps a <Text>. */
export function rowsOf(text: string, width: number): number {
	if (width <= 0) return 1;
	return text.split('\n').reduce((sum, line) => sum + wrapAnsi(line, width, {trim: false, hard: true}).split('\n').length, 0);
}

/** Rows a list of lines takes at `width` (each line its own <Text>). */
export function rowsOfLines(lines: readonly string[], width: number): number {
	return lines.reduce((sum, line) => sum + rowsOf(line, width), 0);
}

/** URLs, ARNs: the things a person copies. Printed on a line of their own so a triple-click takes them whole. */
export const COPYABLE = /(https?:\/\/\S+|arn:aws[a-z-]*:\S+)/g;

/**
 * A note as lines: as it is when it fits the width; otherwise each URL or ARN goes on a line of its own,
 * the words around it on theirs.
 */
export function splitCopyable(text: string, width: number): Array<{text: string; copy: boolean}> {
	if ([...text].length <= width || !COPYABLE.test(text)) {
		COPYABLE.lastIndex = 0;
		return [{text, copy: false}];
	}
	COPYABLE.lastIndex = 0;
	const parts: Array<{text: string; copy: boolean}> = [];
	let carry = '';
	for (const piece of text.split(COPYABLE)) {
		// The carried punctuation keeps the space that followed it.
		const trimmed = carry && piece.trim() ? `${carry}${/^\s/.test(piece) ? ' ' : ''}${piece.trim()}` : `${carry}${piece.trim()}`;
		carry = '';
		if (!trimmed) continue;
		const copy = /^(https?:\/\/|arn:aws)/.test(trimmed);
		// A URL or ARN at the end of a sentence or in parentheses keeps the punctuation out of the copy:
		// it goes to the start of the words after it (or a line of its own at the end).
		const punctuation = copy ? (/[.,;:)]+$/.exec(trimmed)?.[0] ?? '') : '';
		if (punctuation) {
			parts.push({text: trimmed.slice(0, -punctuation.length), copy: true});
			carry = punctuation;
			continue;
		}
		parts.push({text: trimmed, copy});
	}
	if (carry) parts.push({text: carry, copy: false});
	return parts;
}

/** A command line in a block (a fix, an install command): shown whole, never hard-wrapped. */
export function isCommandLine(line: string): boolean {
	return /^\$?\s*(aws|codex|npx|npm|export|unset|open|xdg-open)\s/.test(line.trim()) || /^(https?:\/\/|arn:aws)\S+$/.test(line.trim());
}

/**
 * Terminal hyperlinks (OSC 8), where the terminal is known to support them. A terminal that does not
 * would show nothing wrong (the sequence is ignored), but some old ones print it: so only where known.
 */
export function supportsHyperlinks(env: NodeJS.ProcessEnv): boolean {
	if (env['FORCE_HYPERLINK'] !== undefined) return env['FORCE_HYPERLINK'] !== '0';
	if (env['CI'] || env['TERM'] === 'dumb') return false;
	if (env['TMUX'] || env['STY']) return false; // multiplexers pass it on only when configured to
	const program = env['TERM_PROGRAM'] ?? '';
	if (['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'Hyper'].includes(program)) return true;
	if (env['WT_SESSION'] || env['KITTY_WINDOW_ID'] || env['TERM'] === 'xterm-kitty') return true;
	const vte = Number(env['VTE_VERSION'] ?? 0);
	return vte >= 5000;
}

export function hyperlink(url: string, text = url): string {
	return `\u001B]8;;${url}\u0007${text}\u001B]8;;\u0007`;
}

export interface LiveInput {
	rows: number;
	columns: number;
	/** Rows the failure panel takes: full, compact (no rule source, request id or hint), minimal (no cause either). */
	failureRows?: {full: number; compact: number; minimal: number};
	/** Rows of the question without its choices (message, help, field, validation, footer). */
	question?: {rowsWithoutChoices: number; helpRows: number; choices: number; footerRows: number};
	tasks: number;
}

export interface LivePlan {
	/** How many choices the select shows at once (the rest scroll). */
	selectRows: number;
	showHelp: boolean;
	showFooter: boolean;
	compactFailure: boolean;
	/** Headline and fix only: the last thing to give way before the question does. */
	minimalFailure: boolean;
	/** The one line that names the steps still to come. */
	showPending: boolean;
	showTitle: boolean;
	/** Rows the plan uses (at most rows - 1, unless `clip`). */
	used: number;
	/** Even the least still does not fit (a tiny terminal): the live region is cut to rows - 1. */
	clip: boolean;
	budget: number;
}

/** The most a select shows; fewer when the terminal is short. */
export const MAX_SELECT_ROWS = 8;

/**
 * Fit the live region into rows - 1. Order of giving way: the pending-steps line, the failure's detail
 * (rule source, request id, hint), the select's length (down to 3), the question's help and key line,
 * the current step's title, the select down to one choice, the failure's cause (headline and fix stay).
 * Should even that not fit, `clip` says so and the view cuts the region to the budget.
 */
export function planLive(input: LiveInput): LivePlan {
	const budget = Math.max(3, input.rows - 1);
	const plan: LivePlan = {selectRows: 0, showHelp: true, showFooter: true, compactFailure: false, minimalFailure: false, showPending: true, showTitle: true, used: 0, clip: false, budget};
	const q = input.question;
	const choices = q?.choices ?? 0;
	// "↑ n more" / "↓ n more" take two rows when the list scrolls.
	const selectRowsFor = (n: number) => (choices === 0 ? 0 : n >= choices ? choices : n + 2);
	const total = () =>
		(plan.showTitle ? 1 : 0) +
		input.tasks +
		(input.failureRows ? (plan.minimalFailure ? input.failureRows.minimal : plan.compactFailure ? input.failureRows.compact : input.failureRows.full) : 0) +
		(q ? q.rowsWithoutChoices - (plan.showHelp ? 0 : q.helpRows) - (plan.showFooter ? 0 : q.footerRows) + selectRowsFor(plan.selectRows) : 0) +
		(plan.showPending ? 1 : 0);
	plan.selectRows = Math.min(MAX_SELECT_ROWS, choices);
	// A list shown in part costs its rows plus the two "more" lines: shrink only where that saves a row.
	const shrinkSelect = (min: number) => () => {
		if (plan.selectRows <= min) return false;
		const next = plan.selectRows >= choices ? choices - 3 : plan.selectRows - 1;
		if (next < min) return false;
		plan.selectRows = next;
		return true;
	};
	const steps: Array<() => boolean> = [
		() => (plan.showPending ? ((plan.showPending = false), true) : false),
		() => (input.failureRows && !plan.compactFailure ? ((plan.compactFailure = true), true) : false),
		shrinkSelect(3),
		() => (q && plan.showHelp && q.helpRows ? ((plan.showHelp = false), true) : false),
		() => (q && plan.showFooter ? ((plan.showFooter = false), true) : false),
		() => (plan.showTitle ? ((plan.showTitle = false), true) : false),
		shrinkSelect(1),
		() => (input.failureRows && !plan.minimalFailure ? ((plan.minimalFailure = true), true) : false),
	];
	for (const step of steps) {
		while (total() > budget && step()) {
			// keep giving way on this axis until it fits or cannot give more
		}
		if (total() <= budget) break;
	}
	plan.used = total();
	plan.clip = plan.used > budget;
	return plan;
}
