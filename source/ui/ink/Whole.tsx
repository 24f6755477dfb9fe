// One line that Ink must not wrap (a URL, an ARN, a command): its box is as wide as the text, so the
// terminal wraps it instead and a triple-click copies it whole. Only for the scrollback (<Static>): in the
// live region a line the terminal wraps by itself would throw off Ink's count of rows to erase.
import stringWidth from 'string-width';
import {Box, Text} from 'ink';
import React, {createContext, useContext} from 'react';
import {hyperlink, isCommandLine, splitCopyable} from './layout.js';
import {Paint, useColour} from './style.js';

/** Terminal hyperlinks (OSC 8) for URLs, where the terminal supports them (run.tsx decides). */
export const HyperlinkContext = createContext(false);

/** One line that Ink must not wrap: its box is as wide as the text, so the terminal wraps it instead. */
export function Whole({text, indent, columns}: {text: string; indent: number; columns: number}) {
	const wanted = useContext(HyperlinkContext);
	const colour = useColour();
	const links = wanted && colour;
	const width = stringWidth(text);
	const shown = links && /^https?:\/\//.test(text) ? hyperlink(text) : text;
	return (
		<Box marginLeft={indent} width={Math.max(columns - indent, width)} flexShrink={0}>
			<Text wrap="truncate-end">{shown}</Text>
		</Box>
	);
}


/**
 * One line of a block (or a fix) in scrollback, indented by 2: a command or a URL/ARN alone runs whole
 * past the terminal's width; a longer line has its URL or ARN put on a line of its own; prose and diff
 * lines wrap (a diff line is never split: that would misquote the file).
 */
export function BlockLine({text, columns}: {text: string; columns: number}) {
	const width = columns - 2;
	if (isCommandLine(text) && stringWidth(text) > width) return <Whole text={text} indent={2} columns={columns} />;
	const parts = /^[-+@ ]/.test(text) ? [{text, copy: false}] : splitCopyable(text, width);
	if (parts.length > 1 || parts[0]?.copy) {
		return (
			<Box flexDirection="column">
				{parts.map((part, j) =>
					part.copy ? (
						<Whole key={j} text={part.text} indent={j === 0 ? 2 : 4} columns={columns} />
					) : (
						<Box key={j} marginLeft={j === 0 ? 2 : 4}>
							<Text>{part.text}</Text>
						</Box>
					),
				)}
			</Box>
		);
	}
	return (
		<Box marginLeft={2}>
			{/* A diff reads better with its + and - lines coloured. */}
			<Paint {...(text.startsWith('+') ? {color: 'green'} : text.startsWith('-') ? {color: 'red'} : {})}>{text || ' '}</Paint>
		</Box>
	);
}
