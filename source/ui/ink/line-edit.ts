// Line editing for the text field, as a pure function of (state, key): the keys a shell's readline
// gives (Ctrl-A/E, Home/End, Ctrl-U/K/W, Alt-Backspace, Ctrl-B/F, arrows), and a prefilled default that
// the first printable key replaces (any editing or moving key keeps it and edits it instead).
// Hand-written because @inkjs/ui's TextInput has none of these keys, and clears a validation message on
// every render (its onChange effect re-fires whenever the callback's identity changes).
import type {Key} from 'ink';

export interface LineState {
	value: string;
	/** Cursor position in code points. */
	cursor: number;
	/** The value is the untouched default: a printable key replaces it. */
	pristine: boolean;
}

/** A submit may carry the state it submits (a paste that ended in a line break): the field shows it. */
export type LineAction = {type: 'edit'; state: LineState} | {type: 'submit'; value: string; state?: LineState} | {type: 'ignore'};

export function initialLine(defaultValue = ''): LineState {
	return {value: defaultValue, cursor: [...defaultValue].length, pristine: defaultValue !== ''};
}

/** Start of the word before the cursor (Ctrl-W, Alt-Backspace): spaces, then non-spaces. */
function wordStart(chars: string[], cursor: number): number {
	let at = cursor;
	while (at > 0 && /\s/.test(chars[at - 1]!)) at -= 1;
	while (at > 0 && !/\s/.test(chars[at - 1]!)) at -= 1;
	return at;
}

export function editLine(state: LineState, input: string, key: Partial<Key>): LineAction {
	const chars = [...state.value];
	const {cursor} = state;
	const to = (nextChars: string[], at: number): LineAction => ({type: 'edit', state: {value: nextChars.join(''), cursor: Math.max(0, Math.min(nextChars.length, at)), pristine: false}});
	if (key.return) return {type: 'submit', value: state.value};
	if (key.escape || key.tab || key.upArrow || key.downArrow || key.pageUp || key.pageDown) return {type: 'ignore'};
	if (key.ctrl) {
		switch (input) {
			case 'a':
				return to(chars, 0);
			case 'e':
				return to(chars, chars.length);
			case 'b':
				return to(chars, cursor - 1);
			case 'f':
				return to(chars, cursor + 1);
			case 'u':
				return to(chars.slice(cursor), 0);
			case 'k':
				return to(chars.slice(0, cursor), cursor);
			case 'w': {
				const from = wordStart(chars, cursor);
				return to([...chars.slice(0, from), ...chars.slice(cursor)], from);
			}
			case 'h': // Ctrl-H is Backspace on some terminals
				return cursor > 0 ? to([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1) : to(chars, cursor);
			default:
				return {type: 'ignore'};
		}
	}
	if (key.leftArrow) return to(chars, cursor - 1);
	if (key.rightArrow) return to(chars, cursor + 1);
	if (key.home) return to(chars, 0);
	if (key.end) return to(chars, chars.length);
	if (key.backspace || key.delete) {
		// Alt-Backspace deletes the word before the cursor, as in a shell.
		if (key.meta) {
			const from = wordStart(chars, cursor);
			return to([...chars.slice(0, from), ...chars.slice(cursor)], from);
		}
		// Ink reports the usual Backspace (0x7f) as `delete`: both erase leftwards.
		return cursor > 0 ? to([...chars.slice(0, cursor - 1), ...chars.slice(cursor)], cursor - 1) : to(chars, cursor);
	}
	if (key.meta) return {type: 'ignore'};
	// Printable text (one key, or a paste in one chunk). Control characters never go into the value. A
	// paste that holds a line break (a URL copied with its line, "text⏎" typed faster than Ink reads) is
	// the text up to the break, then Enter, as in a shell; whatever follows the break is dropped.
	const lineBreak = input.search(/[\r\n]/);
	const text = [...(lineBreak >= 0 ? input.slice(0, lineBreak) : input)].filter((c) => c >= ' ' && c !== '\u007F').join('');
	if (!text) return lineBreak >= 0 ? {type: 'submit', value: state.value} : {type: 'ignore'};
	const typed = [...text];
	const edited = state.pristine ? to(typed, typed.length) : to([...chars.slice(0, cursor), ...typed, ...chars.slice(cursor)], cursor + typed.length);
	if (lineBreak >= 0 && edited.type === 'edit') return {type: 'submit', value: edited.state.value, state: edited.state};
	return edited;
}
