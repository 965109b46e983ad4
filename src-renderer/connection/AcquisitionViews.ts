/**
 * Live views of acquisitions, kept across reconnects: each view remembers the next sample it needs, and
 * after every (re)connect asks again with `from_sample`, so the client resumes with no gap and no
 * duplicate. Plain class, no React.
 */
import type { AcquisitionStreamStartedMessage } from '../../shared/protocol/acquisition';
import type { ConnectionManager } from './ConnectionManager';

export interface AcquisitionViewSpec {
  acquisition_id: string;
  interval_ms?: number;
  num_samples?: number;
}

interface View {
  spec: AcquisitionViewSpec;
  /** Index of the first sample not yet received; undefined until the first window arrives. */
  nextSample: number | undefined;
  streamId: number | undefined;
}

export class AcquisitionViews {
  readonly #connection: ConnectionManager;
  readonly #views = new Map<string, View>();
  readonly #byStreamId = new Map<number, string>();

  constructor(connection: ConnectionManager) {
    this.#connection = connection;
    connection.handlers.on('acquisition_stream', (m) => {
      const view = this.#views.get(m.acquisition_id);
      if (view && m.data) view.nextSample = m.data.first_sample + m.data.count;
    });
    connection.handlers.on('acquisition_stream_stopped', (m) => {
      this.#byStreamId.delete(m.stream_id);
      // The server ended it (the capture finished or was deleted): nothing to resume.
      if (m.reason) this.#views.delete(m.acquisition_id);
    });
    connection.onStateChange((state) => {
      if (state !== 'open') {
        this.#byStreamId.clear();
        return;
      }
      for (const view of this.#views.values())
        void this.#request(view).catch(() => this.#views.delete(view.spec.acquisition_id));
    });
  }

  /** Which acquisition a binary frame's stream id belongs to on the current session. */
  acquisitionOf(streamId: number): string | undefined {
    return this.#byStreamId.get(streamId);
  }

  isViewing(acquisitionId: string): boolean {
    return this.#views.has(acquisitionId);
  }

  async start(spec: AcquisitionViewSpec): Promise<AcquisitionStreamStartedMessage> {
    const view: View = { spec, nextSample: undefined, streamId: undefined };
    this.#views.set(spec.acquisition_id, view);
    try {
      return await this.#request(view);
    } catch (err) {
      this.#views.delete(spec.acquisition_id);
      throw err;
    }
  }

  async stop(acquisitionId: string): Promise<void> {
    const view = this.#views.get(acquisitionId);
    this.#views.delete(acquisitionId);
    if (view?.streamId !== undefined) this.#byStreamId.delete(view.streamId);
    if (this.#connection.state === 'open')
      await this.#connection.request({ type: 'stop_acquisition_stream', acquisition_id: acquisitionId });
  }

  async #request(view: View): Promise<AcquisitionStreamStartedMessage> {
    const started = await this.#connection.request<AcquisitionStreamStartedMessage>({
      type: 'start_acquisition_stream',
      ...view.spec,
      ...(view.nextSample !== undefined ? { from_sample: view.nextSample } : {}),
    });
    view.streamId = started.stream_id;
    this.#byStreamId.set(started.stream_id, view.spec.acquisition_id);
    return started;
  }
}
