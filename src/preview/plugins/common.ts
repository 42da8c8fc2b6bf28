import * as path from 'node:path';
import { Dispenser } from '../../ast/dispenser.js';
import type { CoreToken } from '../../ast/read.js';
import { hostNormalizeExact, originsFromArgsOrServerBlock } from '../../catalog/zones.js';
import { isSubDomain, matchZone } from '../dns/names.js';
import { RCODE, typeName } from '../dns/rr.js';
import type { Handler, Request, SetupContext } from '../types.js';

/** A plugin with no effect on answers: shown in the trace, then the next plugin runs. */
export function passiveHandler(name: string, why: string): Handler {
  return {
    name,
    serve(req, w, next) {
      if (req.trace.on) req.trace.step(name, 'passive', why);
      return next(req, w);
    },
  };
}

/**
 * A plugin the preview cannot reproduce: the query stops here and the
 * result names the plugin and the reason instead of inventing an answer.
 */
export function undeterminedHandler(name: string, reason: string, applies?: (req: Request) => boolean): Handler {
  return {
    name,
    serve(req, w, next) {
      if (applies && !applies(req)) {
        if (req.trace.on) req.trace.step(name, 'pass', 'not for this query; passed on');
        return next(req, w);
      }
      req.facts.undetermined ??= { plugin: name, reason };
      req.trace.step(name, 'undetermined', `would decide this query, but cannot be previewed: ${reason}`);
      return RCODE.SERVFAIL;
    },
  };
}

/** plugin/pkg/fall: the zones `fallthrough` covers (none = not set). */
export class Fall {
  constructor(readonly zones: string[] = []) {}
  static fromArgs(args: string[]): Fall {
    const zones = args.length === 0 ? ['.'] : args.flatMap((a) => hostNormalizeExact(a));
    return new Fall(zones);
  }
  through(name: string): boolean {
    for (const z of this.zones) if (isSubDomain(z, name)) return true;
    return false;
  }
  get set(): boolean {
    return this.zones.length > 0;
  }
}

/** plugin.OriginsFromArgsOrServerBlock. */
export function origins(args: string[], keys: string[]): string[] {
  return originsFromArgsOrServerBlock(args, keys);
}

export function dispenser(tokens: CoreToken[]): Dispenser {
  return new Dispenser(tokens);
}

/** A path as a plugin resolves it: absolute, else under `root`, else beside the Corefile. */
export function resolvePath(ctx: SetupContext, p: string): string {
  if (path.isAbsolute(p)) return p;
  if (ctx.root) return path.join(path.isAbsolute(ctx.root) ? ctx.root : path.join(path.dirname(ctx.env.corefilePath), ctx.root), p);
  return path.join(path.dirname(ctx.env.corefilePath), p);
}

export function qname(req: Request): string {
  return req.msg.question[0].name;
}

export function qtypeText(req: Request): string {
  return typeName(req.msg.question[0].type);
}

/** The plugin zone a name falls in (longest), or undefined. */
export function zoneOf(zones: readonly string[], name: string): string | undefined {
  return matchZone(zones, name);
}

export function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}
