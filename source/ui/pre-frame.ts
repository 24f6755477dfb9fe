// The first frame, drawn by the entry point before Ink, React and the step code load (they take a few
// hundred milliseconds to parse): the header and the step list, exactly as the Ink UI first shows them.
// When Ink mounts, the frame is erased and Ink draws over the same lines, so nothing is shown twice.
export interface PreFrameOptions {
	color: boolean;
	demo?: string | undefined;
	columns: number;
}

export function preFrameLines(titles: ReadonlyArray<{title: string}>, options: PreFrameOptions): string[] {
	const paint = (code: string, text: string) => (options.color ? `\u001B[${code}m${text}\u001B[0m` : text);
	const lines = [paint('1', 'codex-bedrock-setup — set up Codex on Amazon Bedrock')];
	if (options.demo) lines.push(paint('33', `DEMO (scenario "${options.demo}"): simulated AWS, throwaway home directory; nothing real is touched.`));
	lines.push('');
	titles.forEach(({title}, i) => lines.push(i === 0 ? `${paint('36', '›')} ${paint('1', title)}` : `${paint('2', '○')} ${paint('2', title)}`));
	return lines;
}

/** Visible width of a line without its colour codes. */
function width(line: string): number {
	return [...line.replace(/\u001B\[[0-9;]*m/g, '')].length;
}

/** Print the frame; returns a function that erases it (once), leaving the cursor where it started. */
export function printPreFrame(out: NodeJS.WriteStream, titles: ReadonlyArray<{title: string}>, options: PreFrameOptions): () => void {
	const lines = preFrameLines(titles, options);
	out.write(`${lines.join('\n')}\n`);
	// Rows the frame occupies, counting lines a narrow terminal wraps.
	const rows = lines.reduce((sum, line) => sum + Math.max(1, Math.ceil(width(line) / Math.max(1, options.columns))), 0);
	let cleared = false;
	return () => {
		if (cleared) return;
		cleared = true;
		// Line by line, upwards (as Ink erases its own frames), not "up N rows, erase to the end": tmux,
		// and terminals like it, copy the screen into scrollback when it is erased from the top-left
		// corner, which left a second copy of this frame above Ink's in a fresh terminal.
		out.write(`\u001B[2K${'\u001B[1A\u001B[2K'.repeat(rows)}\r`);
	};
}
