// The failure of the current step: which step, the one-line error, the step's own hint, the
// troubleshooting rule's likely cause and fix, and the AWS request id (what support asks for). Each part
// is indented as a box, so a wrapped line keeps its indent. The driver then asks "What now?" under it.
import {Box, Text} from 'ink';
import React from 'react';
import type {StepFailure} from '../../core/types.js';
import {Paint} from './style.js';

export function FailurePanel({title, failure}: {title: string; failure: StepFailure}) {
	return (
		<Box flexDirection="column" marginTop={1}>
			<Text>
				<Paint color="red" bold>
					✖ {title} failed:
				</Paint>{' '}
				{failure.message}
			</Text>
			<Box flexDirection="column" paddingLeft={2}>
				{failure.hint ? <Text>{failure.hint}</Text> : null}
				{failure.diagnosis ? (
					<>
						<Text>
							<Paint bold>{'Likely cause: '}</Paint>
							{failure.diagnosis.cause}
						</Text>
						<Paint bold>{'Fix:'}</Paint>
						<Box flexDirection="column" paddingLeft={2}>
							{failure.diagnosis.fix.map((line, i) => (
								<Text key={i}>{line}</Text>
							))}
						</Box>
						<Paint dim>{`Rule ${failure.diagnosis.ruleId} · ${failure.diagnosis.source}`}</Paint>
					</>
				) : null}
				{failure.requestId ? <Paint dim>{`AWS request id: ${failure.requestId}`}</Paint> : null}
			</Box>
		</Box>
	);
}
