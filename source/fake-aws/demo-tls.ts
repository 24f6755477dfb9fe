// --demo: let the real Codex CLI reach the simulated Bedrock. Codex builds its Mantle URL from the region
// itself (https://bedrock-mantle.<region>.api.aws), so the demo starts the TLS-intercepting proxy and gives
// Codex (and only the Codex child process) HTTPS_PROXY and CODEX_CA_CERTIFICATE.
//
// The certificate authority is made for this one demo with `openssl` (Node can make keys but not
// certificates), lives in a private temporary directory, is trusted by nobody but that child process, and
// is deleted when the demo ends. No key ships in the package. Without openssl, the demo says Codex is not run.
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {MANTLE_REGIONS, REGION_FACTS} from '../core/bedrock/models.js';

export interface DemoCodexRoute {
	/** Extra environment for the Codex child: HTTPS_PROXY and CODEX_CA_CERTIFICATE. */
	env: Record<string, string>;
	close(): Promise<void>;
}

/** The host names Codex may call in a demo: Mantle in every Mantle region, Bedrock Runtime in every region, and the SSO portal. */
export function demoHostNames(ssoRegions: readonly string[]): string[] {
	return [...MANTLE_REGIONS.map((r) => `*.${r}.api.aws`), ...REGION_FACTS.map((r) => `bedrock-runtime.${r.region}.amazonaws.com`), ...ssoRegions.map((r) => `*.sso.${r}.amazonaws.com`)];
}

export async function startDemoCodexRoute(options: {target: string; ssoRegions: readonly string[]}): Promise<DemoCodexRoute | undefined> {
	const {execa} = await import('execa');
	const dir = await mkdtemp(path.join(tmpdir(), 'codex-bedrock-setup-demo-ca-'));
	const file = (name: string) => path.join(dir, name);
	const openssl = (args: string[]) => execa('openssl', args, {cwd: dir, reject: false, stdin: 'ignore', timeout: 20_000});
	try {
		const ca = await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=codex-bedrock-setup demo CA (throwaway)', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
		if (ca.failed) throw new Error('openssl could not make the demo CA');
		const csr = await openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'host.key', '-out', 'host.csr', '-subj', '/CN=codex-bedrock-setup demo AWS hosts']);
		if (csr.failed) throw new Error('openssl could not make the demo key');
		const san = demoHostNames(options.ssoRegions).map((name) => `DNS:${name}`).join(',');
		await writeFile(file('host.ext'), ['basicConstraints = CA:FALSE', 'keyUsage = critical, digitalSignature, keyEncipherment', 'extendedKeyUsage = serverAuth', `subjectAltName = ${san}`, ''].join('\n'));
		const signed = await openssl(['x509', '-req', '-in', 'host.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', '1', '-days', '2', '-sha256', '-extfile', 'host.ext', '-out', 'host.pem']);
		if (signed.failed) throw new Error('openssl could not sign the demo certificate');
		const {startTlsProxy} = await import('./tls-proxy.js');
		const proxy = await startTlsProxy({target: options.target, key: await readFile(file('host.key')), cert: await readFile(file('host.pem'))});
		// The CA's key is not needed any more: only its certificate, for Codex to trust.
		await rm(file('ca.key'), {force: true});
		return {
			env: {HTTPS_PROXY: proxy.url, CODEX_CA_CERTIFICATE: file('ca.pem')},
			close: async () => {
				await proxy.close();
				await rm(dir, {recursive: true, force: true});
			},
		};
	} catch {
		await rm(dir, {recursive: true, force: true}).catch(() => {});
		return undefined;
	}
}
