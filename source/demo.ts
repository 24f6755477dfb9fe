// --demo: the whole wizard against the simulated AWS, in a throwaway home directory. The process
// environment itself is pointed at the throwaway home, because the AWS SDK's credential providers read
// HOME and AWS_CONFIG_FILE from process.env: that is the only way to be sure nothing of the real
// ~/.aws or ~/.codex is read or written.
import {mkdtemp, readdir, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {prefixedEndpoints, type Endpoints} from './core/context.js';
import {UsageError} from './core/errors.js';
import {SCENARIO_NAMES} from './fake-aws/scenarios.js';

export interface Demo {
	scenario: string;
	home: string;
	/** The simulated Identity Center, offered as defaults so `--demo --yes` needs no other flag. */
	startUrl: string;
	ssoRegion: string;
	endpoints: Endpoints;
	/** HTTPS_PROXY and CODEX_CA_CERTIFICATE for the Codex child, made on first use (needs openssl). */
	codexRoute(): Promise<Record<string, string> | undefined>;
	/** Stop the simulated AWS and the Codex route; the home is removed unless `keepHome`. */
	close(options?: {keepHome?: boolean}): Promise<void>;
}

/** Variables that could make the demo reach real AWS or real credentials: removed for the demo. */
const REAL_AWS_VARIABLES =
	/^(AWS_(PROFILE|DEFAULT_PROFILE|ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|BEARER_TOKEN_.*|CONFIG_FILE|SHARED_CREDENTIALS_FILE|ENDPOINT_URL.*|REGION|DEFAULT_REGION|ROLE_ARN|ROLE_SESSION_NAME|WEB_IDENTITY_TOKEN_FILE|CONTAINER_.*|EC2_METADATA_.*|IGNORE_CONFIGURED_ENDPOINT_URLS|USE_DUALSTACK_ENDPOINT|USE_FIPS_ENDPOINT)|CODEX_.*|OPENAI_API_KEY)$/;

export function checkScenario(name: string): void {
	if (!SCENARIO_NAMES.includes(name)) {
		throw new UsageError(`Unknown demo scenario "${name}". Known scenarios: ${SCENARIO_NAMES.join(', ')}.`);
	}
}

export async function startDemo(scenario: string, env: NodeJS.ProcessEnv = process.env): Promise<Demo> {
	checkScenario(scenario);
	const {startFakeAws} = await import('./fake-aws/server.js');
	const home = await mkdtemp(path.join(tmpdir(), 'codex-bedrock-setup-demo-'));
	const fake = await startFakeAws({scenario});
	for (const key of Object.keys(env)) {
		if (REAL_AWS_VARIABLES.test(key)) delete env[key];
	}
	Object.assign(env, {
		HOME: home,
		USERPROFILE: home,
		AWS_CONFIG_FILE: path.join(home, '.aws', 'config'),
		AWS_SHARED_CREDENTIALS_FILE: path.join(home, '.aws', 'credentials'),
		CODEX_HOME: path.join(home, '.codex'),
		...fake.env(),
	});
	let route: Promise<import('./fake-aws/demo-tls.js').DemoCodexRoute | undefined> | undefined;
	const codexRoute = async () => {
		route ??= import('./fake-aws/demo-tls.js').then(({startDemoCodexRoute}) => startDemoCodexRoute({target: fake.url, ssoRegions: [fake.scenario.sso.region]}));
		return (await route)?.env;
	};
	const close = async ({keepHome = false}: {keepHome?: boolean} = {}) => {
		await (await route)?.close();
		await fake.close();
		if (!keepHome) await rm(home, {recursive: true, force: true});
	};
	return {scenario, home, startUrl: fake.scenario.sso.startUrl, ssoRegion: fake.scenario.sso.region, endpoints: prefixedEndpoints(fake.url), codexRoute, close};
}

/** Files of ours under ~/.codex: the configs, their backups and set-aside copies. The rest is Codex's own state. */
const OURS_IN_CODEX_HOME = /^[^/]*\.toml(\.bak-[\dTZ-]+|\.broken-[\dTZ-]+)?$/;

/**
 * Every file under the demo home, relative, with its size: shown at the end of a demo. What the real
 * Codex wrote into ~/.codex for itself (state databases, sessions, skills) is counted, not listed.
 */
export async function listDemoFiles(home: string): Promise<string[]> {
	const found: string[] = [];
	let codexState = 0;
	const codexHome = path.join(home, '.codex');
	async function walk(dir: string): Promise<void> {
		for (const entry of await readdir(dir, {withFileTypes: true})) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) await walk(full);
			else if (full.startsWith(`${codexHome}${path.sep}`) && !OURS_IN_CODEX_HOME.test(path.relative(codexHome, full))) codexState += 1;
			else found.push(`~/${path.relative(home, full)} (${(await stat(full)).size} bytes)`);
		}
	}
	await walk(home);
	found.sort();
	if (codexState) found.push(`~/.codex/...: ${codexState} file${codexState === 1 ? '' : 's'} of Codex's own state (written by Codex when it ran)`);
	return found;
}
