import {useRef, useState} from 'react';

/**
 * useState whose latest value can be read synchronously. Ink re-subscribes a useInput handler in a
 * passive effect, after the render; keys that arrive in between (several in one stdin chunk: a paste,
 * a fast key repeat) reach the previous handler, whose closure holds the previous state. Handlers read
 * `get()` instead, so no key is applied to stale state.
 */
export function useLiveState<T>(initial: () => T): [T, () => T, (next: T) => void] {
	const ref = useRef<T | undefined>(undefined);
	const [state, setState] = useState(() => {
		ref.current = initial();
		return ref.current;
	});
	const get = () => ref.current as T;
	const set = (next: T) => {
		ref.current = next;
		setState(next);
	};
	return [state, get, set];
}
