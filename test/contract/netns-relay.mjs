// Runs inside a network namespace that has only loopback (test/contract/harness.ts, `isolated` runs): listens
// on 127.0.0.1:PORT and relays each connection to a Unix socket outside the namespace (the TLS proxy), then
// runs the command and exits with its code. So the program under test can reach the proxy and nothing else:
// a connection it makes without the proxy fails at once, inside the namespace, without touching any network.
// Usage: node netns-relay.mjs PORT SOCKET COMMAND [ARGS...]
import net from 'node:net';
import {spawn} from 'node:child_process';
const [port, sock, ...cmd] = process.argv.slice(2);
const server = net.createServer((c) => { const u = net.connect(sock); c.pipe(u); u.pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); });
server.listen(Number(port), '127.0.0.1', () => {
	const child = spawn(cmd[0], cmd.slice(1), {stdio: 'inherit'});
	child.on('close', (code) => process.exit(code ?? 1));
});
