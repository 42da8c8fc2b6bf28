import type { SetupValidator } from '../types.js';
import { goQuote, parseCIDR, runSetup, STRING_TO_TYPE } from '../values.js';

function isSectionKeyword(token: string): boolean {
  const t = token.toLowerCase();
  return t === 'type' || t === 'net';
}

/** acl/setup.go normalize: a bare address is a host network (/32 or /128). */
function hostNet(raw: string): string {
  if (raw.includes('/')) return raw;
  return raw.includes(':') ? `${raw}/128` : `${raw}/32`;
}

/** plugin/acl/setup.go parse. */
export const validate: SetupValidator = (ctx) =>
  runSetup('acl', ctx, ({ d: c }) => {
    const fail = (msg: string) => c.err(msg);
    while (c.next()) {
      c.countRemainingArgs();
      while (c.nextBlock()) {
        const action = c.val().toLowerCase();
        if (!['allow', 'block', 'filter', 'drop'].includes(action)) {
          throw fail(`unexpected token ${goQuote(c.val())}; expect 'allow', 'block', 'filter' or 'drop'`);
        }
        let rest = c.remainingArgs();
        while (rest.length > 0) {
          if (!isSectionKeyword(rest[0])) throw fail(`unexpected token ${goQuote(rest[0])}; expect 'type | net'`);
          const section = rest[0].toLowerCase();
          let i = 1;
          const tokens: string[] = [];
          for (; i < rest.length && !isSectionKeyword(rest[i]); i++) tokens.push(rest[i]);
          rest = rest.slice(i);
          if (tokens.length === 0) throw fail(`no token specified in ${goQuote(section)} section`);
          // `*` ends the section in Go (a bare `break` out of the token loop), so what follows it is never checked.
          if (section === 'type') {
            for (const t of tokens) {
              if (t === '*') break;
              if (!STRING_TO_TYPE.has(t)) throw fail(`unexpected token ${goQuote(t)}; expect legal QTYPE`);
            }
          } else {
            for (const t of tokens) {
              if (t === '*') break;
              const n = hostNet(t);
              if (!parseCIDR(n).ok) throw fail(`illegal CIDR notation ${goQuote(n)}`);
            }
          }
        }
      }
    }
  });
