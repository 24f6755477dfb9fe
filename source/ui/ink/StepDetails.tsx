// A spinner line per running task, with the seconds it has taken.
import {Spinner} from '@inkjs/ui';
import {Box, Text} from 'ink';
import React, {useEffect, useState} from 'react';
import type {Clock} from '../../core/context.js';
import type {Task} from './store.js';
import {Paint} from './style.js';

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
			<Text wrap="truncate-end">{task.label}</Text>
			<Paint dim>({seconds}s)</Paint>
		</Box>
	);
}
