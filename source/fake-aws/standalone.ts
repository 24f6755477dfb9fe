// npm run fake-aws -- --scenario NAME [--port N] [--list]
// The simulated AWS on its own: prints the variables that point the AWS SDKs and the AWS CLI at it, logs
// each request, and stops on Ctrl-C.
import {parseArgs} from 'node:util';
import {describeScenarios} from './scenarios.js';
import {startFakeAws} from './server.js';

const {values} = parseArgs({
	options: {scenario: {type: 'string', default: 'happy'}, port: {type: 'string', default: '0'}, list: {type: 'boolean'}, help: {type: 'boolean'}},
});

if (values.help || values.list) {
	if (values.help) console.log('Usage: npm run fake-aws -- [--scenario NAME] [--port N] [--list]\n\nScenarios:');
	for (const {name, description} of describeScenarios()) console.log(`  ${name.padEnd(24)} ${description}`);
	process.exit(0);
}

try {
	const fake = await startFakeAws({scenario: values.scenario, port: Number(values.port), log: (line) => console.error(`[fake-aws] ${line}`)});
	console.log(`# Simulated AWS, scenario "${fake.scenario.name}": ${fake.scenario.description}`);
	console.log(`# Listening on ${fake.url}. Paste these into another shell:`);
	for (const [key, value] of Object.entries(fake.env())) console.log(`export ${key}=${value}`);
	console.log(`# SSO start URL ${fake.scenario.sso.startUrl}, SSO region ${fake.scenario.sso.region}.`);
	console.log('# Use a throwaway HOME (or AWS_CONFIG_FILE) so nothing of your real ~/.aws is touched. Ctrl-C stops.');
	const stop = async () => {
		await fake.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
} catch (error) {
	console.error(`fake-aws: ${(error as Error).message}`);
	process.exit(2);
}
