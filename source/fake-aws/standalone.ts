// npm run fake-aws -- [--scenario NAME] [--port N] [--rtt-ms N] [--tls 1.2|1.3] [--list]
// The simulated AWS on its own, for trying the wizard, the AWS CLI or Codex against it by hand: prints the
// variables that point the AWS SDKs and the AWS CLI at it, logs each request, and stops on Ctrl-C, printing
// the connections and requests it saw per host. --rtt-ms adds a network's round-trip time (network.ts).
import {parseArgs} from 'node:util';
import {describeScenarios, getScenario} from './scenarios.js';
import {statsLines} from './network.js';
import {startFakeAws, type FakeAws} from './server.js';

const USAGE = 'Usage: npm run fake-aws -- [--scenario NAME] [--port N] [--rtt-ms N] [--tls 1.2|1.3] [--list]';

function usageError(message: string): never {
	console.error(`fake-aws: ${message}\n${USAGE}`);
	process.exit(2);
}

function parse() {
	try {
		return parseArgs({
			options: {
				scenario: {type: 'string', default: 'happy'},
				port: {type: 'string', default: '0'},
				'rtt-ms': {type: 'string', default: '0'},
				tls: {type: 'string', default: '1.3'},
				list: {type: 'boolean'},
				help: {type: 'boolean', short: 'h'},
			},
			strict: true,
		}).values;
	} catch (error) {
		return usageError((error as Error).message);
	}
}

function printScenarios(): void {
	const scenarios = describeScenarios();
	const width = Math.max(...scenarios.map((s) => s.name.length)) + 2;
	for (const {name, description} of scenarios) console.log(`  ${name.padEnd(width)}${description}`);
}

function printSetup(fake: FakeAws): void {
	const {sso} = fake.scenario;
	console.log(`# Simulated AWS on ${fake.url}, scenario "${fake.scenario.name}": ${fake.scenario.description}`);
	console.log('# Paste these lines into another shell to point the AWS SDKs, the AWS CLI and the wizard at it:');
	for (const [key, value] of Object.entries(fake.env())) console.log(`export ${key}=${value}`);
	console.log('# Keep your real AWS files out of it: use a throwaway config, e.g.');
	console.log('export AWS_CONFIG_FILE="$(mktemp -d)/config"');
	console.log(`# then log in with: aws configure sso   (SSO start URL ${sso.startUrl}, SSO region ${sso.region})`);
	console.log('# Signed services take their region from the request signature. Ctrl-C stops the server.');
	if (fake.network.rttMs) console.log(`# Simulated network: ${fake.network.rttMs} ms round trip; a new connection pays TCP + TLS ${fake.network.tls} handshakes first.`);
}

const values = parse();
if (values.help) {
	console.log(`${USAGE}\n\nScenarios:`);
	printScenarios();
	process.exit(0);
}
if (values.list) {
	printScenarios();
	process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) usageError(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
const rttMs = Number(values['rtt-ms']);
if (!Number.isFinite(rttMs) || rttMs < 0 || rttMs > 10_000) usageError(`--rtt-ms must be a number of milliseconds from 0 to 10000, not "${values['rtt-ms']}".`);
if (values.tls !== '1.2' && values.tls !== '1.3') usageError(`--tls must be 1.2 or 1.3, not "${values.tls}".`);
const tls = values.tls;
try {
	getScenario(values.scenario);
} catch (error) {
	usageError((error as Error).message);
}

const fake = await startFakeAws({scenario: values.scenario, port, network: {rttMs, tls}, log: (line) => console.error(`[fake-aws] ${line}`)}).catch((error: Error) => {
	console.error(`fake-aws: cannot start: ${error.message}`);
	process.exit(1);
});
printSetup(fake);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
	// A second Ctrl-C while closing gives up at once.
	if (stopping) process.exit(130);
	stopping = true;
	console.error(`[fake-aws] ${signal}: stopping. Connections and requests per host:`);
	for (const line of statsLines(fake.network.stats())) console.error(`[fake-aws]   ${line}`);
	void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
