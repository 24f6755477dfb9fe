// Colour in one place. NO_COLOR (or stdout without colours) means no escape codes at all: no colour,
// no bold, no dim, no inverse. Components paint through <Paint>, which drops every style when colour
// is off, and @inkjs/ui components get a theme with their colours taken out.
import {defaultTheme, extendTheme, type Theme} from '@inkjs/ui';
import {Text, type TextProps} from 'ink';
import React, {createContext, useContext, type ReactNode} from 'react';
import type {Tone} from '../../core/types.js';

export const ColourContext = createContext(true);

export function useColour(): boolean {
	return useContext(ColourContext);
}

export interface PaintProps {
	color?: TextProps['color'];
	dim?: boolean;
	bold?: boolean;
	/** Keep it on one line (cut with …) rather than wrapping. */
	truncate?: boolean;
	children?: ReactNode;
}

/** A <Text> whose styles apply only when colour is on. */
export function Paint({color, dim, bold, truncate, children}: PaintProps) {
	const colour = useColour();
	const wrap: TextProps['wrap'] = truncate ? 'truncate-end' : 'wrap';
	if (!colour) return <Text wrap={wrap}>{children}</Text>;
	return (
		<Text wrap={wrap} {...(color ? {color} : {})} {...(dim ? {dimColor: true} : {})} {...(bold ? {bold: true} : {})}>
			{children}
		</Text>
	);
}

export const TONE_ICONS: Record<Tone, string> = {info: 'ℹ', success: '✔', warning: '⚠', error: '✖'};
export const TONE_COLOURS: Record<Tone, string> = {info: 'cyan', success: 'green', warning: 'yellow', error: 'red'};

/**
 * @inkjs/ui paints the Spinner frame blue and dims an unfocused ConfirmInput; without colour they get
 * plain styles. (Its TextInput draws its cursor with chalk.inverse, which no theme reaches: the text
 * question draws its own cursor: TextField.tsx.)
 */
export const noColourTheme: Theme = extendTheme(defaultTheme, {
	components: {
		Spinner: {styles: {frame: () => ({})}},
		ConfirmInput: {styles: {input: () => ({})}},
	},
});
