// Every flag value checked on its own before anything happens: a bad --region, --account-id or
// --start-url is a usage error (exit 2) before the sign-in and before any write, not after them. The
// steps still check values against what AWS offers (the accounts you have, the regions that serve a
// model); this only refuses what can never be right.
import type {Flags} from './context.js';
import {UsageError} from './errors.js';
import {REGION_FACTS, toMantleId} from './bedrock/models.js';
import {validateCodexProfileName} from './codex/config.js';
import {REGION_SHAPE, SSO_REGIONS, checkScopes, checkSectionName, checkSsoRegion, checkStartUrl} from './sso/validate.js';

/** AWS regions the wizard knows of (Bedrock's, from data/regions.json, and Identity Center's). */
function knownRegion(region: string): boolean {
	return REGION_FACTS.some((f) => f.region === region) || (SSO_REGIONS as readonly string[]).includes(region);
}

function checkRegion(region: string): string | undefined {
	if (!REGION_SHAPE.test(region)) return `"${region}" is not a region name (like us-east-1).`;
	if (!knownRegion(region)) return `${region} is not an AWS region the wizard knows of.`;
	return undefined;
}

function seconds(max: number) {
	return (value: string) => {
		const n = Number(value);
		return Number.isFinite(n) && n > 0 && n <= max ? undefined : `give a number of seconds between 0 and ${max}.`;
	};
}

type Check = (value: string) => string | undefined;

const CHECKS: Record<string, Check> = {
	profile: (v) => checkSectionName('profile', v),
	'sso-session': (v) => checkSectionName('SSO session', v),
	'start-url': (v) => checkStartUrl(v).error,
	'sso-region': checkSsoRegion,
	scopes: checkScopes,
	'account-id': (v) => (/^\d{12}$/.test(v.trim()) ? undefined : 'an AWS account ID is 12 digits.'),
	// Permission set names: 1-32 characters of [\w+=,.@-] (IAM Identity Center API reference, CreatePermissionSet).
	'role-name': (v) => (/^[\w+=,.@-]{1,32}$/.test(v.trim()) ? undefined : 'a role (permission set) name is 1-32 letters, digits or + = , . @ _ -.'),
	region: checkRegion,
	'probe-regions': (v) => {
		const bad = v.split(',').map((r) => r.trim()).filter((r) => r && checkRegion(r));
		return bad.length ? `unknown region ${bad.join(', ')}.` : undefined;
	},
	'probe-timeout': seconds(120),
	'test-prompt-timeout': seconds(600),
	model: (v) => (/^[A-Za-z0-9][\w.:/-]*$/.test(v.trim()) ? undefined : 'a model ID looks like openai.gpt-5.4.'),
	'codex-profile': validateCodexProfileName,
};

/**
 * Throws a UsageError naming the first flag whose value can never be right; `locks` are a preset's
 * allowed regions and models. Called by main before any step runs (and by the login command).
 */
export function checkFlagValues(flags: Flags, locks?: {regions?: readonly string[]; models?: readonly string[]}): void {
	for (const [name, check] of Object.entries(CHECKS)) {
		const value = flags[name];
		if (typeof value !== 'string') continue;
		const problem = check(value);
		if (problem) throw new UsageError(`--${name} ${value}: ${problem}`);
	}
	const region = flags['region'];
	if (typeof region === 'string' && locks?.regions && !locks.regions.includes(region)) {
		throw new UsageError(`--region ${region}: your team's preset allows only ${locks.regions.join(', ')}.`);
	}
	const model = flags['model'];
	if (typeof model === 'string' && locks?.models && !locks.models.includes(model) && !locks.models.includes(toMantleId(model))) {
		throw new UsageError(`--model ${model}: your team's preset allows only ${locks.models.join(', ')}.`);
	}
}
