// A long block (a diff, the region table) shown again in the live region, a window at a time: its full
// text is in scrollback already, but above the question it may have scrolled off a short terminal.
// Keys (App.tsx): ↑↓ a line, PgUp/PgDn or Space a page, Tab, Esc or q close. Lines are cut, not
// wrapped, so the window is exactly as tall as planned.
import {Box, Text} from 'ink';
import React from 'react';
import {Paint} from './style.js';

/** Rows around the window: title, the two "more" lines, the key line. */
export const PAGER_CHROME_ROWS = 4;

export function pagerPage(rows: number): number {
	return Math.max(3, rows - 1 - PAGER_CHROME_ROWS);
}

export function Pager({title, lines, offset, rows}: {title: string; lines: readonly string[]; offset: number; rows: number}) {
	const page = pagerPage(rows);
	const shown = lines.slice(offset, offset + page);
	const below = Math.max(0, lines.length - offset - page);
	return (
		<Box flexDirection="column">
			<Paint bold>{`${title} (${offset + 1}-${offset + shown.length} of ${lines.length} lines):`}</Paint>
			<Paint dim>{offset > 0 ? `  ↑ ${offset} more` : ' '}</Paint>
			{shown.map((line, i) => (
				<Text key={offset + i} wrap="truncate-end">
					<Paint {...(line.startsWith('+') ? {color: 'green'} : line.startsWith('-') ? {color: 'red'} : {})}>{`  ${line || ' '}`}</Paint>
				</Text>
			))}
			<Paint dim>{below > 0 ? `  ↓ ${below} more` : ' '}</Paint>
			<Paint dim>↑↓ scroll · PgUp/PgDn page · Tab or Esc back to the question</Paint>
		</Box>
	);
}
