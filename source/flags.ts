// Command-line flags: the global ones here, each step's own from its `flags` table, so --help is
// grouped by step and a question's flag can never be forgotten by the parser.
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from './core/errors.js';
import type {FlagSpec, Step} from './core/types.js';
import {TEAM_FLAGS} from './team-flags.js';
import {wrapLine} from './ui/wrap.js';

export const GLOBAL_FLAGS: FlagSpec[] = [
	{name: 'yes', type: 'boolean', description: 'Ask nothing: take the flags, then the defaults; fail naming the flag when a value is missing.'},
	{name: 'plain', type: 'boolean', description: 'Line-by-line prompts with no redrawing (screen readers, recordings, dumb terminals).'},
	{name: 'demo', type: 'boolean', description: 'Run against a simulated AWS in a throwaway home directory: no AWS account needed, nothing real touched.'},
	{name: 'demo-scenario', type: 'string', valueName: 'NAME', description: 'With --demo: a failure scenario to show (see --list-scenarios).'},
	{name: 'keep-demo-home', type: 'boolean', description: 'With --demo: keep the throwaway home directory at the end (it is removed otherwise).'},
	{name: 'list-scenarios', type: 'boolean', description: 'List the --demo scenarios and exit.'},
	{name: 'preset', type: 'string', valueName: 'FILE', description: 'A team preset (JSON or TOML): start URL, SSO region, account, role, allowed regions and models, Codex profile. Flags override it.'},
	{name: 'dry-run', type: 'boolean', description: 'Show every change as a diff and write nothing (config, token cache, install, agreement); the sign-in stays in memory. Also doctor --fix.'},
	{name: 'json', type: 'boolean', description: 'With --yes: one JSON document on stdout (no secrets), human output on stderr. doctor: the report as JSON.'},
	{name: 'fix', type: 'boolean', description: 'doctor: apply the safe local fixes (config edits, a fresh sign-in), each after a yes unless --yes.'},
	{name: 'break-hard-links', type: 'boolean', description: 'Allow replacing a hard-linked config file (its other names keep the old content); asked otherwise.'},
	{name: 'no-color', type: 'boolean', description: 'No colours (also when NO_COLOR is set).'},
	{name: 'help', type: 'boolean', description: 'Show this help and exit.'},
	{name: 'version', type: 'boolean', description: 'Print the version and exit.'},
];

const SHORT: Record<string, string> = {yes: 'y', help: 'h', version: 'v'};

export type ParsedFlags = Record<string, string | boolean | undefined>;

export interface ParsedCommandLine {
	command: 'setup' | 'doctor' | 'login' | 'undo' | 'team';
	/** team init | team check */
	subcommand?: 'init' | 'check';
	flags: ParsedFlags;
}

export function parseCommandLine(argv: string[], steps: readonly Step[]): ParsedCommandLine {
	const options: NonNullable<ParseArgsConfig['options']> = {};
	for (const spec of [...GLOBAL_FLAGS, ...steps.flatMap((step) => step.flags), ...TEAM_FLAGS]) {
		const short = SHORT[spec.name];
		options[spec.name] = short ? {type: spec.type, short} : {type: spec.type};
	}
	let parsed: ReturnType<typeof parseArgs>;
	try {
		parsed = parseArgs({args: argv, options, strict: true, allowPositionals: true});
	} catch (error) {
		// parseArgs messages are good ("Unknown option '--regin'"); add where to look.
		throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}. See --help.`);
	}
	const [command, ...rest] = parsed.positionals;
	if (command === 'team') return teamCommandLine(rest, parsed.values as ParsedFlags);
	if (command !== undefined && command !== 'setup' && command !== 'doctor' && command !== 'login' && command !== 'undo') {
		throw new UsageError(`Unknown command "${command}". See --help.`);
	}
	if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}". See --help.`);
	const flags = parsed.values as ParsedFlags;
	const teamOnly = TEAM_FLAGS.find((spec) => flags[spec.name] !== undefined);
	if (teamOnly) throw new UsageError(`--${teamOnly.name} goes with the team commands (codex-bedrock-setup team init | team check). See --help.`);
	if (command !== 'doctor' && flags['fix']) throw new UsageError('--fix goes with the doctor command: codex-bedrock-setup doctor --fix.');
	if (command !== 'doctor' && flags['json'] && !flags['yes']) throw new UsageError('--json goes with --yes (a run that asks nothing): codex-bedrock-setup --yes --json ..., or codex-bedrock-setup doctor --json.');
	return {command: command === 'doctor' || command === 'login' || command === 'undo' ? command : 'setup', flags};
}

function teamCommandLine(rest: string[], flags: ParsedFlags): ParsedCommandLine {
	const [subcommand, extra] = rest;
	if (subcommand !== 'init' && subcommand !== 'check') throw new UsageError(`team needs a command: team init or team check${subcommand ? ` (not "${subcommand}")` : ''}. See --help.`);
	if (extra !== undefined) throw new UsageError(`Unexpected argument "${extra}". See --help.`);
	if (subcommand === 'init' && (flags['fix'] || flags['create-budget'] || flags['update-permission-set'])) throw new UsageError('--fix, --create-budget and --update-permission-set go with team check.');
	if ((flags['create-budget'] || flags['update-permission-set']) && !flags['fix']) throw new UsageError('--create-budget and --update-permission-set go with team check --fix.');
	return {command: 'team', subcommand, flags};
}

function flagLine(spec: FlagSpec): string {
	const short = SHORT[spec.name] ? `-${SHORT[spec.name]}, ` : '    ';
	const left = `  ${short}--${spec.name}${spec.type === 'string' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
	return `${left.padEnd(34)} ${spec.description}`;
}

/** --help, fitted to `width` columns (the terminal's, or 80 when it is not one). */
export function helpText(version: string, steps: readonly Step[], width = 80): string {
	return helpLines(version, steps)
		.map((line) => wrapLine(line, width))
		.join('\n');
}

function helpLines(version: string, steps: readonly Step[]): string[] {
	const lines = [
		`codex-bedrock-setup ${version}`,
		'Set up the Codex CLI on Amazon Bedrock: an AWS SSO profile, a region, model access, ~/.codex/config.toml and a test prompt. Re-run it to check and repair a setup.',
		'',
		'Usage:',
		'  npx codex-bedrock-setup [flags]',
		'  npx codex-bedrock-setup --demo          try it without an AWS account',
		'  npx codex-bedrock-setup doctor          check the setup, read-only (--json, --fix)',
		'  npx codex-bedrock-setup team init       for the lead: write the team preset, IAM policy and SCP snippet',
		'  npx codex-bedrock-setup team check      for the lead: budget, CloudTrail, logging, permission set (--json, --fix)',
		'  npx codex-bedrock-setup login           sign in again when the SSO session ended (--profile NAME)',
		'  npx codex-bedrock-setup undo            put back the files the last run changed (--dry-run, --yes)',
		'',
		'Steps:',
		...steps.map((step, i) => `  ${i + 1}. ${step.title}`),
		'',
	];
	for (const step of steps) {
		if (!step.flags.length) continue;
		lines.push(`${step.title}:`, ...step.flags.map(flagLine), '');
	}
	lines.push('Team commands (team init, team check):', ...TEAM_FLAGS.map(flagLine), '');
	lines.push('General:', ...GLOBAL_FLAGS.map(flagLine), '');
	lines.push(
		'Files: ~/.aws/config (or AWS_CONFIG_FILE), ~/.aws/sso/cache/, ~/.codex/config.toml (or CODEX_HOME).',
		'Every change is shown as a diff first, backed up, and written atomically.',
		'',
		'Exit codes: 0 done (doctor: every check passed), 1 a step or check failed, 2 usage error, 130 cancelled.',
	);
	return lines;
}
