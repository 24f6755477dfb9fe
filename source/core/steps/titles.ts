// The step table's ids and titles in order, with no imports: the entry point draws the first frame from
// this before anything heavy loads, and steps/index.ts checks the real table against it.
import type {StepId} from '../types.js';

export const STEP_TABLE: ReadonlyArray<{id: StepId; title: string}> = [
	{id: 'preflight', title: 'Check this machine'},
	{id: 'sso-profile', title: 'AWS SSO profile'},
	{id: 'region', title: 'Region'},
	{id: 'model-access', title: 'Model access'},
	{id: 'codex-config', title: 'Codex config'},
	{id: 'test-prompt', title: 'Test prompt'},
	{id: 'summary', title: 'Summary'},
];

export function titleOf(id: StepId): string {
	const entry = STEP_TABLE.find((step) => step.id === id);
	if (!entry) throw new Error(`No title for step ${id}`);
	return entry.title;
}
