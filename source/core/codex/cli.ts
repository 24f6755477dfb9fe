// The Codex CLI on this machine: is it there, is it new enough, and what does `codex doctor` say about a
// config. Codex is run through execa with the user's PATH (ctx.env), never through a shell.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Context} from '../context.js';
import {redact} from '../redact.js';
import {forget, once} from '../run-state.js';

/** The first release whose built-in `amazon-bedrock` provider matches what we write (OpenAI help center). */
export const MIN_CODEX = '0.128.0';
/**
 * The first release where `codex --profile NAME` layers `$CODEX_HOME/NAME.config.toml` (profile v2) and
 * no longer reads `[profiles.NAME]` from config.toml (Codex docs, config-advanced: "In Codex 0.134.0
 * and later ..."). We never write the legacy table: newer Codex refuses it once --profile is used.
 */
export const MIN_CODEX_PROFILE_FILES = '0.134.0';

export const INSTALL_COMMAND = ['npm', 'install', '-g', '@openai/codex@latest'] as const;

export interface CodexInstall {
	/** "0.169.0" */
	version: string;
	/** The whole first line, "codex-cli 0.169.0". */
	banner: string;
}

/** Compare dotted versions numerically ("0.99.0" < "0.128.0"); a pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
	const split = (v: string) => {
		const [core = '', pre] = v.replace(/^v/, '').split('-', 2);
		return {parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre};
	};
	const x = split(a);
	const y = split(b);
	for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
		const diff = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
		if (diff !== 0) return Math.sign(diff);
	}
	if (x.pre && !y.pre) return -1;
	if (!x.pre && y.pre) return 1;
	return 0;
}

export function parseCodexVersion(output: string): string | undefined {
	return /(\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(output)?.[1];
}

function childEnv(ctx: Context, extra: Record<string, string> = {}): Record<string, string | undefined> {
	return {...ctx.env, ...extra};
}

/** `codex --version`, or undefined when Codex is not on PATH (or does not run). */
export async function findCodex(ctx: Context): Promise<CodexInstall | undefined> {
	const {execa} = await import('execa');
	const result = await execa('codex', ['--version'], {env: childEnv(ctx), extendEnv: false, reject: false, timeout: 15_000, stdin: 'ignore', cancelSignal: ctx.signal});
	if (result.failed || result.exitCode !== 0) return undefined;
	const banner = String(result.stdout).split('\n').find((line) => line.trim()) ?? '';
	const version = parseCodexVersion(banner);
	return version ? {version, banner: banner.trim()} : undefined;
}

/**
 * `codex --version` once per run: doctor's checks, the Codex config step and the readiness record all
 * need it (each run of it takes a few hundred milliseconds). An install forgets it (installCodex).
 */
export function findCodexOnce(ctx: Context): Promise<CodexInstall | undefined> {
	return once(ctx, 'codex --version', () => findCodex(ctx));
}

/**
 * `npm install -g @openai/codex@latest`, with its output. Only ever called after the user said yes.
 * The output comes back whole (it is short) so the step can show it.
 */
export async function installCodex(ctx: Context, signal: AbortSignal): Promise<{ok: boolean; output: string[]; simulated?: true}> {
	// --demo touches nothing outside its throwaway home: a global npm install would change this machine.
	if (ctx.demo) return {ok: false, simulated: true, output: [`(demo) not run: ${INSTALL_COMMAND.join(' ')} would install Codex for every user of this machine, and a demo changes nothing outside its throwaway home.`]};
	const {execa} = await import('execa');
	const [command, ...args] = INSTALL_COMMAND;
	forget(ctx, 'codex --version');
	const result = await execa(command, args, {env: childEnv(ctx), extendEnv: false, reject: false, all: true, stdin: 'ignore', timeout: 10 * 60_000, cancelSignal: signal});
	forget(ctx, 'codex --version');
	const output = redact(String(result.all ?? ''))
		.split('\n')
		.map((line) => line.trimEnd())
		.filter(Boolean);
	return {ok: !result.failed && result.exitCode === 0, output};
}

export interface DoctorCheck {
	id: string;
	status: string;
	summary: string;
	details: Record<string, unknown>;
	remediation: string | null;
}

export interface DoctorReport {
	overallStatus: string;
	codexVersion?: string;
	checks: Record<string, DoctorCheck>;
}

export interface DoctorVerdict {
	/** config.load is ok. */
	loaded: boolean;
	provider?: string;
	model?: string;
	/** The config error doctor reports, when it did not load. */
	error?: string;
	/** Codex's startup warnings about the config ("`aws` is ignored."), one per line. */
	warnings: string[];
	/** Checks that are not ok, except config.load and update checks (those need the internet). */
	problems: DoctorCheck[];
}

export function readDoctorReport(stdout: string): DoctorReport | undefined {
	try {
		const report = JSON.parse(stdout) as DoctorReport;
		return report && typeof report.checks === 'object' ? report : undefined;
	} catch {
		return undefined;
	}
}

export function judgeDoctor(report: DoctorReport): DoctorVerdict {
	const load = report.checks['config.load'];
	const detail = (key: string) => (typeof load?.details[key] === 'string' ? (load.details[key] as string) : undefined);
	const problems = Object.values(report.checks).filter((check) => check.status !== 'ok' && check.id !== 'config.load' && !check.id.startsWith('updates.'));
	const loaded = load?.status === 'ok' || load?.status === 'warning';
	const warnings = (detail('startup warning') ?? '')
		.split('\n')
		.map((line) => line.trim().replace(/^\w+ \([^)]*\): /, ''))
		.filter((line) => line && !/^Codex is ignoring \d+/.test(line));
	return {
		loaded,
		warnings,
		...(detail('model provider') ? {provider: detail('model provider')} : {}),
		...(detail('model') ? {model: detail('model')} : {}),
		...(!loaded ? {error: detail('error') ?? load?.summary ?? 'config.load did not run'} : {}),
		problems,
	};
}

/**
 * Run the real `codex doctor --json` on a config, in a throwaway CODEX_HOME holding only that config,
 * so the check itself writes nothing into the user's ~/.codex (doctor creates its state databases in
 * CODEX_HOME). `layers` are the files Codex would read, base first (config.toml, then a profile file);
 * they are merged the way Codex layers them (later tables override earlier keys).
 */
export async function runCodexDoctor(ctx: Context, layers: ReadonlyArray<Record<string, unknown>>, signal: AbortSignal): Promise<DoctorVerdict | {unavailable: string}> {
	const [{execa}, {default: TOML}] = await Promise.all([import('execa'), import('@iarna/toml')]);
	const merged = layers.reduce<Record<string, unknown>>((base, layer) => deepMerge(base, layer), {});
	const home = await mkdtemp(path.join(tmpdir(), 'codex-bedrock-setup-doctor-'));
	try {
		await writeFile(path.join(home, 'config.toml'), TOML.stringify(merged as Parameters<typeof TOML.stringify>[0]), {mode: 0o600});
		const result = await execa('codex', ['doctor', '--json'], {
			env: childEnv(ctx, {CODEX_HOME: home}),
			extendEnv: false,
			reject: false,
			stdin: 'ignore',
			timeout: 60_000,
			cancelSignal: signal,
		});
		signal.throwIfAborted();
		const report = readDoctorReport(String(result.stdout));
		if (!report) return {unavailable: result.timedOut ? 'codex doctor timed out' : `codex doctor gave no report (exit ${result.exitCode ?? 'none'})`};
		return judgeDoctor(report);
	} finally {
		await rm(home, {recursive: true, force: true}).catch(() => {});
	}
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function deepMerge(base: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {...base};
	for (const [key, value] of Object.entries(layer)) {
		const current = out[key];
		out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
	}
	return out;
}
