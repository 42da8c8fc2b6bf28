/** Looks up an environment variable; undefined when unset. */
export type EnvLookup = (name: string) => string | undefined;

/** How many substitutions one token may take before we call it a loop (CoreDNS would hang). */
const MAX_SUBSTITUTIONS = 1000;

export interface EnvResult {
  text: string;
  /** Set when the expansion never ends (a variable that refers to itself). */
  loops?: boolean;
}

/**
 * Substitute `{%NAME%}` then `{$NAME}` as coredns/caddy replaceEnvVars does:
 * every occurrence, unset → empty, the scan restarting after each
 * replacement (so values are expanded again), `{$}` and unclosed references
 * left as they are.
 */
export function expandEnv(s: string, env: EnvLookup): EnvResult {
  if (!s.includes('{')) return { text: s };
  const a = replaceRefs(s, '{%', '%}', env);
  if (a.loops) return a;
  return replaceRefs(a.text, '{$', '}', env);
}

/** `expandEnv`'s text alone: a string without `{` (nearly every token) comes back as it is, at no cost. */
export function expandEnvText(s: string, env: EnvLookup): string {
  return s.includes('{') ? expandEnv(s, env).text : s;
}

function replaceRefs(input: string, refStart: string, refEnd: string, env: EnvLookup): EnvResult {
  let s = input;
  let index = s.indexOf(refStart);
  let n = 0;
  while (index !== -1) {
    const rel = s.slice(index).indexOf(refEnd);
    if (rel === -1) break;
    const endIndex = rel + index;
    if (endIndex > index + refStart.length) {
      const ref = s.slice(index, endIndex + refEnd.length);
      const value = env(ref.slice(refStart.length, ref.length - refEnd.length)) ?? '';
      s = s.split(ref).join(value);
      if (++n > MAX_SUBSTITUTIONS || s.length > 1 << 20) return { text: s, loops: true };
    } else {
      return { text: s };
    }
    index = s.indexOf(refStart);
  }
  return { text: s };
}

/** The names a token refers to, for hover and lint. */
export function envReferences(s: string): Array<{ name: string; start: number; end: number; form: '{$}' | '{%%}' }> {
  const out: Array<{ name: string; start: number; end: number; form: '{$}' | '{%%}' }> = [];
  const re = /\{\$([^}]+)\}|\{%([^%]+?)%\}/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out.push({ name: m[1] ?? m[2], start: m.index, end: m.index + m[0].length, form: m[1] !== undefined ? '{$}' : '{%%}' });
  }
  return out;
}
