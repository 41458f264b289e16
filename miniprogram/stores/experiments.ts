import { makeAutoObservable, runInAction } from 'mobx-miniprogram';
import { call, errorCodeOf } from '../api/client';

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
    const request = call('analytics.assign', { experimentKey })
      .then(({ variant }) => {
        runInAction(() => {
          this.variants = { ...this.variants, [experimentKey]: variant };
          this.failed = this.failed.filter((k) => k !== experimentKey);
        });
        return variant;
      })
      .catch((err: unknown) => {
        console.warn(`[experiments] ${experimentKey}: no variant (${errorCodeOf(err)})`);
        runInAction(() => {
          if (!this.failed.includes(experimentKey)) this.failed = [...this.failed, experimentKey];
        });
        return null;
      })
      .finally(() => {
        this.asking.delete(experimentKey);
      });
    this.asking.set(experimentKey, request);
    return request;
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
