// npm run bench: start-up to first frame, --version, installed size, the latency of a real SDK call
// against the simulated AWS, the whole happy path under a simulated network round-trip time (against
// its critical-path minimum), connections and requests per host, the probe with a hung region, and the
// first interactive Ink frame beside a minimal Ink app's. Each timing is the median of several runs,
// printed beside a baseline measured in the same run, because absolute numbers mean little across
// machines (and this one may be shared). Measured here, never asserted in tests.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {build} from 'esbuild';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '..');
// What `npx codex-bedrock-setup` runs: package.json's bin (dist/bin.cjs, which hands over to dist/cli.js).
const cli = path.join(root, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).bin['codex-bedrock-setup']);
const runs = Number(process.env.BENCH_RUNS ?? 9);
/** The happy path takes seconds per run: fewer runs. */
const networkRuns = Number(process.env.BENCH_NETWORK_RUNS ?? 3);
const rttMs = Number(process.env.BENCH_RTT_MS ?? 100);
const probeTimeout = Number(process.env.BENCH_PROBE_TIMEOUT ?? 3);
const home = mkdtempSync(path.join(tmpdir(), 'cbs-bench-'));
const env = {PATH: process.env.PATH, HOME: home, TERM: 'xterm-256color', NO_COLOR: '1', LANG: 'C.UTF-8'};

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Wall time of a command run to completion. */
function timeRun(command, args) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {env, stdio: 'ignore'});
		child.on('error', reject);
		child.on('exit', () => resolve(performance.now() - started));
	});
}

/**
 * Time until `marker` appears on an 80x24 pseudo-terminal (util-linux `script` gives the child a PTY, so
 * the CLI takes its Ink path as in a user's terminal). The child is killed once the marker shows.
 */
function timeToOutput(command, marker) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		// `script` gives the pty no size of its own: stty sets the brief's 80x24, as a user's terminal would.
		const child = spawn('script', ['-qfec', `stty cols 80 rows 24 2>/dev/null; exec ${command}`, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'ignore']});
		let seen = '';
		let done = false;
		const timer = setTimeout(() => finish(new Error(`no "${marker}" after 20 s; output: ${seen.slice(0, 400)}`)), 20_000);
		function finish(error, value) {
			if (done) return;
			done = true;
			clearTimeout(timer);
			child.kill('SIGKILL');
			error ? reject(error) : resolve(value);
		}
		child.stdout.on('data', (chunk) => {
			seen += chunk.toString('utf8');
			if (seen.includes(marker)) finish(undefined, performance.now() - started);
		});
		child.on('error', (error) => finish(error));
		child.on('exit', () => finish(new Error(`exited before "${marker}"; output: ${seen.slice(0, 400)}`)));
	});
}

async function medianOf(label, measure) {
	const values = [];
	for (let i = 0; i < runs; i++) values.push(await measure());
	const value = median(values);
	process.stderr.write(`  ${label}: ${value.toFixed(1)} ms\n`);
	return value;
}

process.stderr.write(`Benchmark: ${runs} runs each, Node ${process.versions.node}\n`);
const nodeBaseline = await medianOf('node -e 0', () => timeRun(process.execPath, ['-e', '0']));
const version = await medianOf('codex-bedrock-setup --version', () => timeRun(process.execPath, [cli, '--version']));
const nodeBaselinePty = await medianOf('node -e 0 (pty, until output)', () => timeToOutput(`${process.execPath} -e "process.stdout.write('ready')"`, 'ready'));
const firstFrame = await medianOf('first frame (pty)', () => timeToOutput(`${process.execPath} ${cli}`, 'Check this machine'));

// The first interactive frame: the first question the wizard asks in a fresh home (the profile name),
// drawn by Ink and ready for keys. The floor: a minimal bundled Ink app that renders one select, built
// like dist/cli.js (ESM, minified, production React). Measured alternately, run by run, side by side.
mkdirSync(path.join(root, '.bench'), {recursive: true});
const floorApp = path.join(root, '.bench', 'ink-floor.mjs');
await build({
	entryPoints: [path.join(root, 'scripts', 'bench-ink-floor.tsx')],
	outfile: floorApp,
	bundle: true,
	format: 'esm',
	platform: 'node',
	mainFields: ['module', 'main'],
	target: 'node20.5',
	minify: true,
	legalComments: 'none',
	logLevel: 'warning',
	define: {'process.env.NODE_ENV': '"production"'},
	banner: {js: "import {createRequire as __cbsCreateRequire} from 'node:module';const require=__cbsCreateRequire(import.meta.url);"},
	plugins: [
		{
			name: 'empty-react-devtools',
			setup(b) {
				b.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'empty'}));
				b.onLoad({filter: /.*/, namespace: 'empty'}, () => ({contents: 'export default {connectToDevTools() {}};', loader: 'js'}));
			},
		},
	],
});
const floorValues = [];
const inkValues = [];
for (let i = 0; i < runs; i++) {
	floorValues.push(await timeToOutput(`${process.execPath} ${floorApp}`, 'Ink floor: first choice'));
	inkValues.push(await timeToOutput(`${process.execPath} ${cli}`, 'Profile name'));
}
const inkFloor = median(floorValues);
const inkFrame = median(inkValues);
process.stderr.write(`  minimal Ink app, one select (pty): ${inkFloor.toFixed(1)} ms\n  first interactive Ink frame (pty): ${inkFrame.toFixed(1)} ms\n`);

// Installed size: what `npm pack` would publish (the package has no dependencies, so this is all npx installs).
const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}))[0];

// Probe latency: one ListFoundationModels through the real SDK client against the simulated AWS,
// and twelve regions in parallel (the region step's probe), each a median.
const probeScript = path.join(root, '.bench', 'probe.mts');
writeFileSync(
	probeScript,
	`import {performance} from 'node:perf_hooks';
import {BedrockClient, ListFoundationModelsCommand} from '@aws-sdk/client-bedrock';
import {startFakeAws} from '${path.join(root, 'source/fake-aws/server.ts')}';
import {issueCredentials} from '${path.join(root, 'source/fake-aws/sigv4.ts')}';
import {MANTLE_REGIONS} from '${path.join(root, 'source/fake-aws/scenarios.ts')}';
const fake = await startFakeAws({scenario: 'happy'});
const c = issueCredentials(fake.state, Date.now(), {accountId: '111122223333', roleName: 'BedrockDeveloper', ttlSeconds: 3600});
const credentials = {accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken};
const clients = Object.fromEntries(MANTLE_REGIONS.map((r) => [r, new BedrockClient({region: r, endpoint: fake.endpointFor(r), credentials, maxAttempts: 1})]));
const list = (r) => clients[r].send(new ListFoundationModelsCommand({byProvider: 'OpenAI'}));
await list('us-east-1');
const one = [], all = [];
for (let i = 0; i < ${runs}; i++) {
	let t = performance.now(); await list('us-east-1'); one.push(performance.now() - t);
	t = performance.now(); await Promise.all(MANTLE_REGIONS.map(list)); all.push(performance.now() - t);
}
const med = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(JSON.stringify({one: med(one), all: med(all)}));
await fake.close();
`,
);
// The SDK's notice that its future releases need Node 22 is noise here (cli.ts silences it the same way).
const sdkEnv = {...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'};
const probe = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', probeScript], {cwd: root, encoding: 'utf8', env: sdkEnv}).trim().split('\n').at(-1));
process.stderr.write(`  probe: ${probe.one.toFixed(1)} ms one region, ${probe.all.toFixed(1)} ms twelve regions in parallel\n`);

// The network measures (scripts/bench-network.mts): the happy path with a round-trip time, and the probe
// with one region that never answers.
const network = (mode, extra = []) =>
	JSON.parse(
		execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'bench-network.mts'), '--mode', mode, '--rtt-ms', String(rttMs), ...extra], {cwd: root, encoding: 'utf8', env: sdkEnv, stdio: ['ignore', 'pipe', 'ignore']})
			.trim()
			.split('\n')
			.at(-1),
	);
const happyRuns = [];
for (let i = 0; i < networkRuns; i++) happyRuns.push(network('happy'));
const happy = [...happyRuns].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(happyRuns.length / 2)];
process.stderr.write(`  happy path at ${rttMs} ms RTT: ${happy.wallMs.toFixed(0)} ms (critical path ${happy.criticalPathMs} ms)\n`);
const probeRuns = [];
for (let i = 0; i < networkRuns; i++) probeRuns.push(network('probe', ['--probe-timeout', String(probeTimeout)]));
const hung = [...probeRuns].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(probeRuns.length / 2)];
process.stderr.write(`  probe with a hung region: ${hung.wallMs.toFixed(0)} ms (deadline ${hung.timeoutMs} ms)\n`);
const hostEntries = Object.entries(happy.hosts);
const connections = hostEntries.reduce((sum, [, h]) => sum + h.connections, 0);
const requests = hostEntries.reduce((sum, [, h]) => sum + h.requests, 0);
const maxPerHost = Math.max(...hostEntries.map(([, h]) => h.connections));

const results = {
	date: new Date().toISOString(),
	node: process.versions.node,
	runs,
	nodeBaselineMs: nodeBaseline,
	versionMs: version,
	versionRatio: version / nodeBaseline,
	nodeBaselinePtyMs: nodeBaselinePty,
	firstFrameMs: firstFrame,
	firstFrameRatio: firstFrame / nodeBaselinePty,
	inkFrameMs: inkFrame,
	inkFloorMs: inkFloor,
	inkFrameRatio: inkFrame / inkFloor,
	rttMs,
	happyPathMs: happy.wallMs,
	happyCriticalPathMs: happy.criticalPathMs,
	happyCriticalRoundTrips: happy.criticalRoundTrips,
	happyApprovalWaitMs: happy.approvalWaitMs,
	happyRatio: happy.wallMs / happy.criticalPathMs,
	happyHosts: happy.hosts,
	happyOperations: happy.operations,
	getRoleCredentials: happy.getRoleCredentials,
	probeHungMs: hung.wallMs,
	probeTimeoutMs: hung.timeoutMs,
	packedBytes: pack.size,
	installedBytes: pack.unpackedSize,
	installedFiles: pack.entryCount,
	probeOneRegionMs: probe.one,
	probeTwelveRegionsMs: probe.all,
};
writeFileSync(path.join(root, '.bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

const row = (name, value, target) => `${name.padEnd(34)} ${value.padEnd(30)} ${target}`;
console.log('');
console.log(row('measure', 'median', 'target'));
console.log(row('node -e 0', `${nodeBaseline.toFixed(1)} ms`, ''));
console.log(row('--version', `${version.toFixed(1)} ms (${results.versionRatio.toFixed(2)}x node)`, '<= 1.3x'));
console.log(row('node -e 0 on a pty, to output', `${nodeBaselinePty.toFixed(1)} ms`, ''));
console.log(row('first frame on a pty', `${firstFrame.toFixed(1)} ms (${results.firstFrameRatio.toFixed(2)}x node)`, '<= 1.6x'));
console.log(row('minimal Ink app (one select), pty', `${inkFloor.toFixed(1)} ms`, ''));
console.log(row('first interactive Ink frame', `${inkFrame.toFixed(1)} ms (${results.inkFrameRatio.toFixed(2)}x floor)`, '<= 1.3x'));
console.log(row('installed size', `${(pack.unpackedSize / 1024 / 1024).toFixed(2)} MB (${pack.entryCount} files)`, '<= 5 MB'));
console.log(row('packed size', `${(pack.size / 1024 / 1024).toFixed(2)} MB`, ''));
console.log(row('probe: 1 region (real SDK, fake AWS)', `${probe.one.toFixed(1)} ms`, ''));
console.log(row('probe: 12 regions in parallel', `${probe.all.toFixed(1)} ms`, 'near 1 region'));
console.log(row(`happy path at ${rttMs} ms RTT`, `${(happy.wallMs / 1000).toFixed(2)} s (${results.happyRatio.toFixed(2)}x minimum)`, '<= 1.2x'));
console.log(row('  critical-path minimum', `${(happy.criticalPathMs / 1000).toFixed(2)} s = ${happy.criticalRoundTrips} RTT + ${(happy.approvalWaitMs / 1000).toFixed(1)} s approval`, ''));
console.log(row('  connections / requests', `${connections} / ${requests} over ${hostEntries.length} hosts`, ''));
console.log(row('  most connections to one host', `${maxPerHost}`, '<= 1'));
console.log(row('  GetRoleCredentials calls', `${happy.getRoleCredentials}`, '1'));
console.log(row(`probe, 1 hung region, ${probeTimeout} s deadline`, `${(hung.wallMs / 1000).toFixed(2)} s`, `<= ${(probeTimeout + 0.5).toFixed(1)} s`));
console.log('');
console.log('Connections and requests per host (happy path, median run):');
for (const [host, h] of hostEntries) console.log(`  ${host.padEnd(40)} ${String(h.connections).padStart(3)} conn ${String(h.requests).padStart(4)} req`);
