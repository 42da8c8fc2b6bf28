import type { Next } from '../types.js';

const TERMINAL = new WeakSet<Next>();

/** Mark the function that ends a chain (plugin.NextOrFailure with no next plugin). */
export function markTerminal(n: Next): Next {
  TERMINAL.add(n);
  return n;
}

/** True when `next` is the end of the chain: the plugin is the last one (file and auto then answer REFUSED). */
export function isTerminal(n: Next): boolean {
  return TERMINAL.has(n);
}
