// Fitting a line of text to a terminal's width, by words (wrap-ansi, which keeps colour codes whole and
// never splits a word, so a URL or an ARN stays one copyable piece even when it is wider than the
// terminal). Continuation lines start under the text they continue: after the indent and the status icon
// of a note, after the flag or command column of --help.
import wrapAnsi from 'wrap-ansi';

const ANSI = /\u001B\[[0-9;]*m/g;

/**
 * How many columns the prefix of `line` takes that its continuation lines should be indented by: the
 * leading spaces plus a status icon ("  ✔ "), a step counter ("[2/7] "), "Likely cause: ", or the
 * two-or-more-space gap after a flag or command in --help.
 */
export function hangingIndent(line: string): number {
	const visible = line.replace(ANSI, '');
	// --help's flag and command columns; doctor's and team check's "✔ Label     summary" column.
	const column = /^(\s+(?:-\S, )?(?:--|npx )\S.*?\s{2,})\S/.exec(visible) ?? /^(\s*[ℹ✔⚠✖–!?] \S.*?\s{2,})\S/.exec(visible);
	if (column) return column[1]!.length;
	const lead = /^(\s*(?:[ℹ✔⚠✖↷…–!] |\[\d+\/\d+\] |Likely cause: |Fix: )?)/.exec(visible);
	return lead ? lead[1]!.length : 0;
}

/** `line` wrapped at `width` columns, with its continuation lines under the text they continue. */
export function wrapLine(line: string, width: number): string {
	if (line.replace(ANSI, '').length <= width) return line;
	const indent = hangingIndent(line);
	// The prefix, with any colour codes in it: as many visible columns as `indent`.
	let cut = 0;
	for (let seen = 0; cut < line.length && seen < indent; ) {
		const code = /^\u001B\[[0-9;]*m/.exec(line.slice(cut));
		if (code) cut += code[0].length;
		else {
			cut += line.codePointAt(cut)! > 0xffff ? 2 : 1;
			seen += 1;
		}
	}
	while (/^\u001B\[[0-9;]*m/.test(line.slice(cut))) cut += /^\u001B\[[0-9;]*m/.exec(line.slice(cut))![0].length;
	const body = wrapAnsi(line.slice(cut), Math.max(20, width - indent), {hard: false, trim: true}).split('\n');
	return [`${line.slice(0, cut)}${body[0] ?? ''}`, ...body.slice(1).map((rest) => `${' '.repeat(indent)}${rest}`)].join('\n');
}

/** Text for `stream`: in a terminal, each line fitted to its width (at least 40); elsewhere unchanged. */
export function fitFor(stream: NodeJS.WritableStream): (text: string) => string {
	const terminal = stream as NodeJS.WriteStream;
	if (!terminal.isTTY || !terminal.columns) return (text) => text;
	const width = Math.max(40, terminal.columns);
	return (text) =>
		text
			.split('\n')
			.map((line) => wrapLine(line, width))
			.join('\n');
}
