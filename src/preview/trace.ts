/** What happened to a query, step by step, for the trace the preview prints. */
export type StepKind =
  /** Plugin with no effect on answers. */
  | 'passive'
  /** Not for this name/type: passed to the next plugin. */
  | 'pass'
  /** Wrote the reply. */
  | 'answer'
  /** Returned an error rcode (the server writes it). */
  | 'error'
  /** Changed the request or the reply on its way. */
  | 'modify'
  /** Cannot be reproduced offline. */
  | 'undetermined'
  | 'forward'
  | 'note';

export interface TraceStep {
  plugin: string;
  kind: StepKind;
  text: string;
  /** Nesting: 0 for the query itself, 1+ inside self-lookups. */
  depth: number;
}

export class Trace {
  readonly steps: TraceStep[] = [];
  depth = 0;
  constructor(readonly on = true) {}

  step(plugin: string, kind: StepKind, text: string): void {
    if (this.on) this.steps.push({ plugin, kind, text, depth: this.depth });
  }
}
