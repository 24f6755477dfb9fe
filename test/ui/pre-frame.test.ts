// The static first frame (ui/pre-frame.ts) and its erasing, on a terminal emulator (xterm.js, headless).
// The erase goes line by line upwards, never "erase display": tmux and terminals like it copy the screen
// into scrollback when it is erased from the top-left corner, which left a second copy of the frame
// above Ink's (seen in tmux at 80x24).
import xterm from '@xterm/headless';
import {describe, expect, it} from 'vitest';
import {STEP_TABLE} from '../../source/core/steps/titles.js';
import {printPreFrame} from '../../source/ui/pre-frame.js';

const {Terminal} = xterm;

function terminal(cols: number, rows: number) {
	// convertEol: a pty turns \n into \r\n (onlcr), as a user's terminal sees it.
	const term = new Terminal({cols, rows, scrollback: 100, allowProposedApi: true, convertEol: true});
	let written = '';
	const out = {
		write(text: string) {
			written += text;
			term.write(text);
			return true;
		},
	} as unknown as NodeJS.WriteStream;
	const settled = () => new Promise<void>((resolve) => term.write('', resolve));
	const lines = () => Array.from({length: term.buffer.active.length}, (_, i) => term.buffer.active.getLine(i)?.translateToString(true) ?? '');
	return {term, out, settled, lines, written: () => written};
}

describe('the static first frame', () => {
	for (const [cols, demo] of [[80, undefined], [40, 'happy']] as const) {
		it(`is erased line by line at ${cols} columns${demo ? ' (demo, lines that wrap)' : ''}: a blank screen, the cursor where it started, no erase-display`, async () => {
			const t = terminal(cols, 24);
			const clear = printPreFrame(t.out, STEP_TABLE, {color: true, demo, columns: cols});
			await t.settled();
			expect(t.lines()[0]).toMatch(/^codex-bedrock-setup — set up/);
			expect(t.lines().some((line) => line.includes('○ Summary'))).toBe(true);
			const before = t.written().length;
			clear();
			clear(); // once only
			await t.settled();
			const erase = t.written().slice(before);
			expect(erase).not.toMatch(/\u001B\[[0-3]?J/);
			expect(t.lines().every((line) => line.trim() === '')).toBe(true);
			expect([t.term.buffer.active.cursorX, t.term.buffer.active.cursorY]).toEqual([0, 0]);
		});
	}
});
