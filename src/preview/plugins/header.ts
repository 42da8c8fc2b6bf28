/**
 * coredns/coredns:plugin/header: flag rules on the query before the chain
 * continues and on every reply written by later plugins (not on the
 * server's own error replies, which bypass the plugin's writer).
 */
import type { Msg } from '../dns/message.js';
import type { PluginModule } from '../types.js';
import { dispenser } from './common.js';

interface FlagRule {
  flag: 'aa' | 'ra' | 'rd';
  state: boolean;
}

function apply(m: Msg, rules: FlagRule[]): void {
  for (const r of rules) m[r.flag] = r.state;
}

const describe = (rules: FlagRule[]) => rules.map((r) => `${r.state ? 'set' : 'clear'} ${r.flag}`).join(', ');

export const header: PluginModule = {
  name: 'header',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    const query: FlagRule[] = [];
    const response: FlagRule[] = [];
    while (d.next()) {
      while (d.nextBlock()) {
        const selector = d.val().toLowerCase();
        if (selector !== 'query' && selector !== 'response') return { error: `setting up rule: invalid selector=${selector} should be query or response` };
        const rest = d.remainingArgs();
        const action = (rest.shift() ?? '').toLowerCase();
        if (action === '') return { error: 'setting up rule: no flag action provided' };
        if (rest.length === 0) return { error: 'setting up rule: invalid length for flags, at least one should be provided' };
        if (action !== 'set' && action !== 'clear') return { error: `setting up rule: unknown flag action=${action}, should be set or clear` };
        for (const f of rest) {
          const flag = f.toLowerCase();
          if (flag !== 'aa' && flag !== 'ra' && flag !== 'rd') return { error: `setting up rule: unknown/unsupported flag=${flag}` };
          (selector === 'query' ? query : response).push({ flag, state: action === 'set' });
        }
      }
      if (query.length > 0 || response.length > 0) break;
    }
    if (query.length === 0 && response.length === 0) return { error: 'Wrong argument count or unexpected line ending' };
    return {
      handlers: [
        {
          name: 'header',
          serve(req, w, next) {
            if (query.length > 0) {
              apply(req.msg, query);
              req.trace.step('header', 'modify', `query flags: ${describe(query)}`);
            }
            if (response.length === 0) return next(req, w);
            return next(req, {
              write(m) {
                const c = { ...m };
                apply(c, response);
                req.trace.step('header', 'modify', `reply flags: ${describe(response)}`);
                w.write(c);
              },
            });
          },
        },
      ],
    };
  },
};
