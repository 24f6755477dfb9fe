// The real Codex CLI (@openai/codex, a devDependency) as a judge of the files we write. It runs with a
// throwaway HOME and CODEX_HOME, never the real ones, and never reaches a model: doctor only loads the
// config, and exec is stopped as soon as it has loaded the config and started its first turn.
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterEach} from 'vitest';

export const CODEX = path.resolve(import.meta.dirname, '../../node_modules/.bin/codex');

function codexEnv(codexHome: string, home: string): NodeJS.ProcessEnv {
	return {PATH: process.env['PATH'] ?? '', HOME: home, CODEX_HOME: codexHome, NO_COLOR: '1'};
}

export interface DoctorLoad {
	status: string;
	provider?: string;
	model?: string;
	error?: string;
	startupWarning?: string;
}

/** `codex doctor --json` on CODEX_HOME: the config.load check. */
export async function doctorLoad(codexHome: string, home = mkdtempSync(path.join(tmpdir(), 'cbs-home-'))): Promise<DoctorLoad> {
	const {stdout} = await promisify(execFile)(CODEX, ['doctor', '--json'], {env: codexEnv(codexHome, home), timeout: 60_000}).catch((error: {stdout?: string}) => ({stdout: error.stdout ?? ''}));
	const report = JSON.parse(stdout) as {checks: Record<string, {status: string; details: Record<string, string>}>};
	const load = report.checks['config.load']!;
	return {
		status: load.status,
		...(load.details['model provider'] ? {provider: load.details['model provider']} : {}),
		...(load.details['model'] ? {model: load.details['model']} : {}),
		...(load.details['error'] ? {error: load.details['error']} : {}),
		...(load.details['startup warning'] ? {startupWarning: load.details['startup warning']} : {}),
	};
}

export interface ExecProbe {
	/** The config loaded under --strict-config and a turn started. */
	accepted: boolean;
	/** What Codex printed when it refused the config. */
	refusal?: string;
	/** The first error event of the turn (with no AWS credentials in the temp HOME: which provider ran). */
	firstError?: string;
}

/**
 * `codex exec --strict-config --json` in an empty directory: accepted once `turn.started` arrives (the
 * config loaded); the child is then killed before it retries anything. Refused when it exits first.
 */
export function execProbe(codexHome: string, options: {profile?: string; home?: string} = {}): Promise<ExecProbe> {
	const home = options.home ?? mkdtempSync(path.join(tmpdir(), 'cbs-home-'));
	const cwd = mkdtempSync(path.join(tmpdir(), 'cbs-exec-'));
	const args = ['exec', '--strict-config', '--json', '--skip-git-repo-check', '--ephemeral', '-s', 'read-only', ...(options.profile ? ['-p', options.profile] : []), 'Reply with the single word: ready'];
	return new Promise((resolve, reject) => {
		const child = spawn(CODEX, args, {cwd, env: codexEnv(codexHome, home), stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		let started = false;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`codex exec neither started nor refused within 30 s\n${stdout}\n${stderr}`));
		}, 30_000);
		const finish = (result: ExecProbe) => {
			clearTimeout(timer);
			child.kill('SIGKILL');
			resolve(result);
		};
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			for (const line of stdout.split('\n').slice(0, -1)) {
				let event: {type?: string; message?: string};
				try {
					event = JSON.parse(line) as typeof event;
				} catch {
					continue;
				}
				if (event.type === 'turn.started') started = true;
				if (started && event.type === 'error') return finish({accepted: true, firstError: event.message ?? ''});
			}
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('exit', () => {
			if (started) finish({accepted: true});
			else finish({accepted: false, refusal: stderr.split('\n').filter((l) => !l.startsWith('WARNING: proceeding')).join('\n').trim()});
		});
	});
}

/**
 * A PATH with node and the basic shell tools but no `codex` (nor anything else installed globally):
 * /usr/bin cannot be used for that, since `npm install -g` may put a codex there (it does where node
 * lives in /usr/bin). Made once per test process, from symlinks.
 */
export const SYSTEM_PATH: string = (() => {
	const dir = mkdtempSync(path.join(tmpdir(), 'cbs-system-bin-'));
	const tools = ['sh', 'echo', 'printf', 'chmod', 'dirname', 'ls', 'sleep', 'pwd', 'cat', 'mkdir', 'rm', 'env', 'true', 'false', 'uname', 'git'];
	symlinkSync(process.execPath, path.join(dir, 'node'));
	for (const tool of tools) {
		const found = ['/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((p) => existsSync(p));
		if (found) symlinkSync(found, path.join(dir, tool));
	}
	return dir;
})();

/** Kills a child started in its own process group, and whatever it started (the npm wrapper's binary). */
export function killGroup(pid: number): void {
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// already gone
	}
}

/**
 * The Codex processes a test file starts (each in its own process group): whatever is still running after a
 * test is killed, so a test that failed early leaves no Codex behind.
 */
export function codexChildren(): Set<number> {
	const children = new Set<number>();
	afterEach(() => {
		for (const pid of children) killGroup(pid);
		children.clear();
	});
	return children;
}
