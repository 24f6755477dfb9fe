// `codex-bedrock-setup team init` and `team check [--json] [--fix]`: for the person who prepares the account.
// Questions follow the wizard's rules (driver.ts): a flag answers first (checked: a bad value is a usage
// error naming it); with --yes or without a terminal the default is taken, or the command stops with exit
// code 2 naming the flag; a confirmation marked explicit (a change to the account) is never answered by
// --yes, only by its own flag or a person. Exit codes as doctor: 0 all passed, 1 a check failed, 2 usage.
import {withCommandContext} from './command-context.js';
import {createDryRun, type Context} from './core/context.js';
import {UsageError} from './core/errors.js';
import type {Renderer} from './core/driver.js';
import type {Question} from './core/types.js';
import type {ParsedFlags} from './flags.js';
import type {Ask} from './core/team/init.js';
import type {TeamCheckInput} from './core/team/check.js';

export interface TeamOptions {
	terminal: boolean;
	color: boolean;
	output?: NodeJS.WritableStream;
	errors?: NodeJS.WritableStream;
	/** Tests: a renderer that answers (the plain renderer otherwise). */
	renderer?: Renderer;
}

/** The driver's answering rules for a command that is not a wizard run. */
export function makeAsk(ctx: Context, interactive: boolean, renderer: () => Promise<Renderer>): Ask {
	return (async (question: Question) => {
		const flagName = question.flag?.replace(/^--/, '');
		const given = flagName ? ctx.flags[flagName] : undefined;
		if (given !== undefined) {
			if (question.kind === 'confirm') return Boolean(given);
			const value = String(given);
			const problem = question.kind === 'text' ? question.validate?.(value) : question.choices.some((c) => c.value === value) ? undefined : `choose one of ${question.choices.map((c) => c.value).join(', ')}`;
			if (problem) throw new UsageError(`${question.flag} ${value}: ${problem}.`);
			return value;
		}
		if (interactive) return (await renderer()).prompt(question, 'summary');
		// An explicit confirmation (a change to the account) is a no unless its own flag says yes.
		if (question.kind === 'confirm' && question.explicit) return false;
		if (ctx.flags['yes'] && question.default !== undefined) return question.default;
		const how = question.flag ? `give ${question.flag}` : 'add --yes';
		throw new UsageError(`${question.message}: ${how}${question.default !== undefined && question.flag ? ' (or --yes for the default)' : ''}; nothing is asked without a terminal.`);
	}) as Ask;
}


export async function teamCommand(subcommand: 'init' | 'check', flags: ParsedFlags, options: TeamOptions): Promise<number> {
	if (flags['demo']) throw new UsageError('team commands prepare a real account; try them against the simulated AWS with: npm run fake-aws -- --scenario team-ready.');
	return withCommandContext(flags, (ctx) => teamWith(ctx, subcommand, options), flags['dry-run'] ? {dryRun: createDryRun()} : {});
}

/** The command with an injected context (tests). */
export async function teamWith(ctx: Context, subcommand: 'init' | 'check', options: TeamOptions): Promise<number> {
	const out = options.output ?? process.stdout;
	const err = options.errors ?? process.stderr;
	// team init --preset: start from an existing team preset (a new region, another model); flags still win.
	if (subcommand === 'init' && typeof ctx.flags['preset'] === 'string') ctx = {...ctx, flags: {...(await initFlagsFromPreset(ctx.flags['preset'])), ...ctx.flags}};
	const json = Boolean(ctx.flags['json']);
	const human = json ? err : out;
	const interactive = options.terminal && !ctx.flags['yes'];
	let plain: Renderer | undefined = options.renderer;
	const renderer = async () => {
		if (plain) return plain;
		const {createPlainRenderer} = await import('./ui/plain/run.js');
		plain = createPlainRenderer({output: human as NodeJS.WriteStream, clock: ctx.clock, color: options.color && !json, signal: ctx.signal});
		return plain;
	};
	const ask = makeAsk(ctx, interactive, renderer);
	// In a terminal the lines fit its width, by words (ui/wrap.ts); a pipe gets each line whole.
	const {fitFor} = await import('./ui/wrap.js');
	const fit = fitFor(human);
	const say = (line: string) => human.write(`${fit(line)}\n`);
	const diff = (lines: string[]) => human.write(`${lines.join('\n')}\n`);

	if (subcommand === 'init') {
		const {teamInit} = await import('./core/team/init.js');
		const result = await teamInit(ctx, {ask, say, diff});
		if (result.written.length === 0) {
			say('Nothing written.');
			return 1;
		}
		for (const file of result.written) say(`${file.action}: ${file.path}${file.backup ? ` (backup ${file.backup})` : ''}`);
		say('');
		say('Next: attach the policy to the permission set and check the account:');
		say(`  npx codex-bedrock-setup team check --preset ${result.dir}/codex-team.toml --profile YOUR_ADMIN_PROFILE --fix --update-permission-set`);
		say('Developers then run:');
		say(`  npx codex-bedrock-setup --preset codex-team.toml`);
		if (json) out.write(`${JSON.stringify({schemaVersion: 1, dir: result.dir, files: result.written}, null, 2)}\n`);
		return 0;
	}

	// team check
	const input = await checkInput(ctx);
	const {runTeamCheck, formatTeamReport} = await import('./core/team/check.js');
	let report = await runTeamCheck(ctx, input);
	if (!ctx.flags['fix']) {
		if (json) out.write(`${JSON.stringify(report, null, 2)}\n`);
		else say(formatTeamReport(report).join('\n'));
		return report.ok ? 0 : 1;
	}
	say(formatTeamReport(report).join('\n'));
	const {teamFix} = await import('./core/team/fix.js');
	say('');
	const changes = await teamFix(ctx, {ask, say, diff, interactive}, input, report);
	if (changes.length === 0) say('No change made.');
	else if (ctx.dryRun) for (const change of changes) say(`Dry run: ${change}; nothing was changed.`);
	else {
		for (const change of changes) say(`Changed: ${change}`);
		say('');
		say('Checking again:');
		report = await runTeamCheck(ctx, input);
		say(formatTeamReport(report).join('\n'));
	}
	if (json) out.write(`${JSON.stringify({...report, changes}, null, 2)}\n`);
	return report.ok ? 0 : 1;
}

/** The answers an existing preset gives team init. */
async function initFlagsFromPreset(file: string): Promise<Record<string, string | boolean>> {
	const {loadPreset, presetFlags} = await import('./preset.js');
	const preset = await loadPreset(file);
	const flags: Record<string, string | boolean> = {};
	for (const [key, value] of Object.entries(presetFlags(preset))) if (value !== undefined && key !== 'probe-regions' && key !== 'route') flags[key] = value;
	if (preset.name) flags['team-name'] = preset.name;
	if (preset.regions?.allowed) flags['regions'] = preset.regions.allowed.join(',');
	if (preset.models?.allowed) flags['models'] = preset.models.allowed.join(',');
	if (preset.routes?.allowed ?? preset.route) flags['routes'] = (preset.routes?.allowed ?? [preset.route!]).join(',');
	if (preset.scopes?.allowed) flags['inference-scopes'] = preset.scopes.allowed.join(',');
	return flags;
}

/** What team check needs, from the preset (--preset) and the lead's profile (--profile, else AWS_PROFILE). */
export async function checkInput(ctx: Context): Promise<TeamCheckInput> {
	const file = ctx.flags['preset'];
	if (typeof file !== 'string') throw new UsageError('team check needs the team preset: team check --preset codex-team.toml --profile YOUR_ADMIN_PROFILE');
	const {loadPreset} = await import('./preset.js');
	const preset = await loadPreset(file);
	const missing = [
		!preset.account?.id && 'account.id',
		!preset.account?.role && 'account.role',
		!preset.sso?.region && 'sso.region',
		!preset.regions?.allowed && 'regions.allowed',
		!preset.models?.allowed && 'models.allowed',
	].filter(Boolean);
	if (missing.length) throw new UsageError(`--preset ${file}: team check needs ${missing.join(', ')} (team init writes them all).`);
	const profile = typeof ctx.flags['profile'] === 'string' ? ctx.flags['profile'] : ctx.env['AWS_PROFILE'];
	if (!profile) throw new UsageError('team check reads the account with your own credentials: give --profile NAME (a profile that may read Budgets, CloudTrail and IAM Identity Center), or set AWS_PROFILE.');
	const {profileCredentials} = await import('./core/sso/portal.js');
	const credentials = await profileCredentials(ctx, profile);
	return {
		plan: {
			accountId: preset.account!.id!,
			regions: preset.regions!.allowed!,
			models: preset.models!.allowed!,
			routes: preset.routes?.allowed ?? [preset.route ?? 'mantle'],
			scopes: preset.scopes?.allowed ?? ({'in-region': ['in-region'], geo: ['in-region', 'geographic'], any: ['in-region', 'geographic', 'global']} as const)[preset.inference?.scope ?? 'in-region'].slice(),
		},
		permissionSet: preset.account!.role!,
		ssoRegion: preset.sso!.region!,
		credentials,
		profile,
	};
}
