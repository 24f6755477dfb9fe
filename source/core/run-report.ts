// `--yes --json`: the one JSON document a setup run prints on stdout (human output goes to stderr).
// Built from the wizard's final state; every string passes through redact(), and it holds no token,
// key or secret by construction (answers are names and ARNs; failures are typed and already redacted).
import path from 'node:path';
import type {Context} from './context.js';
import type {RunResult} from './driver.js';
import {redactDeep} from './readiness.js';
import type {StepId, WrittenFile} from './types.js';

export interface RunReportStep {
	id: StepId;
	title: string;
	status: string;
	summary: string | null;
	failure?: {
		code: string;
		message: string;
		hint: string | null;
		errorName: string | null;
		httpStatus: number | null;
		requestId: string | null;
		rule: {id: string; cause: string; fix: string[]; source: string} | null;
	};
}

export interface RunReport {
	schemaVersion: 1;
	generatedAt: string;
	tool: {name: 'codex-bedrock-setup'; version: string};
	dryRun: boolean;
	ok: boolean;
	exitCode: number;
	steps: RunReportStep[];
	answers: {
		profile: string | null;
		ssoSession: string | null;
		startUrl: string | null;
		ssoRegion: string | null;
		region: string | null;
		model: string | null;
		accountId: string | null;
		roleName: string | null;
		identityArn: string | null;
		codexProfile: string | null;
	};
	files: Array<{path: string; action: WrittenFile['action']; backup: string | null}>;
	/** Where the readiness record is; written false in a dry run (it was shown on stderr instead). */
	readinessRecord: {markdown: string; json: string; written: boolean} | null;
}

export function buildRunReport(ctx: Context, result: RunResult): RunReport {
	const {state} = result;
	const failedIndex = state.phase === 'failed' || result.exitCode === 2 ? state.current : -1;
	const steps: RunReportStep[] = state.steps.map((step, index) => {
		const entry: RunReportStep = {id: step.id, title: step.title, status: step.status, summary: step.summary ?? null};
		const failure = index === failedIndex ? state.failure : undefined;
		if (failure) {
			entry.failure = {
				code: failure.code,
				message: failure.message,
				hint: failure.hint ?? null,
				errorName: failure.errorName ?? null,
				httpStatus: failure.httpStatus ?? null,
				requestId: failure.requestId ?? null,
				rule: failure.diagnosis ? {id: failure.diagnosis.ruleId, cause: failure.diagnosis.cause, fix: failure.diagnosis.fix, source: failure.diagnosis.source} : null,
			};
		}
		return entry;
	});
	const a = state.answers;
	const records = state.files.filter((file) => path.dirname(file.path) === ctx.paths.records);
	const markdown = records.find((file) => file.path.endsWith('.md'));
	const json = records.find((file) => file.path.endsWith('.json'));
	return redactDeep({
		schemaVersion: 1 as const,
		generatedAt: new Date(ctx.clock.now()).toISOString(),
		tool: {name: 'codex-bedrock-setup' as const, version: ctx.version},
		dryRun: Boolean(ctx.dryRun),
		ok: result.exitCode === 0,
		exitCode: result.exitCode,
		steps,
		answers: {
			profile: a.profile ?? null,
			ssoSession: a.ssoSession ?? null,
			startUrl: a.startUrl ?? null,
			ssoRegion: a.ssoRegion ?? null,
			region: a.region ?? null,
			model: a.model ?? null,
			accountId: a.accountId ?? null,
			roleName: a.roleName ?? null,
			identityArn: a.identityArn ?? null,
			codexProfile: a.codexProfile ?? null,
		},
		files: state.files.filter((file) => !records.includes(file)).map((file) => ({path: file.path, action: file.action, backup: file.backup ?? null})),
		readinessRecord: markdown && json ? {markdown: markdown.path, json: json.path, written: markdown.action === 'created'} : null,
	});
}

/**
 * The one JSON document of a run that ended before any step ran (an unknown flag, a malformed value, a bad
 * preset, an unexpected error, a cancel): same shape as a run report, no steps, and `error` saying why.
 * Scripts read `exitCode` and get the process's exit status, whatever happened.
 */
export function earlyExitReport(version: string, exitCode: number, kind: 'usage' | 'cancelled' | 'unexpected', message: string, now = Date.now()): RunReport & {error: {kind: string; message: string}} {
	return redactDeep({
		schemaVersion: 1 as const,
		generatedAt: new Date(now).toISOString(),
		tool: {name: 'codex-bedrock-setup' as const, version},
		dryRun: false,
		ok: false,
		exitCode,
		steps: [],
		answers: {profile: null, ssoSession: null, startUrl: null, ssoRegion: null, region: null, model: null, accountId: null, roleName: null, identityArn: null, codexProfile: null},
		files: [],
		readinessRecord: null,
		error: {kind, message},
	});
}
