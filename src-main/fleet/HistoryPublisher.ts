/**
 * Puts a bench's history records into its JetStream stream as core NATS publishes with the record's
 * `bench-seq` as `Nats-Msg-Id` — the stream captures them and drops a re-sent id within its duplicate
 * window — and audits what was stored once a period (StoreAudit) instead of awaiting a PubAck per record.
 * A JetStream publish is a request: a reply inbox, a timer and a promise per record in the agent and an
 * acknowledgement message per record through the broker, at 2,200 records a second for 20 benches; the
 * audit is one stream-info request per bench per period.
 */
import type { JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { HistoryRecord } from '../../shared/protocol/index.js';
import type { Logger } from '../util/index.js';
import { CoalescedPublisher } from './CoalescedPublisher.js';
import { StoreAudit } from './StoreAudit.js';
import { historyStreamName } from './subjects.js';

export class HistoryPublisher {
  readonly #nc: NatsConnection;
  readonly #jsm: JetStreamManager;
  readonly #bench: string;
  readonly #log: Logger;
  readonly #audit: StoreAudit;
  readonly #out: CoalescedPublisher;
  readonly #onRefused: (err: Error) => void;
  #checking = false;

  /** @param streamSeq the bench stream's last sequence now (its state when the agent starts). */
  constructor(options: {
    nc: NatsConnection;
    jsm: JetStreamManager;
    bench: string;
    log: Logger;
    streamSeq: number;
  }) {
    this.#nc = options.nc;
    this.#jsm = options.jsm;
    this.#bench = options.bench;
    this.#log = options.log;
    this.#audit = new StoreAudit(options.streamSeq);
    this.#out = CoalescedPublisher.of(options.nc);
    this.#onRefused = (err) => {
      this.#audit.refused();
      this.#log.debug(`bench ${this.#bench}: history record refused: ${err.message}`);
    };
  }

  /** Records not stored (each is a seq gap its readers mark); known within two audit periods. */
  get failures(): number {
    return this.#audit.failures;
  }

  /** Sends one record on `subject`; never waits (a slow or absent broker must not hold the instruments). */
  publish(subject: string, record: HistoryRecord): void {
    const h = headers();
    h.set('Nats-Msg-Id', `${record.bench}-${record.seq}`);
    this.#audit.sent();
    // While the connection is away the client drops what it had not written (it resets its buffer on each
    // reconnect attempt), as a JetStream publish timed out before: the audit counts those, readers mark them.
    this.#out.publish(subject, JSON.stringify(record), h, this.#onRefused);
  }

  /** Asks the stream how far it got; at most one question in flight (a broker away answers none). */
  async check(): Promise<void> {
    if (this.#checking || this.#nc.isClosed()) return;
    this.#checking = true;
    try {
      const info = await this.#jsm.streams.info(historyStreamName(this.#bench));
      this.#audit.stored(info.state.last_seq);
    } catch (err) {
      this.#log.debug(`bench ${this.#bench}: history audit: ${(err as Error).message}`);
    } finally {
      this.#checking = false;
    }
  }
}
