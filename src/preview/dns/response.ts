import type { Msg } from './message.js';
import { RCODE, T } from './rr.js';

/** coredns/coredns:plugin/pkg/response Type. */
export type ResponseType = 'NoError' | 'NameError' | 'ServerError' | 'NoData' | 'Delegation' | 'Meta' | 'Update' | 'OtherError';

/** response.Typify (without DNSSEC signature expiry). */
export function typify(m: Msg | undefined): ResponseType {
  if (!m) return 'OtherError';
  if (m.opcode === 5) return 'Update';
  if (m.opcode === 4) return 'Meta';
  const qt = m.question[0]?.type;
  if (qt === T.AXFR || qt === T.IXFR) return 'Meta';
  if (m.answer.length > 0 && m.rcode === RCODE.NOERROR) return 'NoError';
  if (m.answer.length > 0 && m.rcode === RCODE.NXDOMAIN) return 'OtherError';
  let soa = false;
  let ns = 0;
  for (const r of m.ns) {
    if (r.type === T.SOA) soa = true;
    else if (r.type === T.NS) ns++;
  }
  if (soa && m.rcode === RCODE.NOERROR) return 'NoData';
  if (m.rcode === RCODE.NXDOMAIN) return 'NameError';
  if (m.rcode === RCODE.SERVFAIL || m.rcode === RCODE.NOTIMP) return 'ServerError';
  if (ns > 0 && m.rcode === RCODE.NOERROR) return 'Delegation';
  if (m.rcode === RCODE.NOERROR) return 'NoError';
  return 'OtherError';
}

/** response.Classify: Denial for NameError/NoData, Error for the error types. */
export function classify(t: ResponseType): 'Success' | 'Denial' | 'Error' {
  if (t === 'NoError' || t === 'Delegation') return 'Success';
  if (t === 'NameError' || t === 'NoData') return 'Denial';
  return 'Error';
}
