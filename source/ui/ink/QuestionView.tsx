// The question on screen: the message, its help line, the input for its kind and the key hints.
// Answers go back through the store; a stale answer (to a question already gone) is ignored there.
// How tall it may be is the live region's plan (layout.ts): the select's rows, help and key line.
import {ConfirmInput} from '@inkjs/ui';
import {Box} from 'ink';
import React, {useState} from 'react';
import type {Question, TextQuestion} from '../../core/types.js';
import {rowsOf} from './layout.js';
import {SelectInput} from './SelectInput.js';
import type {InkStore, PendingQuestion} from './store.js';
import {Paint} from './style.js';
import {TextField} from './TextField.js';

export const FOOTER = '↑↓ choose · Enter confirm · Esc back · Ctrl-C quit';
const TEXT_FOOTER = 'Enter confirm · Ctrl-U clear · Ctrl-A/E start/end · Esc back · Ctrl-C quit';

function footerFor(question: Question, pageable?: string): string {
	const base = question.kind === 'select' ? `${FOOTER} · type to filter` : question.kind === 'text' ? TEXT_FOOTER : FOOTER.replace('↑↓ choose · ', 'y/n · ');
	// A long block (a diff) has scrolled up: Tab shows it again here, in a pager.
	return pageable ? `${base} · Tab: ${pageable} again` : base;
}

/** Rows reserved for a text field: the value (a long one wraps once) and its validation message. */
const TEXT_FIELD_ROWS = 4;

/** Rows the question takes apart from its choices, for the live region's plan. */
export function questionRows(question: Question, columns: number, pageable?: string): {rowsWithoutChoices: number; helpRows: number; choices: number; footerRows: number} {
	const width = columns - 2;
	const helpRows = question.help ? rowsOf(question.help, width) : 0;
	const footerRows = 1 + rowsOf(footerFor(question, pageable), width);
	// select: a filter line or "no choice matches"; text: the field and its message; confirm: one line.
	const input = question.kind === 'select' ? 1 : question.kind === 'text' ? TEXT_FIELD_ROWS : 1;
	return {rowsWithoutChoices: 1 + rowsOf(`? ${question.message}`, width) + helpRows + input + footerRows, helpRows, choices: question.kind === 'select' ? question.choices.length : 0, footerRows};
}

function TextAnswer({question, onAnswer, disabled}: {question: TextQuestion; onAnswer: (value: string) => void; disabled: boolean}) {
	const [error, setError] = useState<string | undefined>();
	const submit = (raw: string) => {
		const typed = raw.trim();
		const value = typed === '' && question.default !== undefined ? question.default : typed;
		// A bad value stays in the field with the reason under it; only a valid one answers.
		const problem = question.validate?.(value);
		if (problem) setError(problem);
		else onAnswer(value);
	};
	return (
		<Box flexDirection="column">
			<Box>
				<Paint color="cyan">{'› '}</Paint>
				<TextField defaultValue={question.default} placeholder={question.placeholder} onChange={() => setError(undefined)} onSubmit={submit} disabled={disabled} />
			</Box>
			{error ? <Paint color="red">{`✖ ${error}`}</Paint> : null}
		</Box>
	);
}

export interface QuestionLayout {
	selectRows: number;
	showHelp: boolean;
	showFooter: boolean;
}

export function QuestionView({
	pending,
	store,
	layout,
	pageable,
	hidden = false,
}: {
	pending: PendingQuestion;
	store: InkStore;
	layout: QuestionLayout;
	/** The title of a long block Tab shows again (the footer says so). */
	pageable?: string | undefined;
	/** The pager is open over it: kept (with what was typed) but not drawn, and deaf to keys. */
	hidden?: boolean;
}) {
	const {question, id} = pending;
	const answer = (value: string | boolean) => store.submit(id, value);
	let input: React.ReactNode;
	if (question.kind === 'select') {
		input = <SelectInput choices={question.choices} defaultValue={question.default} visible={Math.max(1, layout.selectRows)} onSubmit={answer} disabled={hidden} />;
	} else if (question.kind === 'text') {
		input = <TextAnswer question={question} onAnswer={answer} disabled={hidden} />;
	} else {
		input = (
			<Box>
				<Paint color="cyan">{'› '}</Paint>
				<ConfirmInput isDisabled={hidden} defaultChoice={question.default ? 'confirm' : 'cancel'} onConfirm={() => answer(true)} onCancel={() => answer(false)} />
			</Box>
		);
	}
	return (
		// display is always given: Ink does not reset a display it was once given when the prop goes.
		<Box flexDirection="column" marginTop={1} display={hidden ? 'none' : 'flex'}>
			<Paint bold>{`? ${question.message}`}</Paint>
			{question.help && layout.showHelp ? <Paint dim>{question.help}</Paint> : null}
			{input}
			{layout.showFooter ? (
				<Box marginTop={1}>
					<Paint dim>{footerFor(question, pageable)}</Paint>
				</Box>
			) : null}
		</Box>
	);
}
