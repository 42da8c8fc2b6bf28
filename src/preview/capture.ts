import type { Msg } from './dns/message.js';
import type { Writer } from './types.js';

/** A writer that keeps the message instead of sending it (plugin/pkg/nonwriter). */
export class Capture implements Writer {
  msg: Msg | undefined;
  write(m: Msg): void {
    this.msg = m;
  }
}
