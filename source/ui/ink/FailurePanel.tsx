// The failure of the current step: which step, the one-line error, the step's own hint, the
// troubleshooting rule's likely cause and fix, and the AWS request id (what support asks for). The
// parts are data (failureParts), so the live region can count its rows before drawing (layout.ts); a
// compact panel leaves out the hint, the rule's source and the request id when the terminal is short.
// In scrollback (`whole`), fix commands longer than the terminal are printed whole, for copying.
import {Box, Text} from 'ink';
import React from 'react';
import type {StepFailure} from '../../core/types.js';
import {BlockLine} from './Whole.js';
import {rowsOf} from './layout.js';
import {Paint} from './style.js';

export function headline(title: string, failure: StepFailure): string {
	return `✖ ${title} failed: ${failure.message}`;
}

/** Rows the panel takes at `columns`, full, compact and minimal (margin included). */
export function failureRows(title: string, failure: StepFailure, columns: number): {full: number; compact: number; minimal: number} {
	const inner = columns - 2;
	const fixWidth = columns - 4;
	const head = 1 + rowsOf(headline(title, failure), columns);
	const causeRows = failure.diagnosis ? rowsOf(`Likely cause: ${failure.diagnosis.cause}`, inner) : 0;
	const fixRows = failure.diagnosis ? 1 + failure.diagnosis.fix.reduce((n, line) => n + rowsOf(line, fixWidth), 0) : 0;
	const extra = (failure.hint ? rowsOf(failure.hint, inner) : 0) + (failure.diagnosis ? rowsOf(`Rule ${failure.diagnosis.ruleId} · ${failure.diagnosis.source}`, inner) : 0) + (failure.requestId ? rowsOf(`AWS request id: ${failure.requestId}`, inner) : 0);
	return {full: head + causeRows + fixRows + extra, compact: head + causeRows + fixRows, minimal: head + fixRows};
}

export function FailurePanel({
	title,
	failure,
	columns,
	compact = false,
	minimal = false,
	whole = false,
}: {
	title: string;
	failure: StepFailure;
	columns: number;
	compact?: boolean;
	/** Headline and fix only (a very short terminal). */
	minimal?: boolean;
	whole?: boolean;
}) {
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text>
				<Paint color="red" bold>
					✖ {title} failed:
				</Paint>{' '}
				{failure.message}
			</Text>
			<Box flexDirection="column" paddingLeft={2}>
				{failure.hint && !compact ? <Text>{failure.hint}</Text> : null}
				{failure.diagnosis ? (
					<>
						{minimal ? null : (
							<Text>
								<Paint bold>{'Likely cause: '}</Paint>
								{failure.diagnosis.cause}
							</Text>
						)}
						<Paint bold>{'Fix:'}</Paint>
						<Box flexDirection="column" paddingLeft={whole ? 0 : 2}>
							{failure.diagnosis.fix.map((line, i) => (whole ? <BlockLine key={i} text={line} columns={columns - 2} /> : <Text key={i}>{line}</Text>))}
						</Box>
						{compact ? null : <Paint dim>{`Rule ${failure.diagnosis.ruleId} · ${failure.diagnosis.source}`}</Paint>}
					</>
				) : null}
				{failure.requestId && !compact ? <Paint dim>{`AWS request id: ${failure.requestId}`}</Paint> : null}
			</Box>
		</Box>
	);
}
