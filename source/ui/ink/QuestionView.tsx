// The question on screen: the message, its help line, the input for its kind and the key hints.
// Answers go back through the store; a stale answer (to a question already gone) is ignored there.
import {ConfirmInput, TextInput} from '@inkjs/ui';
import {Box, Text} from 'ink';
import React, {useState} from 'react';
import type {TextQuestion} from '../../core/types.js';
import {PlainTextInput} from './PlainTextInput.js';
import {SelectInput} from './SelectInput.js';
import type {InkStore, PendingQuestion} from './store.js';
import {Paint, useColour} from './style.js';

export const FOOTER = '↑↓ choose · Enter confirm · Esc back · Ctrl-C quit';

function TextAnswer({question, onAnswer}: {question: TextQuestion; onAnswer: (value: string) => void}) {
	const colour = useColour();
	const [error, setError] = useState<string | undefined>();
	const submit = (raw: string) => {
		const typed = raw.trim();
		const value = typed === '' && question.default !== undefined ? question.default : typed;
		// A bad value stays in the field with the reason under it; only a valid one answers.
		const problem = question.validate?.(value);
		if (problem) setError(problem);
		else onAnswer(value);
	};
	const props = {
		...(question.default ? {defaultValue: question.default} : {}),
		...(question.placeholder ? {placeholder: question.placeholder} : {}),
		onChange: () => setError(undefined),
		onSubmit: submit,
	};
	return (
		<Box flexDirection="column">
			<Box>
				<Paint color="cyan">{'› '}</Paint>
				{colour ? <TextInput {...props} /> : <PlainTextInput {...props} />}
			</Box>
			{error ? <Paint color="red">{`✖ ${error}`}</Paint> : null}
		</Box>
	);
}

export function QuestionView({pending, store}: {pending: PendingQuestion; store: InkStore}) {
	const {question, id} = pending;
	const answer = (value: string | boolean) => store.submit(id, value);
	let input: React.ReactNode;
	if (question.kind === 'select') {
		input = <SelectInput choices={question.choices} defaultValue={question.default} onSubmit={answer} />;
	} else if (question.kind === 'text') {
		input = <TextAnswer question={question} onAnswer={answer} />;
	} else {
		input = (
			<Box>
				<Paint color="cyan">{'› '}</Paint>
				<ConfirmInput defaultChoice={question.default ? 'confirm' : 'cancel'} onConfirm={() => answer(true)} onCancel={() => answer(false)} />
			</Box>
		);
	}
	return (
		<Box flexDirection="column" marginTop={1}>
			<Paint bold>{`? ${question.message}`}</Paint>
			{question.help ? <Paint dim>{question.help}</Paint> : null}
			{input}
			<Box marginTop={1}>
				<Paint dim>{question.kind === 'select' ? `${FOOTER} · type to filter` : FOOTER.replace('↑↓ choose · ', '')}</Paint>
			</Box>
		</Box>
	);
}
