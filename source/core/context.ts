// Everything a step may touch from the outside world, injected: environment, paths, clock, flags,
// endpoints and the cancellation signal. Steps never read process.env, os.homedir() or Date.now()
// directly, so tests and --demo can point them anywhere.
import os from 'node:os';
import path from 'node:path';
import type {RunState} from './run-state.js';

export type Flags = Readonly<Record<string, string | boolean | undefined>>;
export type Env = Readonly<Record<string, string | undefined>>;

export interface Clock {
	now(): number;
	/** Resolves after `ms`, or rejects with the signal's reason when it aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) =>
		new Promise<void>((resolve, reject) => {
			if (signal?.aborted) return reject(signal.reason);
			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			const onAbort = () => {
				clearTimeout(timer);
				reject(signal?.reason);
			};
			signal?.addEventListener('abort', onAbort, {once: true});
		}),
};

export interface Paths {
	home: string;
	/** ~/.aws/config, or AWS_CONFIG_FILE. */
	awsConfig: string;
	/** ~/.aws/credentials, or AWS_SHARED_CREDENTIALS_FILE. */
	awsCredentials: string;
	/** ~/.aws/sso/cache: hard-coded from HOME by every AWS tool (no variable overrides it). */
	ssoCache: string;
	/** ~/.codex, or CODEX_HOME. */
	codexHome: string;
	codexConfig: string;
	/** ~/.codex-bedrock-setup: this tool's own records (readiness records); never inside a repository. */
	records: string;
}

export type AwsService = 'sso-oidc' | 'sso' | 'sts' | 'bedrock' | 'bedrock-mantle';

export interface Endpoints {
	/**
	 * The endpoint URL to give an SDK client for a service in a region, or undefined to let the SDK
	 * resolve it (it honours AWS_ENDPOINT_URL_<SERVICE> itself).
	 */
	sdk(service: Exclude<AwsService, 'bedrock-mantle'>, region: string): string | undefined;
	/** Base URL of Bedrock Mantle in a region (no trailing slash). The SDK has no Mantle client. */
	mantle(region: string): string;
	/**
	 * Base URL of Bedrock Runtime in a region (no trailing slash), for its OpenAI-compatible Responses
	 * endpoint (/openai/v1/responses), which the SDK's BedrockRuntime client does not model.
	 */
	runtime(region: string): string;
}

export interface Browser {
	/** Open a URL in the user's browser; false when it could not (the URL is always printed as well). */
	open(url: string): Promise<boolean>;
}

export interface Context {
	env: Env;
	paths: Paths;
	clock: Clock;
	flags: Flags;
	endpoints: Endpoints;
	browser: Browser;
	/** Aborted on Ctrl-C / SIGTERM: long calls stop, nothing more is written. */
	signal: AbortSignal;
	version: string;
	/**
	 * What this run keeps (run-state.ts): kept-alive connections per AWS host, role credentials until they
	 * expire, results later steps reuse. Made on first use when absent; copies of the Context share it.
	 */
	run?: RunState;
	/** Choices a team preset locks: only these are offered, and anything else is refused. */
	locks?: {
		regions?: readonly string[];
		models?: readonly string[];
		/** Where prompts may be processed: in-region only, or geographic profiles too (never global). */
		scope?: 'in-region' | 'geo';
	};
	/**
	 * Set with --dry-run: every change is shown and nothing is written (user files, the SSO token and
	 * registration caches, npm install, agreements). The sign-in still happens, and its token lives here,
	 * in memory only, so the later steps can get role credentials without a profile on disk.
	 */
	dryRun?: DryRun;
	/**
	 * Set by read-only commands (doctor without --fix): nothing on disk is written, not even the token
	 * cache the AWS SDK refreshes by itself; a refreshed token stays in memory.
	 */
	readOnly?: boolean;
	/** How long one AWS call may take, retries included (default 30 s: aws/deadline.ts); tests shorten it. */
	awsWaitMs?: number;
	/** Set by the failure menu's "Sign in again": the next sign-in ignores the cached token (AWS rejected it). */
	freshSignIn?: boolean;
	/** Set in --demo: the simulated AWS scenario, the throwaway home, and the answers that fit it. */
	demo?: {
		scenario: string;
		home: string;
		startUrl: string;
		ssoRegion: string;
		/** The environment that sends the real Codex CLI to the simulated AWS (made on first use), if it can. */
		codexRoute?: () => Promise<Record<string, string> | undefined>;
	};
}

/** A profile as signed in during a dry run (not written to ~/.aws/config, token not cached on disk). */
export interface DryRunProfile {
	ssoRegion: string;
	accountId: string;
	roleName: string;
	/** The SSO access token (registered with the redactor; never shown, never written). */
	accessToken: string;
}

export interface DryRun {
	profiles: Map<string, DryRunProfile>;
}

export function createDryRun(): DryRun {
	return {profiles: new Map()};
}

function expandHome(file: string, home: string): string {
	if (file === '~') return home;
	if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(home, file.slice(2));
	return path.resolve(file);
}

/** Resolve the files every step works on, honouring HOME, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, CODEX_HOME. */
export function resolvePaths(env: Env): Paths {
	const home = env['HOME'] || env['USERPROFILE'] || os.homedir();
	const awsConfig = env['AWS_CONFIG_FILE'] ? expandHome(env['AWS_CONFIG_FILE'], home) : path.join(home, '.aws', 'config');
	const awsCredentials = env['AWS_SHARED_CREDENTIALS_FILE']
		? expandHome(env['AWS_SHARED_CREDENTIALS_FILE'], home)
		: path.join(home, '.aws', 'credentials');
	const codexHome = env['CODEX_HOME'] ? expandHome(env['CODEX_HOME'], home) : path.join(home, '.codex');
	return {
		home,
		awsConfig,
		awsCredentials,
		ssoCache: path.join(home, '.aws', 'sso', 'cache'),
		codexHome,
		codexConfig: path.join(codexHome, 'config.toml'),
		records: path.join(home, '.codex-bedrock-setup'),
	};
}

/** Real AWS: the SDK resolves its own endpoints (and honours AWS_ENDPOINT_URL_*); Mantle is built from the region. */
export function realEndpoints(env: Env): Endpoints {
	return {
		sdk: () => undefined,
		mantle: (region) => (env['AWS_ENDPOINT_URL_BEDROCK_MANTLE'] ?? `https://bedrock-mantle.${region}.api.aws`).replace(/\/+$/, ''),
		// AWS_ENDPOINT_URL_BEDROCK_RUNTIME is the SDKs' own variable for this service (service id "Bedrock Runtime").
		runtime: (region) => (env['AWS_ENDPOINT_URL_BEDROCK_RUNTIME'] ?? `https://bedrock-runtime.${region}.amazonaws.com`).replace(/\/+$/, ''),
	};
}

/** Every service in every region goes to one base URL with a /region/<r> prefix (the simulated AWS). */
export function prefixedEndpoints(baseUrl: string): Endpoints {
	const forRegion = (region: string) => `${baseUrl.replace(/\/+$/, '')}/region/${region}`;
	return {sdk: (_service, region) => forRegion(region), mantle: forRegion, runtime: forRegion};
}

/** Display a path with the home directory shortened to ~. */
export function tildify(file: string, home: string): string {
	return file === home || file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}
