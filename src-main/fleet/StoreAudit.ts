/**
 * Counts a bench's history records that the broker did not store, without an acknowledgement per record.
 * Records go out as core NATS publishes (the history stream captures them); once a second the agent asks
 * the stream for its last sequence. Only this bench publishes into its stream and a duplicate is not
 * stored, so the stream's sequence advances by exactly one per record stored: whatever was sent a check
 * earlier (at least a presence period ago, time enough to be stored) but is not counted by the stream was
 * lost — a seq gap its readers mark. Pure: no timers, no I/O.
 */
export class StoreAudit {
  /** Records handed to the connection since the baseline. */
  #sent = 0;
  /** `#sent` when the previous check's answer came: what the broker has had a whole period to store. */
  #due = 0;
  /** The stream's last sequence the counting starts from. */
  #baseStreamSeq: number;
  /** The stream's last sequence at the previous check, to notice a stream made again from nothing. */
  #lastStreamSeq: number;
  /** Losses counted before a re-baseline. */
  #carried = 0;
  #missing = 0;
  #refused = 0;

  /** @param streamSeq the stream's last sequence when the agent starts publishing. */
  constructor(streamSeq: number) {
    this.#baseStreamSeq = streamSeq;
    this.#lastStreamSeq = streamSeq;
  }

  /** One record handed to the connection. */
  sent(): void {
    this.#sent++;
  }

  /** One record given to `sent()` that the connection then refused (closed, too large): lost, counted now. */
  refused(): void {
    this.#sent--;
    this.#refused++;
  }

  /** A check's answer: the stream's last sequence now. */
  stored(streamSeq: number): void {
    if (streamSeq < this.#lastStreamSeq) {
      // The stream was deleted and made again: its sequence restarted. Count afresh from here; records in
      // flight across that are neither blamed nor credited.
      this.#carried += this.#missing;
      this.#missing = 0;
      this.#baseStreamSeq = streamSeq;
      this.#sent = 0;
      this.#due = 0;
    } else {
      // Records sent a period ago and still not in the stream: lost. Later records do not fill a loss, so
      // the newest answer is the best count (an answer behind a busy broker catches up by the next one).
      this.#missing = Math.max(0, this.#due - (streamSeq - this.#baseStreamSeq));
    }
    this.#lastStreamSeq = streamSeq;
    this.#due = this.#sent;
  }

  /** Records not stored: refused by the connection, or sent and never counted by the stream. */
  get failures(): number {
    return this.#refused + this.#carried + this.#missing;
  }
}
