// A select list with type-to-filter. Written here rather than taken from @inkjs/ui because its Select
// only reports a *change* of selection (use-select-state.js compares the value with the previous one):
// Enter on the preselected default does nothing, so "What now?" (default Retry) or a prefilled region
// could not be confirmed with Enter alone. It cannot filter either, and an account list needs that.
// Keys: ↑↓ move (wrapping), PgUp/PgDn jump, typing filters, Backspace edits the filter, Enter chooses.
// Esc and Ctrl-C are the App's (back / quit).
import {Box, Text, useInput} from 'ink';
import React, {useMemo} from 'react';
import type {Choice} from '../../core/types.js';
import {Paint} from './style.js';
import {useLiveState} from './use-live-state.js';

export interface SelectInputProps {
	choices: Choice[];
	defaultValue?: string | undefined;
	/** Rows shown at once; the list scrolls around the focused one. */
	visible?: number;
	/** Deaf to keys (the pager is open over it). */
	disabled?: boolean;
	onSubmit(value: string): void;
}

export function filterChoices(choices: Choice[], filter: string): Choice[] {
	const needle = filter.trim().toLowerCase();
	if (!needle) return choices;
	return choices.filter((c) => `${c.label} ${c.hint ?? ''} ${c.value}`.toLowerCase().includes(needle));
}

export function SelectInput({choices, defaultValue, visible = 8, disabled = false, onSubmit}: SelectInputProps) {
	const [state, current, setState] = useLiveState(() => ({filter: '', focus: Math.max(0, choices.findIndex((c) => c.value === defaultValue))}));
	const shown = useMemo(() => filterChoices(choices, state.filter), [choices, state.filter]);
	const index = Math.min(state.focus, Math.max(0, shown.length - 1));

	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c')) return;
		const {filter, focus} = current();
		const list = filterChoices(choices, filter);
		const at = Math.min(focus, Math.max(0, list.length - 1));
		const count = Math.max(1, list.length);
		const move = (to: number) => setState({filter, focus: to});
		if (key.upArrow) move((at - 1 + count) % count);
		else if (key.downArrow) move((at + 1) % count);
		else if (key.pageUp) move(Math.max(0, at - visible));
		else if (key.pageDown) move(Math.min(count - 1, at + visible));
		else if (key.return) {
			const chosen = list[at];
			if (chosen) onSubmit(chosen.value);
		} else if (key.backspace || key.delete) setState({filter: filter.slice(0, -1), focus: 0});
		else if (input && !key.ctrl && !key.meta && !key.tab) setState({filter: filter + input, focus: 0});
	}, {isActive: !disabled});

	const start = Math.min(Math.max(0, index - Math.floor(visible / 2)), Math.max(0, shown.length - visible));
	const rows = shown.slice(start, start + visible);
	return (
		<Box flexDirection="column">
			{state.filter ? <Paint dim>filter: {state.filter}</Paint> : null}
			{shown.length === 0 ? <Text>No choice matches "{state.filter}" (Backspace to edit).</Text> : null}
			{start > 0 ? <Paint dim>{`  ↑ ${start} more`}</Paint> : null}
			{rows.map((choice, i) => {
				const focused = start + i === index;
				return (
					<Text key={choice.value} wrap="truncate-end">
						<Paint {...(focused ? {color: 'cyan'} : {})}>
							{focused ? '❯ ' : '  '}
							{choice.label}
						</Paint>
						{choice.hint ? <Paint dim>{`  ${choice.hint}`}</Paint> : null}
					</Text>
				);
			})}
			{start + visible < shown.length ? <Paint dim>{`  ↓ ${shown.length - start - visible} more`}</Paint> : null}
		</Box>
	);
}
