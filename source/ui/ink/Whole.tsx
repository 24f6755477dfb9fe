// One line that Ink must not wrap (a URL, an ARN, a command): its box is as wide as the text, so the
// terminal wraps it instead and a triple-click copies it whole. Only for the scrollback (<Static>): in the
// live region a line the terminal wraps by itself would throw off Ink's count of rows to erase.
import stringWidth from 'string-width';
import {Box, Text} from 'ink';
import React, {createContext, useContext} from 'react';
import {hyperlink} from './layout.js';
import {useColour} from './style.js';

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

