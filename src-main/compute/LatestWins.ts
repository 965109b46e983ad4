/**
 * Per key (an instrument), at most one job running and one waiting: a job submitted while one runs takes
 * the waiting place, and a waiting job it replaces is never run. Whoever submitted the replaced job is
 * answered with the newer job's outcome instead — the freshest result there is, no later than their own
 * would have been — so nothing waits in a growing queue and no caller is left hanging. Jobs of one key
 * run one after another, so their outcomes arrive in submission order: an older record's result can
 * never land after a newer one's.
 */

/** A settled job: which job's result this is (the one submitted, or the newer one that replaced it). */
export interface Outcome<J, R> {
  job: J;
  result: R;
}

interface Entry<J, R> {
  job: J;
  resolve: (outcome: Outcome<J, R>) => void;
  reject: (err: unknown) => void;
}

interface Lane<J, R> {
  running: boolean;
  waiting: Entry<J, R> | undefined;
}

export class LatestWins<J, R> {
  readonly #run: (job: J) => Promise<R>;
  readonly #lanes = new Map<string, Lane<J, R>>();
  #replaced = 0;

  readonly #onReplaced: (job: J) => void;

  /**
   * `run` does one job; it is called for one job per key at a time. `onReplaced` hears of a job that was
   * replaced while waiting (it will never run), to free what it holds.
   */
  constructor(run: (job: J) => Promise<R>, onReplaced: (job: J) => void = () => {}) {
    this.#run = run;
    this.#onReplaced = onReplaced;
  }

  /** Jobs replaced while waiting, since construction (for statistics and benchmarks). */
  get replaced(): number {
    return this.#replaced;
  }

  /** Jobs running or waiting, across keys (for tests). */
  get pending(): number {
    let n = 0;
    for (const lane of this.#lanes.values()) n += (lane.running ? 1 : 0) + (lane.waiting ? 1 : 0);
    return n;
  }

  submit(key: string, job: J): Promise<Outcome<J, R>> {
    return new Promise((resolve, reject) => {
      const entry: Entry<J, R> = { job, resolve, reject };
      let lane = this.#lanes.get(key);
      if (lane === undefined) this.#lanes.set(key, (lane = { running: false, waiting: undefined }));
      if (!lane.running) return this.#start(key, lane, entry);
      const replaced = lane.waiting;
      if (replaced === undefined) {
        lane.waiting = entry;
        return;
      }
      this.#replaced++;
      this.#onReplaced(replaced.job);
      // The replaced caller follows the newer job: same outcome, same moment.
      lane.waiting = {
        job,
        resolve: (outcome) => {
          replaced.resolve(outcome);
          resolve(outcome);
        },
        reject: (err) => {
          replaced.reject(err);
          reject(err);
        },
      };
    });
  }

  #start(key: string, lane: Lane<J, R>, entry: Entry<J, R>): void {
    lane.running = true;
    let started: Promise<R>;
    try {
      started = this.#run(entry.job);
    } catch (err) {
      started = Promise.reject(err);
    }
    started
      .then(
        (result) => entry.resolve({ job: entry.job, result }),
        (err: unknown) => entry.reject(err),
      )
      .finally(() => {
        const next = lane.waiting;
        lane.waiting = undefined;
        lane.running = false;
        if (next !== undefined) this.#start(key, lane, next);
        else this.#lanes.delete(key);
      });
  }
}
