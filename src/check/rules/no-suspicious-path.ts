import type { Edit } from '../../ast/nodes.js';
import { defineRule } from '../rule.js';
import { editDistance } from '../util.js';

/** Files Corefiles commonly name. */
const WELL_KNOWN = ['/etc/resolv.conf', '/etc/hosts', '/run/systemd/resolve/resolv.conf', '/etc/coredns/Corefile', '/etc/coredns/hosts'];

/** The only change is one `/` written for `.` or the reverse: the typo is certain, so the fix is safe. */
function separatorTypo(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (!((a[i] === '/' && b[i] === '.') || (a[i] === '.' && b[i] === '/'))) return false;
    diff++;
  }
  return diff === 1;
}

export default defineRule({
  id: 'no-suspicious-path',
  category: 'suspicious',
  severity: 'warning',
  scope: 'block',
  fixable: true,
  description: 'A path that looks like a typo of a well-known file.',
  docs:
    'Paths are not checked until CoreDNS starts on the target machine, and then the plugin fails (`not an IP ' +
    'address or file`) or silently reads nothing. A path one or two characters away from a well-known file such ' +
    'as /etc/resolv.conf or /etc/hosts is almost always a typo (`/etc/resolv/conf`). `--fix` corrects a single ' +
    '`/` written for `.` (or the reverse); other near misses are suggestions.',
  messages: {
    typo: "'{path}' looks like a typo of '{known}': CoreDNS will not find the file on a typical host. Write '{known}'.",
  },
  create(ctx) {
    return {
      CoreBlock(b) {
        for (let di = 0; di < b.directives.length; di++) {
          const d = b.directives[di]!;
          for (let i = 1; i < d.tokens.length; i++) {
            const t = d.tokens[i]!;
            if (t.text.charCodeAt(0) !== 47 /* / */ || WELL_KNOWN.includes(t.text)) continue;
            const known = WELL_KNOWN.find((k) => editDistance(t.text, k) <= 2);
            if (!known) continue;
            const quoted = ctx.text.slice(t.start, t.end).startsWith('"');
            const edit: Edit = { span: { start: t.start, end: t.end }, text: quoted ? JSON.stringify(known) : known };
            const safe = t.file === '' && separatorTypo(t.text, known);
            ctx.report({
              token: t,
              messageId: 'typo',
              data: { path: t.text, known },
              fix: safe ? [edit] : undefined,
              suggestions: safe || t.file !== '' ? undefined : [{ message: `Replace with ${known}`, edits: [edit] }],
            });
          }
        }
      },
    };
  },
});
