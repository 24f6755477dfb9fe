// The files `team init` writes: the preset (TOML with comments, the schema --preset reads), the developers'
// permission-set policy and the SCP snippet (JSON, as IAM and Organizations take them), and permissions.md,
// which says what each statement allows and why (JSON has no comments). Pure: text in, text out.
import {developerPolicy, explainedDeveloperPolicy, explainedScp, ROUTE_PERMISSIONS, scpSnippet, type InferenceScope, type PolicyDocument, type Route, type TeamPlan} from './policy.js';
import {validatePolicy} from './validate-policy.js';

export interface TeamSettings extends TeamPlan {
	name: string;
	startUrl: string;
	ssoRegion: string;
	/** The permission set (role name) developers sign in with. */
	permissionSet: string;
	/** The AWS profile name developers get. */
	profile: string;
	/** The route developers use by default. */
	route: Route;
	defaultRegion: string;
	defaultModel: string;
	/** Codex shape: a profile file (codex --profile NAME), or Bedrock as Codex's default. */
	codex: {profile: string} | {default: true};
}

export const FILE_NAMES = {preset: 'codex-team.toml', policy: 'developer-permission-set-policy.json', scp: 'scp-bedrock-regions.json', explanation: 'permissions.md'} as const;

const q = (value: string) => JSON.stringify(value);
const list = (values: readonly string[]) => `[${values.map(q).join(', ')}]`;

export function presetToml(t: TeamSettings): string {
	const lines = [
		`# Team preset for codex-bedrock-setup, written by \`codex-bedrock-setup team init\`.`,
		`# Developers run: npx codex-bedrock-setup --preset ${FILE_NAMES.preset}`,
		`# The lead checks the account with: npx codex-bedrock-setup team check --preset ${FILE_NAMES.preset}`,
		`name = ${q(t.name)}`,
		`# The AWS profile the wizard writes in ~/.aws/config.`,
		`profile = ${q(t.profile)}`,
		`# The route Codex uses: "mantle" (provider amazon-bedrock) or "runtime" (amazon-bedrock-runtime).`,
		`route = ${q(t.route)}`,
		'',
		'[sso]',
		`# The AWS access portal URL and the IAM Identity Center region (console > Settings).`,
		`startUrl = ${q(t.startUrl)}`,
		`region = ${q(t.ssoRegion)}`,
		'',
		'[account]',
		`# The account and the permission set developers sign in with (${FILE_NAMES.policy} is its policy).`,
		`id = ${q(t.accountId)}`,
		`role = ${q(t.permissionSet)}`,
		'',
		'[regions]',
		`# The only regions offered; the SCP snippet denies Bedrock everywhere else.`,
		`default = ${q(t.defaultRegion)}`,
		`allowed = ${list(t.regions)}`,
		'',
		'[models]',
		`# The only models offered (Mantle IDs); the policy allows only these where the route has per-model ARNs.`,
		`default = ${q(t.defaultModel)}`,
		`allowed = ${list(t.models)}`,
		'',
		'[routes]',
		`allowed = ${list(t.routes)}`,
		'',
		'[scopes]',
		`# How far a Runtime request may travel: "in-region", "geographic" (us./eu. profiles), "global".`,
		`allowed = ${list(t.scopes)}`,
		'',
		'[inference]',
		`# The wizard's limit, from the scopes above: in-region, geo (geographic profiles at most) or any.`,
		`scope = ${q(t.scopes.includes('global') ? 'any' : t.scopes.includes('geographic') ? 'geo' : 'in-region')}`,
		'',
		'[codex]',
		...('profile' in t.codex ? [`# Developers start Codex with: codex --profile ${t.codex.profile}`, `profile = ${q(t.codex.profile)}`] : ['# Bedrock becomes Codex\'s default provider (plain `codex`).', 'default = true']),
		'',
	];
	return lines.join('\n');
}

export function policyJson(policy: PolicyDocument): string {
	return `${JSON.stringify(policy, null, 2)}\n`;
}

function statementLines(entries: ReturnType<typeof explainedDeveloperPolicy>): string[] {
	return entries.flatMap(({statement, why, neededBy}) => [
		`### ${statement.Sid} (${statement.Effect})`,
		'',
		`- Actions: ${(statement.Action ?? statement.NotAction ?? []).map((a) => `\`${a}\``).join(', ')}${statement.NotAction ? ' (NotAction)' : ''}`,
		`- Resources: ${[statement.Resource ?? statement.NotResource].flat().map((r) => `\`${r}\``).join(', ')}${statement.NotResource ? ' (NotResource: everything except these)' : ''}`,
		...(statement.Condition ? [`- Condition: \`${JSON.stringify(statement.Condition)}\``] : []),
		`- Needed by: ${neededBy}`,
		`- Why: ${why}`,
		'',
	]);
}

export function explanationMarkdown(t: TeamSettings): string {
	const scopes: Record<InferenceScope, string> = {'in-region': 'the foundation model in the region itself', geographic: 'a geographic inference profile (us., eu., ...)', global: 'the global inference profile'};
	return [
		`# ${t.name}: the permissions behind the team preset`,
		'',
		`Written by \`codex-bedrock-setup team init\`. Account ${t.accountId}; regions ${t.regions.join(', ')}; models ${t.models.join(', ')};`,
		`routes ${t.routes.map((r) => `${r} (${ROUTE_PERMISSIONS[r].provider})`).join(', ')}; inference scopes ${t.scopes.map((s) => scopes[s]).join(', ')}.`,
		'',
		`## ${FILE_NAMES.policy}`,
		'',
		`The inline policy of the permission set **${t.permissionSet}** (IAM Identity Center > Permission sets > ${t.permissionSet} >`,
		'Inline policy), or let `codex-bedrock-setup team check --fix --update-permission-set` put it there. Nothing else is',
		'needed for the wizard and Codex; each statement below is needed by a call they make (a test removes each action',
		'in turn and watches the wizard fail at the step that needs it).',
		'',
		...statementLines(explainedDeveloperPolicy(t)),
		`## ${FILE_NAMES.scp}`,
		'',
		'A service control policy snippet for the organisation (AWS Organizations > Policies > Service control policies),',
		'attached to the account or its OU. It limits every principal, the lead included, so review it with whoever owns',
		'the organisation. Mantle has no per-model IAM resource: on the Mantle route the model list is held by the preset',
		'(the wizard offers nothing else) and by which model agreements the account accepts, not by the SCP.',
		'',
		...statementLines(explainedScp(t)),
	].join('\n');
}

export interface TeamDocuments {
	preset: string;
	policy: string;
	scp: string;
	explanation: string;
	/** Problems found validating the two policy documents (empty when both are fine). */
	problems: string[];
}

export function teamDocuments(t: TeamSettings): TeamDocuments {
	const policy = developerPolicy(t);
	const scp = scpSnippet(t);
	const problems = [...validatePolicy(policy).map((p) => `${FILE_NAMES.policy}: ${p}`), ...validatePolicy(scp).map((p) => `${FILE_NAMES.scp}: ${p}`)];
	return {preset: presetToml(t), policy: policyJson(policy), scp: policyJson(scp), explanation: explanationMarkdown(t), problems};
}
