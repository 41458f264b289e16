import { makeAutoObservable } from 'mobx-miniprogram';
import { call } from '../api/client';
import { request } from './request';

/**
 * A/B experiments (`analytics.assign`): the server buckets the user and logs the first assignment, so
 * reports split by variant. A variant is asked once per session (app run) and kept here; tracked events
 * carry every variant known so far.
 */
export class ExperimentsStore {
  /** `{experimentKey: variant}` of the assignments answered this session. */
  variants: Record<string, string> = {};
  /** Keys whose assignment failed this session: pages fall back to their control layout. */
  failed: string[] = [];
  private asking = new Map<string, Promise<string | null>>();

  constructor() {
    makeAutoObservable<ExperimentsStore, 'asking'>(this, { asking: false }, { autoBind: true });
  }

  /**
   * The user's variant of `experimentKey`, asked once per session (concurrent callers share the call).
   * Resolves null when it cannot be had; a later call asks again.
   */
  assign(experimentKey: string): Promise<string | null> {
    const known = this.variants[experimentKey];
    if (known !== undefined) return Promise.resolve(known);
    const asking = this.asking.get(experimentKey);
    if (asking) return asking;
    const pending = request(() => call('analytics.assign', { experimentKey }), {
      done: ({ variant }) => {
        this.variants = { ...this.variants, [experimentKey]: variant };
        this.failed = this.failed.filter((k) => k !== experimentKey);
      },
      failed: (code) => {
        console.warn(`[experiments] ${experimentKey}: no variant (${code})`);
        if (!this.failed.includes(experimentKey)) this.failed = [...this.failed, experimentKey];
      },
    }).then((outcome) => {
      this.asking.delete(experimentKey);
      return outcome.ok ? outcome.value.variant : null;
    });
    this.asking.set(experimentKey, pending);
    return pending;
  }

  /** `true` once `experimentKey` has a variant or failed to get one: the page may draw its layout. */
  settled(experimentKey: string): boolean {
    return this.variants[experimentKey] !== undefined || this.failed.includes(experimentKey);
  }

  /** Forgets every assignment (tests; a new session starts with none). */
  reset(): void {
    this.variants = {};
    this.failed = [];
    this.asking.clear();
  }
}

export const experiments = new ExperimentsStore();
