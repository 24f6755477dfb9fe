// Match a failure (or a doctor check) against the rule table and fill the fix in with the user's own
// profile, region and model. Pure and synchronous: the driver calls it on every failure.
import type {Answers, StepFailure, StepId} from '../types.js';
import {RULES, type Rule, type RuleMatch} from './rules.js';

export interface Diagnosis {
	ruleId: string;
	cause: string;
	fix: string[];
	source: string;
	fixStep?: StepId;
}

function matchOne(match: RuleMatch, failure: StepFailure): boolean {
	if (match.code && !match.code.some((code) => (code.endsWith('*') ? failure.code.startsWith(code.slice(0, -1)) : code === failure.code))) return false;
	// The error name, from the SDK or from a step's typed code ("aws.ThrottlingException").
	if (match.errorName && !match.errorName.some((name) => name === failure.errorName || failure.code === `aws.${name}`)) return false;
	if (match.httpStatus && !(failure.httpStatus !== undefined && match.httpStatus.includes(failure.httpStatus))) return false;
	if (match.oidcError && !(failure.oidcError && match.oidcError.includes(failure.oidcError))) return false;
	if (match.nodeCode && !(failure.nodeCode && match.nodeCode.includes(failure.nodeCode))) return false;
	if (match.message !== undefined && !new RegExp(match.message, 'i').test(failure.message)) return false;
	return true;
}

export function ruleMatches(rule: Rule, failure: StepFailure, step?: StepId): boolean {
	if (rule.steps && step && !rule.steps.includes(step)) return false;
	const alternatives: readonly RuleMatch[] = Array.isArray(rule.match) ? rule.match : [rule.match as RuleMatch];
	return alternatives.some((match) => matchOne(match, failure));
}

export function findRule(failure: StepFailure, step?: StepId, rules: readonly Rule[] = RULES): Rule {
	const rule = rules.find((candidate) => ruleMatches(candidate, failure, step));
	if (!rule) throw new Error('The rule table has no fallback rule.');
	return rule;
}

/** {profile} and friends from the user's answers; a value we do not know stays a visible <placeholder>. */
export function fillIn(text: string, answers: Answers, failure?: StepFailure): string {
	const values: Record<string, string | undefined> = {
		profile: answers.profile,
		region: answers.region,
		model: answers.model,
		ssoSession: answers.ssoSession,
		codexProfile: answers.codexProfile ?? 'bedrock',
		codex: answers.codexProfile ? `codex --profile ${answers.codexProfile}` : 'codex',
		requestIdNote: failure?.requestId ? ` and the AWS request id ${failure.requestId}` : '',
		// The IAM action AWS says is missing ("is not authorized to perform: bedrock:ListFoundationModels").
		action: (failure && /not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(failure.message)?.[1]) ?? 'the action named in the message',
	};
	return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? (values[key] ?? `<${key}>`) : whole));
}

export function explain(failure: StepFailure, step: StepId | undefined, answers: Answers, rules: readonly Rule[] = RULES): Diagnosis {
	const rule = findRule(failure, step, rules);
	return {
		ruleId: rule.id,
		cause: fillIn(rule.cause, answers, failure),
		fix: rule.fix.map((line) => fillIn(line, answers, failure)),
		source: rule.source,
		...(rule.fixStep ? {fixStep: rule.fixStep} : {}),
	};
}
