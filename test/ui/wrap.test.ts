// Lines fitted to a terminal by words (ui/wrap.ts): what --help, the plain UI in a terminal, doctor and
// team check print. Continuation lines start under the text they continue; a word wider than the
// terminal (a URL, an ARN) stays whole; colour codes survive; a pipe gets every line unchanged.
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {fitFor, hangingIndent, wrapLine} from '../../source/ui/wrap.js';

const words = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '').split(/\s+/).filter(Boolean);

describe('wrapLine', () => {
	it('indents continuation lines under the text: a flag, a command, a doctor row, a note, a cause, a fix', () => {
		expect(hangingIndent('      --start-url URL              AWS access portal URL')).toBe(35);
		expect(hangingIndent('  npx codex-bedrock-setup doctor          check the setup')).toBe(42);
		expect(hangingIndent('✖ Codex config  ~/.codex/config.toml does not exist')).toBe(16);
		expect(hangingIndent('  ℹ In-region: prompts are processed in us-east-1.')).toBe(4);
		expect(hangingIndent('    Likely cause: Codex is missing')).toBe(18);
		expect(hangingIndent('    Fix: aws budgets create-budget ...')).toBe(9);
		expect(hangingIndent('[3/7] Region')).toBe(6);
		expect(hangingIndent('plain text')).toBe(0);
	});

	it('fits the width, loses no word, keeps a long URL whole on its own line', () => {
		const url = 'https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-managing-costs.html';
		const line = `    Likely cause: Costs can rise with no owner: no AWS budget with alerts, no cost allocation tags; see ${url} today.`;
		const wrapped = wrapLine(line, 60).split('\n');
		expect(wrapped.filter((l) => l.length > 60 && !l.includes(url))).toEqual([]);
		expect(wrapped.slice(1).filter((l) => !l.includes(url)).every((l) => l.startsWith(' '.repeat(18)) && l[18] !== ' ')).toBe(true);
		expect(wrapped.some((l) => l.trim() === url)).toBe(true);
		expect(words(wrapped.join('\n'))).toEqual(words(line));
		// Short enough: unchanged.
		expect(wrapLine('✔ Node.js       20.20.2', 60)).toBe('✔ Node.js       20.20.2');
	});

	it('keeps colour codes, and measures without them', () => {
		const line = `  \u001B[36mℹ\u001B[39m ${'word '.repeat(20).trim()}`;
		const wrapped = wrapLine(line, 40).split('\n');
		expect(wrapped[0]!.startsWith('  \u001B[36mℹ\u001B[39m ')).toBe(true);
		expect(wrapped.every((l) => l.replace(/\u001B\[[0-9;]*m/g, '').length <= 40)).toBe(true);
		expect(wrapped.slice(1).every((l) => l.startsWith('    word'))).toBe(true);
	});
});

describe('fitFor', () => {
	it('wraps for a terminal, at its width (40 at the least), and passes text through for a pipe', () => {
		const long = `✖ Codex config  ${'does not exist: Codex uses OpenAI, not Bedrock. '.repeat(3).trim()}`;
		const tty = Object.assign(new PassThrough(), {isTTY: true, columns: 50});
		expect(fitFor(tty)(long).split('\n').every((l) => l.length <= 50)).toBe(true);
		expect(fitFor(tty)(long).split('\n').length).toBeGreaterThan(2);
		const narrow = Object.assign(new PassThrough(), {isTTY: true, columns: 10});
		expect(fitFor(narrow)(long).split('\n').every((l) => l.length <= 40 || !l.includes(' '))).toBe(true);
		expect(fitFor(new PassThrough())(long)).toBe(long);
	});
});
