// What shows under the step being worked on: its notes and blocks, and a spinner line per running task.
import {Spinner} from '@inkjs/ui';
import {Box, Text} from 'ink';
import React, {useEffect, useState} from 'react';
import type {Clock} from '../../core/context.js';
import type {Line, Task} from './store.js';
import {Paint, TONE_COLOURS, TONE_ICONS} from './style.js';

export function LineView({line}: {line: Line}) {
	if (line.kind === 'note') {
		return (
			<Text>
				<Paint color={TONE_COLOURS[line.tone]}>{TONE_ICONS[line.tone]}</Paint> {line.message}
			</Text>
		);
	}
	return (
		<Box flexDirection="column">
			<Paint bold>{line.title}:</Paint>
			{line.lines.map((text, i) => (
				// Indented by a margin, not spaces, so a long line (a sign-in URL) wraps under itself.
				<Box key={i} marginLeft={2}>
					{/* A diff reads better with its + and - lines coloured. */}
					<Paint {...(text.startsWith('+') ? {color: 'green'} : text.startsWith('-') ? {color: 'red'} : {})}>{text || ' '}</Paint>
				</Box>
			))}
		</Box>
	);
}

/** Seconds since `startedAt` on the injected clock, re-read once a second by this line's own timer. */
function useElapsedSeconds(clock: Clock, startedAt: number): number {
	const [, setTick] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => setTick((n) => n + 1), 1000);
		return () => clearInterval(timer);
	}, []);
	return Math.max(0, Math.floor((clock.now() - startedAt) / 1000));
}

export function TaskLine({task, clock}: {task: Task; clock: Clock}) {
	const seconds = useElapsedSeconds(clock, task.startedAt);
	return (
		<Box gap={1}>
			<Spinner />
			<Text>{task.label}</Text>
			<Paint dim>({seconds}s)</Paint>
		</Box>
	);
}
