import type * as InkModule from 'ink';

export type Ink = typeof InkModule;

let loaded: Ink | undefined;

/**
 * ink is ESM with top-level await: the CLI's CommonJS bundle can import() it
 * but never require() it, and a static `import ... from 'ink'` in a bundled
 * module becomes a require(). So the chat views take ink from here, loaded
 * once by the runner before the first render.
 */
export async function loadInk(): Promise<Ink> {
  loaded ??= await import('ink');
  return loaded;
}

export function ink(): Ink {
  if (!loaded) throw new Error('chat views: loadInk() must run before rendering');
  return loaded;
}
