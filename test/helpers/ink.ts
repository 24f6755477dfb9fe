// Condition-based waiting for Ink frames: poll the event loop, never a fixed sleep.
export async function waitFor(condition: () => boolean, describe: () => string, rounds = 2000): Promise<void> {
	for (let i = 0; i < rounds; i++) {
		if (condition()) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
	throw new Error(`Timed out waiting; last frame:\n${describe()}`);
}

export const KEYS = {enter: '\r', down: '\u001B[B', up: '\u001B[A', escape: '\u001B', ctrlC: '\u0003'} as const;
