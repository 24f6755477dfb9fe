// The Ink view of the wizard: the step list (finished steps collapsed to one line), the current step's
// notes, blocks, spinners and question, and the failure panel. All state comes from InkStore.
import {ConfirmInput, Spinner, TextInput} from '@inkjs/ui';
import {Box, Text, useInput} from 'ink';
import React, {useEffect, useState, useSyncExternalStore} from 'react';
import type {Question, Tone} from '../../core/types.js';
import {SelectInput} from './SelectInput.js';
import type {InkStore, Line, PendingQuestion, Task} from './store.js';

export interface AppProps {
	store: InkStore;
	/** False with NO_COLOR / --no-color: no colour, bold or dim at all. */
	color: boolean;
	demo?: {scenario: string} | undefined;
}

const ICONS: Record<Tone, string> = {info: 'ℹ', success: '✔', warning: '⚠', error: '✖'};
const TONE_COLOURS: Record<Tone, string> = {info: 'cyan', success: 'green', warning: 'yellow', error: 'red'};

type Style = {color?: string; dimColor?: boolean; bold?: boolean};

function useStyle(color: boolean) {
	return (style: Style): Style => (color ? style : {});
}

function useElapsedSeconds(store: InkStore, startedAt: number): number {
	const [, tick] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => tick((n) => n + 1), 1000);
		return () => clearInterval(timer);
	}, []);
	return Math.max(0, Math.floor((store.clock.now() - startedAt) / 1000));
}

function TaskLine({store, task, color}: {store: InkStore; task: Task; color: boolean}) {
	const seconds = useElapsedSeconds(store, task.startedAt);
	const style = useStyle(color);
	return (
		<Box>
			{color ? <Spinner /> : <Text>…</Text>}
			<Text> {task.label} </Text>
			<Text {...style({dimColor: true})}>({seconds}s)</Text>
		</Box>
	);
}

function LineView({line, color}: {line: Line; color: boolean}) {
	const style = useStyle(color);
	if (line.kind === 'note') {
		return (
			<Text>
				<Text {...style({color: TONE_COLOURS[line.tone]})}>{ICONS[line.tone]}</Text> {line.message}
			</Text>
		);
	}
	return (
		<Box flexDirection="column">
			<Text {...style({bold: true})}>{line.title}:</Text>
			{line.lines.map((text, i) => (
				<Text key={i} {...style(text.startsWith('+') ? {color: 'green'} : text.startsWith('-') ? {color: 'red'} : {})}>
					{'  '}
					{text}
				</Text>
			))}
		</Box>
	);
}

function TextQuestionView({pending, store, color}: {pending: PendingQuestion & {question: Extract<Question, {kind: 'text'}>}; store: InkStore; color: boolean}) {
	const [error, setError] = useState<string | undefined>();
	const style = useStyle(color);
	const {question} = pending;
	return (
		<Box flexDirection="column">
			<Box>
				<Text {...style({color: 'cyan'})}>› </Text>
				<TextInput
					{...(question.default ? {defaultValue: question.default} : {})}
					{...(question.placeholder ? {placeholder: question.placeholder} : {})}
					onSubmit={(raw) => {
						const value = raw.trim() === '' && question.default !== undefined ? question.default : raw.trim();
						const problem = question.validate?.(value) ?? (value === '' ? 'An answer is required.' : undefined);
						if (problem) setError(problem);
						else store.submit(pending.id, value);
					}}
				/>
			</Box>
			{error ? <Text {...style({color: 'red'})}>✖ {error}</Text> : null}
		</Box>
	);
}

function QuestionView({pending, store, color}: {pending: PendingQuestion; store: InkStore; color: boolean}) {
	const style = useStyle(color);
	const {question} = pending;
	let input: React.ReactNode;
	if (question.kind === 'select') {
		input = <SelectInput key={pending.id} choices={question.choices} defaultValue={question.default} color={color} onSubmit={(value) => store.submit(pending.id, value)} />;
	} else if (question.kind === 'text') {
		input = <TextQuestionView key={pending.id} pending={pending as PendingQuestion & {question: typeof question}} store={store} color={color} />;
	} else {
		input = (
			<ConfirmInput
				key={pending.id}
				defaultChoice={question.default ? 'confirm' : 'cancel'}
				onConfirm={() => store.submit(pending.id, true)}
				onCancel={() => store.submit(pending.id, false)}
			/>
		);
	}
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text {...style({bold: true})}>? {question.message}</Text>
			{question.help ? <Text {...style({dimColor: true})}>{question.help}</Text> : null}
			{input}
			<Text {...style({dimColor: true})}>{question.kind === 'select' ? '↑↓ choose · type to filter · ' : ''}Enter confirm · Esc back · Ctrl-C quit</Text>
		</Box>
	);
}

export function App({store, color, demo}: AppProps) {
	const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const style = useStyle(color);
	useInput((input, key) => {
		if (key.ctrl && input === 'c') store.cancel();
		else if (key.escape) store.back();
	});
	const wizard = snapshot.wizard;
	return (
		<Box flexDirection="column">
			<Text {...style({bold: true})}>codex-bedrock-setup — set up Codex on Amazon Bedrock</Text>
			{demo ? <Text {...style({color: 'yellow'})}>DEMO (scenario "{demo.scenario}"): simulated AWS, throwaway home directory; nothing real is touched.</Text> : null}
			<Box flexDirection="column" marginTop={1}>
				{wizard?.steps.map((step, index) => {
					const current = index === wizard.current && wizard.phase !== 'finished';
					let mark: React.ReactNode;
					if (step.status === 'done') mark = <Text {...style({color: 'green'})}>✔</Text>;
					else if (step.status === 'failed') mark = <Text {...style({color: 'red'})}>✖</Text>;
					else if (step.status === 'skipped') mark = <Text {...style({dimColor: true})}>↷</Text>;
					else if (current) mark = <Text {...style({color: 'cyan'})}>›</Text>;
					else mark = <Text {...style({dimColor: true})}>○</Text>;
					const collapsed = step.status === 'done' || step.status === 'skipped';
					return (
						<Box key={step.id} flexDirection="column">
							<Text>
								{mark} <Text {...style(current ? {bold: true} : collapsed ? {} : {dimColor: true})}>{step.title}</Text>
								{collapsed && step.summary ? <Text {...style({dimColor: true})}> — {step.summary}</Text> : null}
							</Text>
							{current && wizard.phase !== 'cancelled' ? (
								<Box flexDirection="column" marginLeft={2}>
									{snapshot.linesStep === step.id ? snapshot.lines.map((line, i) => <LineView key={i} line={line} color={color} />) : null}
									{snapshot.tasks.map((task) => (
										<TaskLine key={task.id} store={store} task={task} color={color} />
									))}
									{snapshot.failure && snapshot.failure.step === step.id ? (
										<Box flexDirection="column" marginTop={1}>
											<Text {...style({color: 'red'})}>✖ {snapshot.failure.failure.message}</Text>
											{snapshot.failure.failure.hint ? <Text>  {snapshot.failure.failure.hint}</Text> : null}
											{snapshot.failure.failure.code === 'unknown' ? <Text>  This error is not in the troubleshooting table.</Text> : null}
											{snapshot.failure.failure.requestId ? <Text {...style({dimColor: true})}>  AWS request id: {snapshot.failure.failure.requestId}</Text> : null}
										</Box>
									) : null}
									{snapshot.question ? <QuestionView pending={snapshot.question} store={store} color={color} /> : null}
								</Box>
							) : null}
						</Box>
					);
				})}
			</Box>
			{wizard?.phase === 'finished' ? (
				<Box flexDirection="column" marginTop={1}>
					{/* The last step (the summary) stays on screen once everything has collapsed. */}
					{snapshot.lines.map((line, i) => (
						<LineView key={i} line={line} color={color} />
					))}
					<Text {...style({color: 'green'})}>Done.</Text>
				</Box>
			) : null}
			{wizard?.phase === 'cancelled' ? <Text>{'\n'}Cancelled. Files stay as they were before the step that was running.</Text> : null}
		</Box>
	);
}
