// A text field for no-colour mode. @inkjs/ui's TextInput draws its cursor (and placeholder) with
// chalk.inverse/dim, which no theme can turn off: under NO_COLOR that is either an escape code or, with
// chalk at level 0, an invisible cursor. Here the cursor is a visible character instead.
import {Text, useInput} from 'ink';
import React from 'react';
import {useLiveState} from './use-live-state.js';

const CURSOR = '█';

export interface PlainTextInputProps {
	defaultValue?: string | undefined;
	placeholder?: string | undefined;
	onChange?: (value: string) => void;
	onSubmit: (value: string) => void;
}

export function PlainTextInput({defaultValue = '', placeholder, onChange, onSubmit}: PlainTextInputProps) {
	const [state, current, setState] = useLiveState(() => ({value: defaultValue, cursor: defaultValue.length}));

	useInput((input, key) => {
		const {value, cursor} = current();
		const edit = (next: string, at: number) => {
			setState({value: next, cursor: at});
			if (next !== value) onChange?.(next);
		};
		if (key.return) onSubmit(value);
		else if (key.leftArrow) edit(value, Math.max(0, cursor - 1));
		else if (key.rightArrow) edit(value, Math.min(value.length, cursor + 1));
		else if (key.home) edit(value, 0);
		else if (key.end) edit(value, value.length);
		// Ink reports the usual Backspace (0x7f) as `delete`; like @inkjs/ui, both erase leftwards.
		else if (key.backspace || key.delete) {
			if (cursor > 0) edit(value.slice(0, cursor - 1) + value.slice(cursor), cursor - 1);
		} else if (input && !key.ctrl && !key.meta && !key.tab && !key.upArrow && !key.downArrow) {
			edit(value.slice(0, cursor) + input + value.slice(cursor), cursor + input.length);
		}
	});

	if (!state.value && placeholder) return <Text>{`${CURSOR} (e.g. ${placeholder})`}</Text>;
	return <Text>{state.value.slice(0, state.cursor) + CURSOR + state.value.slice(state.cursor)}</Text>;
}
