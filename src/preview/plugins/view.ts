/**
 * coredns/coredns:plugin/view. The plugin itself only passes queries on; its
 * effect is the block filter the server applies before choosing the block
 * (core/dnsserver/server.go, §1.4 of the preview spec): every `expr` must
 * evaluate to boolean true; an error or a non-boolean counts as false.
 * Expressions outside what the preview evaluates make the answer
 * undetermined instead of guessed.
 */
import { packedLength } from '../dns/wire.js';
import { norm } from '../dns/names.js';
import { className, typeName } from '../dns/rr.js';
import type { PluginModule, Request, SetupContext } from '../types.js';
import { compileViewExpr, type CompiledViewExpr, type ExprEnv, type ExprValue } from '../view-expr.js';
import { dispenser, undeterminedHandler } from './common.js';
import { blockMeta, collect } from './metadata.js';
import { cidr, cidrContains, ip16 } from './netaddr.js';

interface ViewConfig {
  name: string;
  exprs: Array<{ text: string; expr: CompiledViewExpr }>;
}

function parse(ctx: SetupContext): ViewConfig | { error: string } {
  const d = dispenser(ctx.tokens);
  const v: ViewConfig = { name: '', exprs: [] };
  let n = 0;
  while (d.next()) {
    if (++n > 1) return { error: 'this plugin can only be used once per Server Block' };
    const args = d.remainingArgs();
    if (args.length !== 1) return { error: 'Wrong argument count or unexpected line ending' };
    v.name = args[0];
    while (d.nextBlock()) {
      if (d.val() !== 'expr') return { error: `unknown property '${d.val()}'` };
      const text = d.remainingArgs().join(' ');
      const expr = compileViewExpr(text);
      if ('error' in expr) return { error: expr.error };
      v.exprs.push({ text, expr });
    }
  }
  return v;
}

/** request.Request.Size: the reply size limit the client advertised. */
function bufsize(req: Request): number {
  if (req.arrival.proto === 'tcp') return 65535;
  const s = req.msg.opt?.udpSize ?? 0;
  return s < 512 ? 512 : s;
}

/** expression.DefaultEnv for one request. */
function env(req: Request, meta: Map<string, string> | undefined): ExprEnv {
  const q = req.msg.question[0];
  const a = req.arrival;
  const fns: Record<string, (args: ExprValue[]) => ExprValue | { error: string }> = {
    type: () => typeName(q.type),
    name: () => norm(q.name),
    class: () => className(q.class),
    proto: () => a.proto,
    size: () => packedLength(req.msg, false),
    client_ip: () => a.clientIP,
    port: () => String(a.clientPort),
    id: () => req.msg.id,
    opcode: () => req.msg.opcode,
    do: () => req.msg.opt?.do ?? false,
    bufsize: () => bufsize(req),
    server_ip: () => a.serverIP,
    server_port: () => String(a.port ?? 53),
    incidr: ([ip, net]) => {
      if (typeof ip !== 'string' || !ip16(ip)) return { error: 'first argument is not an IP address' };
      const c = typeof net === 'string' ? cidr(net) : undefined;
      if (!c) return { error: `invalid CIDR address: ${String(net)}` };
      return cidrContains(c, ip);
    },
    metadata: ([label]) => (typeof label === 'string' ? (meta?.get(label) ?? '') : ''),
  };
  return {
    call(name, args) {
      const f = fns[name];
      return f ? f(args) : { error: `unsupported: the function ${name}()` };
    },
  };
}

/**
 * The block filter: true/false as CoreDNS decides, undefined when an
 * expression is outside what the preview evaluates (the reason is traced).
 */
export function viewFilter(ctx: SetupContext): ((req: Request) => boolean | undefined) | { error: string } {
  const v = parse(ctx);
  if ('error' in v) return v;
  const b = blockMeta(ctx);
  b.providers.set('view/name', v.name);
  return (req) => {
    // The server collects metadata before it applies the filter (server.go ServeDNS).
    const meta = collect(b, req);
    const e = env(req, meta);
    for (const x of v.exprs) {
      const r = x.expr.run(e);
      if ('unsupported' in r) {
        req.facts.undetermined ??= { plugin: 'view', reason: `view ${v.name}: cannot evaluate "${x.text}": ${r.unsupported}` };
        req.trace.step('view', 'undetermined', `view ${v.name}: cannot evaluate "${x.text}": ${r.unsupported}`);
        return undefined;
      }
      if ('error' in r) {
        if (req.depth === 0) req.trace.step('view', 'note', `view ${v.name}: "${x.text}" fails (${r.error}): counts as false`);
        return false;
      }
      if (r.value !== true) {
        if (req.depth === 0) req.trace.step('view', 'note', `view ${v.name}: "${x.text}" is ${JSON.stringify(r.value)}: block skipped`);
        return false;
      }
    }
    if (req.depth === 0) req.trace.step('view', 'note', `view ${v.name}: every expression is true`);
    return true;
  };
}

export const view: PluginModule = {
  name: 'view',
  setup(ctx) {
    const v = parse(ctx);
    const filter = 'error' in v ? v : viewFilter(ctx);
    if ('error' in v || 'error' in filter) {
      // CoreDNS would not start (the setup validator reports why). The block must not act as an unfiltered one,
      // so any query that reaches it is undetermined.
      const reason = `the view configuration is invalid: ${'error' in filter ? filter.error : ''}`;
      return {
        handlers: [undeterminedHandler('view', reason)],
        filter: (req: Request) => {
          req.facts.undetermined ??= { plugin: 'view', reason };
          return undefined;
        },
      };
    }
    return {
      filter,
      handlers: [
        {
          name: 'view',
          serve(req, w, next) {
            if (req.trace.on) req.trace.step('view', 'passive', `view ${v.name} chose this block; the plugin passes the query on`);
            return next(req, w);
          },
        },
      ],
    };
  },
};
