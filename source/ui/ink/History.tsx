// What goes to the scrollback, once (through <Static>): the header, each step's notes and blocks as
// they come, the line of each finished step, the failures moved on from, the closing line. Nothing here
// is ever redrawn, so a URL, an ARN or a command longer than the terminal is printed whole on a line of
// its own and left to the terminal to wrap: a triple-click then copies it in one piece.
import {Box, Text} from 'ink';
import React from 'react';
import {FailurePanel} from './FailurePanel.js';
import {splitCopyable} from './layout.js';
import type {Tone} from '../../core/types.js';
import type {HistoryItem, Line} from './store.js';
import {Paint, TONE_COLOURS, TONE_ICONS} from './style.js';
import {BlockLine, Whole} from './Whole.js';

function NoteView({tone, message, columns}: {tone: Tone; message: string; columns: number}) {
	const parts = splitCopyable(message, columns - 4);
	const icon = <Paint color={TONE_COLOURS[tone]}>{TONE_ICONS[tone]}</Paint>;
	if (parts.length === 1 && !parts[0]!.copy) {
		return (
			<Box marginLeft={2}>
				<Text>
					{icon} {message}
				</Text>
			</Box>
		);
	}
	return (
		<Box flexDirection="column" marginLeft={2}>
			{parts.map((part, i) =>
				part.copy ? (
					<Whole key={i} text={part.text} indent={2} columns={columns - 2} />
				) : (
					<Box key={i} marginLeft={i === 0 ? 0 : 2}>
						<Text>
							{i === 0 ? <>{icon} </> : null}
							{part.text}
						</Text>
					</Box>
				),
			)}
		</Box>
	);
}

export function BlockView({title, lines, columns, indent = 2}: {title: string; lines: readonly string[]; columns: number; indent?: number}) {
	return (
		<Box flexDirection="column" marginLeft={indent}>
			<Paint bold>{title}:</Paint>
			{lines.map((text, i) => (
				<BlockLine key={i} text={text} columns={columns - indent} />
			))}
		</Box>
	);
}

export function LineView({line, columns}: {line: Line; columns: number}) {
	if (line.kind === 'note') return <NoteView tone={line.tone} message={line.message} columns={columns} />;
	return <BlockView title={line.title} lines={line.lines} columns={columns} />;
}

export function HistoryView({item, columns, demo}: {item: HistoryItem; columns: number; demo?: {scenario: string} | undefined}) {
	switch (item.kind) {
		case 'header':
			return (
				<Box flexDirection="column" marginBottom={1}>
					<Paint bold>codex-bedrock-setup — set up Codex on Amazon Bedrock</Paint>
					{/* Same words as the first frame (pre-frame.ts) and the plain UI. */}
					{demo ? <Paint color="yellow">{`DEMO (scenario "${demo.scenario}"): simulated AWS, throwaway home directory; nothing real is touched.`}</Paint> : null}
				</Box>
			);
		case 'heading':
			return (
				<Text>
					<Paint color="cyan">›</Paint> <Paint bold>{item.title}</Paint> <Paint dim>{item.position}</Paint>
				</Text>
			);
		case 'line':
			return <LineView line={item.line} columns={columns} />;
		case 'step':
			return item.status === 'done' ? (
				<Text>
					<Paint color="green">✔</Paint> {item.title}
					{item.summary ? <Paint dim>{` — ${item.summary}`}</Paint> : null}
				</Text>
			) : (
				<Text>
					<Paint dim>↷</Paint> {item.title}
					<Paint dim>{` — skipped${item.summary && item.summary !== 'skipped' ? `: ${item.summary}` : ''}`}</Paint>
				</Text>
			);
		case 'failure':
			return <FailurePanel title={item.title} failure={item.failure} columns={columns} whole />;
		case 'back':
			return <Paint dim>{`↩ ${item.title}: back to the step before`}</Paint>;
		case 'end':
			return (
				<Box flexDirection="column" marginTop={1}>
					{item.lines.map((text, i) =>
						i === 0 ? (
							<Paint key={i} color={TONE_COLOURS[item.tone]} bold>
								{text}
							</Paint>
						) : (
							<Text key={i}>{text}</Text>
						),
					)}
				</Box>
			);
	}
}
