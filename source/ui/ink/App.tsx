// The Ink view of the wizard: header, step list (finished steps collapsed to one line), and under the
// current step its notes, blocks, spinners, failure panel and question. All state comes from InkStore;
// the only things the view does are answer, go back (Esc) and cancel (Ctrl-C).
import {ThemeProvider, defaultTheme} from '@inkjs/ui';
import {Box, Text, useInput} from 'ink';
import React, {useSyncExternalStore} from 'react';
import {FailurePanel} from './FailurePanel.js';
import {QuestionView} from './QuestionView.js';
import {StepRow} from './StepList.js';
import {LineView, TaskLine} from './StepDetails.js';
import type {InkStore, Snapshot} from './store.js';
import {ColourContext, Paint, noColourTheme} from './style.js';

export interface AppProps {
	store: InkStore;
	/** False with NO_COLOR / --no-color / a stdout without colours: no escape codes for styling at all. */
	color?: boolean;
	demo?: {scenario: string} | undefined;
}

function Keys({store, snapshot}: {store: InkStore; snapshot: Snapshot}) {
	// Once finished nothing listens: raw mode goes, and the terminal is the shell's again.
	const active = snapshot.wizard?.phase !== 'finished';
	useInput(
		(input, key) => {
			// Ink delivers Ctrl-C here because the app is rendered with exitOnCtrlC: false.
			if (key.ctrl && input === 'c') store.cancel();
			else if (key.escape) store.back();
		},
		{isActive: active},
	);
	return null;
}

function Body({store, snapshot}: {store: InkStore; snapshot: Snapshot}) {
	const wizard = snapshot.wizard;
	if (!wizard) return null;
	const live = wizard.phase === 'running' || wizard.phase === 'failed';
	const lastStep = wizard.steps[wizard.steps.length - 1];
	return (
		<>
			<Box flexDirection="column" marginTop={1}>
				{wizard.steps.map((step, index) => {
					const current = live && index === wizard.current;
					if (!current) return <StepRow key={step.id} step={step} current={false} />;
					const failure = wizard.phase === 'failed' && snapshot.failure?.step === step.id ? snapshot.failure.failure : undefined;
					return (
						<StepRow key={step.id} step={step} current>
							{(snapshot.lines[step.id] ?? []).map((line, i) => (
								<LineView key={i} line={line} />
							))}
							{snapshot.tasks
								.filter((task) => task.step === step.id)
								.map((task) => (
									<TaskLine key={task.id} task={task} clock={store.clock} />
								))}
							{failure ? <FailurePanel title={step.title} failure={failure} /> : null}
							{snapshot.question ? <QuestionView key={snapshot.question.id} pending={snapshot.question} store={store} /> : null}
						</StepRow>
					);
				})}
			</Box>
			{wizard.phase === 'finished' ? (
				<Box flexDirection="column" marginTop={1}>
					{/* The last step (the summary: what was written, what to run next) stays on screen. */}
					{(lastStep ? (snapshot.lines[lastStep.id] ?? []) : []).map((line, i) => (
						<LineView key={i} line={line} />
					))}
					<Paint color="green" bold>
						Done.
					</Paint>
				</Box>
			) : null}
			{wizard.phase === 'cancelled' ? (
				<Box marginTop={1}>
					<Text>Cancelled. Files stay as they were before the step that was running.</Text>
				</Box>
			) : null}
		</>
	);
}

export function App({store, color = true, demo}: AppProps) {
	const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
	return (
		<ColourContext.Provider value={color}>
			<ThemeProvider theme={color ? defaultTheme : noColourTheme}>
				<Keys store={store} snapshot={snapshot} />
				<Box flexDirection="column">
					<Paint bold>codex-bedrock-setup — set up Codex on Amazon Bedrock</Paint>
					{/* Same words as the first frame (pre-frame.ts) and the plain UI. */}
					{demo ? <Paint color="yellow">{`DEMO (scenario "${demo.scenario}"): simulated AWS, throwaway home directory; nothing real is touched.`}</Paint> : null}
					<Body store={store} snapshot={snapshot} />
				</Box>
			</ThemeProvider>
		</ColourContext.Provider>
	);
}
