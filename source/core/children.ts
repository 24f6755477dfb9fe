// Child process groups this run started (codex exec runs in its own group so that stopping it stops what
// it started). A run that ends for any reason, a second Ctrl-C's immediate exit included, takes them with
// it: main.ts calls killChildGroups() before exiting, and the 'exit' hook catches the rest.
const groups = new Set<number>();
let hooked = false;

export function trackChildGroup(pid: number | undefined): () => void {
	if (pid === undefined || process.platform === 'win32') return () => {};
	groups.add(pid);
	if (!hooked) {
		hooked = true;
		process.on('exit', killChildGroups);
	}
	return () => groups.delete(pid);
}

export function killChildGroups(): void {
	for (const pid of groups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	groups.clear();
}
