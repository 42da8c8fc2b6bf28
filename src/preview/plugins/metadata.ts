/**
 * coredns/coredns:plugin/metadata. In CoreDNS the server collects the values
 * of every metadata provider in the block before the view filter and the
 * chain run; later plugins (template `.Meta`, view `metadata()`, rewrite
 * `edns0 {label}`) read them. The preview models the providers it can
 * compute offline (`view/name`); other labels read as empty and the trace
 * says so.
 */
import { norm } from '../dns/names.js';
import type { Msg } from '../dns/message.js';
import type { PluginModule, Request, SetupContext } from '../types.js';
import { dispenser, origins, zoneOf } from './common.js';

/** What the plugins of one server block share: the metadata zones and the providers' static values. */
interface BlockMeta {
  /** Zones of the block's `metadata` directive; undefined = the block has none (nothing is collected). */
  zones?: string[];
  providers: Map<string, string>;
}

/*
 * Every plugin of a block is set up with the same `keys` array, which makes
 * it a handle on the block without a wider engine interface.
 */
const blocks = new WeakMap<object, BlockMeta>();

export function blockMeta(ctx: SetupContext): BlockMeta {
  let b = blocks.get(ctx.keys);
  if (!b) {
    b = { providers: new Map() };
    blocks.set(ctx.keys, b);
  }
  return b;
}

/** Values collected for a request (keyed by the request message, which rewrite edits in place). */
const collected = new WeakMap<Msg, Map<string, string>>();

/** metadata.Collect: only when the block has `metadata` and the name is in its zones. */
export function collect(b: BlockMeta, msg: Msg): Map<string, string> | undefined {
  if (!b.zones) return undefined;
  const name = norm(msg.question[0]?.name ?? '.');
  if (!zoneOf(b.zones, name)) return undefined;
  const values = new Map(b.providers);
  collected.set(msg, values);
  return values;
}

/** metadata.ValueFunc(ctx, label)(): '' when nothing provides it. */
export function metadataValue(req: Request, label: string): string {
  const v = collected.get(req.msg)?.get(label);
  if (v === undefined && req.trace.on) req.trace.step('metadata', 'note', `metadata "${label}" is empty here (not collected, or a provider the preview does not model)`);
  return v ?? '';
}

export const metadata: PluginModule = {
  name: 'metadata',
  setup(ctx) {
    const d = dispenser(ctx.tokens);
    d.next();
    const b = blockMeta(ctx);
    b.zones = origins(d.remainingArgs(), ctx.keys);
    return {
      handlers: [
        {
          name: 'metadata',
          serve(req, w, next) {
            // The server collects for the block it tries (server.go ServeDNS); the chosen block's values are the ones that count.
            const got = collect(b, req.msg);
            if (req.trace.on) {
              req.trace.step(
                'metadata',
                got ? 'note' : 'pass',
                got ? `metadata collected: ${[...got].map(([k, v]) => `${k}=${v}`).join(', ') || 'no modelled provider in this block'}` : 'name outside the metadata zones: nothing collected',
              );
            }
            return next(req, w);
          },
        },
      ],
    };
  },
};
