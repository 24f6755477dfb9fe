// A select list with type-to-filter. Written here rather than taken from @inkjs/ui because its Select
// only reports a *change* of selection: Enter on the preselected default does nothing, and it cannot
// filter (accounts lists need both). Keys: ↑↓ move, PgUp/PgDn jump, typing filters, Backspace edits the
// filter, Enter chooses. Esc and Ctrl-C are handled by the App (back / quit).
import {Box, Text, useInput} from 'ink';
import React, {useMemo, useState} from 'react';
import type {Choice} from '../../core/types.js';

export interface SelectInputProps {
	choices: Choice[];
	defaultValue?: string | undefined;
	color: boolean;
	visible?: number;
	onSubmit(value: string): void;
}

export function filterChoices(choices: Choice[], filter: string): Choice[] {
	const needle = filter.trim().toLowerCase();
	if (!needle) return choices;
	return choices.filter((c) => `${c.label} ${c.hint ?? ''} ${c.value}`.toLowerCase().includes(needle));
}

export function SelectInput({choices, defaultValue, color, visible = 8, onSubmit}: SelectInputProps) {
	const [filter, setFilter] = useState('');
	const [focus, setFocus] = useState(() => Math.max(0, choices.findIndex((c) => c.value === defaultValue)));
	const shown = useMemo(() => filterChoices(choices, filter), [choices, filter]);
	const index = Math.min(focus, Math.max(0, shown.length - 1));

	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c')) return;
		if (key.upArrow) setFocus((shown.length + index - 1) % Math.max(1, shown.length));
		else if (key.downArrow) setFocus((index + 1) % Math.max(1, shown.length));
		else if (key.pageUp) setFocus(Math.max(0, index - visible));
		else if (key.pageDown) setFocus(Math.min(shown.length - 1, index + visible));
		else if (key.return) {
			const chosen = shown[index];
			if (chosen) onSubmit(chosen.value);
		} else if (key.backspace || key.delete) {
			setFilter((f) => f.slice(0, -1));
			setFocus(0);
		} else if (input && !key.ctrl && !key.meta && !key.tab) {
			setFilter((f) => f + input);
			setFocus(0);
		}
	});

	const start = Math.min(Math.max(0, index - Math.floor(visible / 2)), Math.max(0, shown.length - visible));
	const window = shown.slice(start, start + visible);
	const dim = color ? {dimColor: true} : {};
	return (
		<Box flexDirection="column">
			{filter ? <Text {...dim}>filter: {filter}</Text> : null}
			{shown.length === 0 ? <Text>No choice matches "{filter}" (Backspace to edit).</Text> : null}
			{start > 0 ? <Text {...dim}>  ↑ {start} more</Text> : null}
			{window.map((choice, i) => {
				const focused = start + i === index;
				return (
					<Text key={choice.value}>
						<Text {...(focused && color ? {color: 'cyan'} : {})}>{focused ? '❯ ' : '  '}{choice.label}</Text>
						{choice.hint ? <Text {...dim}>  {choice.hint}</Text> : null}
					</Text>
				);
			})}
			{start + visible < shown.length ? <Text {...dim}>  ↓ {shown.length - start - visible} more</Text> : null}
		</Box>
	);
}
