// One row per step: finished ones collapsed to a line, the current one bold with its details under it.
import {Box, Text} from 'ink';
import React, {type ReactNode} from 'react';
import type {StepState} from '../../core/reducer.js';
import {Paint} from './style.js';

/** A summary is one line on screen, whatever the step put in it. */
function oneLine(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

export function StepRow({step, current, children}: {step: StepState; current: boolean; children?: ReactNode}) {
	let row: ReactNode;
	if (step.status === 'done') {
		row = (
			<Text wrap="truncate-end">
				<Paint color="green">✔</Paint> {step.title}
				{step.summary ? <Paint dim>{` — ${oneLine(step.summary)}`}</Paint> : null}
			</Text>
		);
	} else if (step.status === 'skipped') {
		// The reducer's own skip says "skipped"; a step that skips itself says why.
		const why = step.summary && step.summary !== 'skipped' ? `: ${oneLine(step.summary)}` : '';
		row = (
			<Text wrap="truncate-end">
				<Paint dim>↷</Paint> {step.title}
				<Paint dim>{` — skipped${why}`}</Paint>
			</Text>
		);
	} else if (step.status === 'failed') {
		row = (
			<Text>
				<Paint color="red">✖</Paint> <Paint bold={current}>{step.title}</Paint>
			</Text>
		);
	} else if (current) {
		row = (
			<Text>
				<Paint color="cyan">›</Paint> <Paint bold>{step.title}</Paint>
			</Text>
		);
	} else {
		row = (
			<Text>
				<Paint dim>○</Paint> <Paint dim>{step.title}</Paint>
			</Text>
		);
	}
	return (
		<Box flexDirection="column">
			{row}
			{children ? (
				<Box flexDirection="column" marginLeft={2}>
					{children}
				</Box>
			) : null}
		</Box>
	);
}
