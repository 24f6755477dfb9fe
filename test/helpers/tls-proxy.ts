// The TLS-intercepting proxy in front of a simulated AWS, for clients that only know real AWS URLs (the
// real Codex CLI): it presents test/fixtures/tls/aws-hosts.pem, which only the test CA vouches for.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach} from 'vitest';
import type {FakeAws} from '../../source/fake-aws/server.js';
import {startTlsProxy, type TlsProxy, type TlsProxyOptions} from '../../source/fake-aws/tls-proxy.js';

export const TLS_DIR = path.resolve(import.meta.dirname, '../fixtures/tls');
/** The test CA: the file to name in AWS_CA_BUNDLE, CODEX_CA_CERTIFICATE or SSL_CERT_FILE. */
export const TEST_CA = path.join(TLS_DIR, 'ca.pem');

const running: TlsProxy[] = [];
afterEach(async () => {
	await Promise.all(running.splice(0).map((proxy) => proxy.close()));
});

/** A proxy that sends the real AWS hosts to `fake` and refuses everything else; closed after the test. */
export async function interceptingProxy(fake: FakeAws, options: Partial<TlsProxyOptions> = {}): Promise<TlsProxy> {
	const proxy = await startTlsProxy({
		target: fake.url,
		key: readFileSync(path.join(TLS_DIR, 'aws-hosts.key')),
		cert: readFileSync(path.join(TLS_DIR, 'aws-hosts.pem')),
		...options,
	});
	running.push(proxy);
	return proxy;
}
