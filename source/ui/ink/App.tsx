// The Ink view of the wizard. Scrollback (<Static>, printed once, never redrawn): the header, each
// step's notes and blocks as they come, each finished step's line, the failures moved on from and the
// closing line. Live region (redrawn in place, always shorter than the terminal so Ink never clears
// the screen or the scrollback): the current step, its spinners, failure panel and question, and one
// line naming the steps to come. All state comes from InkStore; the only things the view does are
// answer, go back (Esc) and cancel (Ctrl-C).
import {ThemeProvider, defaultTheme} from '@inkjs/ui';
import {Box, Static, Text, useInput} from 'ink';
import React, {useSyncExternalStore} from 'react';
import {FailurePanel, failureRows} from './FailurePanel.js';
import {HistoryView} from './History.js';
import {Pager, pagerPage} from './Pager.js';
import {planLive} from './layout.js';
import {QuestionView, questionRows} from './QuestionView.js';
import {TaskLine} from './StepDetails.js';
import type {InkStore, Snapshot} from './store.js';
import {ColourContext, Paint, noColourTheme} from './style.js';
import {useTerminalSize} from './terminal-size.js';
import {HyperlinkContext} from './Whole.js';

export interface AppProps {
	store: InkStore;
	/** False with NO_COLOR / --no-color / a stdout without colours: no escape codes for styling at all. */
	color?: boolean;
	/** Terminal hyperlinks (OSC 8) for URLs in scrollback, where the terminal supports them. */
	hyperlinks?: boolean;
	demo?: {scenario: string} | undefined;
}

/** A block this long may have scrolled off above the question: half the screen. */
function pagerFrom(rows: number): number {
	return Math.max(6, Math.floor(rows / 2));
}

function Keys({store, snapshot}: {store: InkStore; snapshot: Snapshot}) {
	const {rows} = useTerminalSize();
	// Once finished nothing listens: raw mode goes, and the terminal is the shell's again.
	const active = snapshot.wizard?.phase !== 'finished' && snapshot.wizard?.phase !== 'cancelled' && !snapshot.closed;
	useInput(
		(input, key) => {
			// Ink delivers Ctrl-C here because the app is rendered with exitOnCtrlC: false.
			if (key.ctrl && input === 'c') {
				store.cancel();
				return;
			}
			// The pager takes the keys while it is open; Esc closes it rather than going back.
			if (store.getSnapshot().pager) {
				const page = pagerPage(rows);
				if (key.escape || key.tab || input === 'q') store.togglePager();
				else if (key.upArrow) store.scrollPager(-1, page);
				else if (key.downArrow) store.scrollPager(1, page);
				else if (key.pageUp) store.scrollPager(-page, page);
				else if (key.pageDown || input === ' ') store.scrollPager(page, page);
				return;
			}
			if (key.escape) store.back();
			else if (key.tab) store.togglePager(pagerFrom(rows));
		},
		{isActive: active},
	);
	return null;
}

function Live({store, snapshot}: {store: InkStore; snapshot: Snapshot}) {
	const {columns, rows} = useTerminalSize();
	const wizard = snapshot.wizard;
	if (!wizard || snapshot.closed || (wizard.phase !== 'running' && wizard.phase !== 'failed')) return null;
	const step = wizard.steps[wizard.current];
	if (!step) return null;
	const failure = wizard.phase === 'failed' && snapshot.failure?.step === step.id ? snapshot.failure.failure : undefined;
	const tasks = snapshot.tasks.filter((task) => task.step === step.id);
	const question = snapshot.question;
	const pageable = question ? store.pageable(pagerFrom(rows)) : undefined;
	const pageableTitle = pageable ? `"${pageable.title}"` : undefined;
	const plan = planLive({
		rows,
		columns,
		tasks: tasks.length,
		...(failure ? {failureRows: failureRows(step.title, failure, columns - 2)} : {}),
		...(question ? {question: questionRows(question.question, columns - 2, pageableTitle)} : {}),
	});
	// The pager replaces everything but keeps the question mounted (hidden), so what was typed stays.
	const paging = snapshot.pager && question ? snapshot.pager : undefined;
	// Right under its own heading in scrollback, the step needs no title line of its own.
	const last = snapshot.history.at(-1);
	const headed = last !== undefined && (last.kind === 'heading' || last.kind === 'line') && last.step === step.id;
	const pending = wizard.steps.slice(wizard.current + 1).filter((s) => s.status !== 'done');
	const position = `(${wizard.current + 1}/${wizard.steps.length})`;
	return (
		<Box flexDirection="column" {...(plan.clip && !paging ? {height: plan.budget, overflow: 'hidden' as const} : {})}>
			{paging ? <Pager title={paging.title} lines={paging.lines} offset={paging.offset} rows={rows} /> : null}
			{plan.showTitle && !headed && !paging ? (
				<Text wrap="truncate-end">
					{failure ? <Paint color="red">✖</Paint> : <Paint color="cyan">›</Paint>} <Paint bold>{step.title}</Paint> <Paint dim>{position}</Paint>
				</Text>
			) : null}
			<Box flexDirection="column" marginLeft={2}>
				{paging
					? null
					: tasks.map((task) => (
							<TaskLine key={task.id} task={task} clock={store.clock} />
						))}
				{failure && !paging ? <FailurePanel title={step.title} failure={failure} columns={columns - 2} compact={plan.compactFailure} minimal={plan.minimalFailure} /> : null}
				{question ? <QuestionView key={question.id} pending={question} store={store} layout={plan} pageable={pageableTitle} hidden={Boolean(paging)} /> : null}
			</Box>
			{plan.showPending && pending.length && !paging ? (
				<Text wrap="truncate-end">
					<Paint dim>{`○ Then: ${pending.map((s) => s.title).join(' · ')}`}</Paint>
				</Text>
			) : null}
		</Box>
	);
}

export function App({store, color = true, hyperlinks = false, demo}: AppProps) {
	const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
	const {columns} = useTerminalSize();
	return (
		<ColourContext.Provider value={color}>
			<HyperlinkContext.Provider value={hyperlinks}>
				<ThemeProvider theme={color ? defaultTheme : noColourTheme}>
					<Keys store={store} snapshot={snapshot} />
					{/* Each item as wide as the terminal: prose wraps there, and only a Whole line (wider) runs past it. */}
					<Static items={snapshot.history}>
						{(item) => (
							<Box key={item.id} width={columns} flexDirection="column">
								<HistoryView item={item} columns={columns} demo={demo} />
							</Box>
						)}
					</Static>
					<Live store={store} snapshot={snapshot} />
				</ThemeProvider>
			</HyperlinkContext.Provider>
		</ColourContext.Provider>
	);
}
