// The Ink floor for `npm run bench`: the smallest Ink app that shows one select (the wizard's own
// SelectInput), bundled like dist/cli.js. The wizard's first interactive frame is measured beside it.
import {render} from 'ink';
import React from 'react';
import {SelectInput} from '../source/ui/ink/SelectInput.js';

render(<SelectInput choices={[{value: 'a', label: 'Ink floor: first choice'}, {value: 'b', label: 'second choice'}]} onSubmit={() => process.exit(0)} />, {exitOnCtrlC: true, patchConsole: false});
