// The text field of a text question, in colour and without: line editing (line-edit.ts), the cursor
// drawn inverse with colour and as a visible block without (NO_COLOR allows no escape code at all), a
// prefilled default shown as such until the first printable key replaces it.
import {Text, useInput} from 'ink';
import React from 'react';
import {editLine, initialLine} from './line-edit.js';
import {Paint, useColour} from './style.js';
import {useLiveState} from './use-live-state.js';

const BLOCK = '█';

export interface TextFieldProps {
	defaultValue?: string | undefined;
	placeholder?: string | undefined;
	onChange?: (value: string) => void;
	onSubmit: (value: string) => void;
	/** Deaf to keys (the pager is open over it). */
	disabled?: boolean;
}

export function TextField({defaultValue = '', placeholder, onChange, onSubmit, disabled = false}: TextFieldProps) {
	const colour = useColour();
	const [state, current, setState] = useLiveState(() => initialLine(defaultValue));

	useInput((input, key) => {
		// Esc and Ctrl-C are the App's (back / quit).
		if (key.ctrl && input === 'c') return;
		const before = current();
		const action = editLine(before, input, key);
		if (action.type === 'submit') {
			if (action.state) {
				setState(action.state);
				if (action.state.value !== before.value) onChange?.(action.state.value);
			}
			onSubmit(action.value);
		}
		else if (action.type === 'edit') {
			setState(action.state);
			if (action.state.value !== before.value) onChange?.(action.state.value);
		}
	}, {isActive: !disabled});

	const chars = [...state.value];
	const cursorChar = chars[state.cursor] ?? ' ';
	const cursor = colour ? <Text inverse>{cursorChar}</Text> : BLOCK;
	const after = colour ? chars.slice(state.cursor + 1).join('') : chars.slice(state.cursor).join('');
	if (!state.value && placeholder) {
		return (
			<Text>
				{cursor}
				<Paint dim>{` (e.g. ${placeholder})`}</Paint>
			</Text>
		);
	}
	return (
		<Text>
			{chars.slice(0, state.cursor).join('')}
			{cursor}
			{after}
			{state.pristine ? <Paint dim>{'  (default: type to replace, ←/→ to edit)'}</Paint> : null}
		</Text>
	);
}
