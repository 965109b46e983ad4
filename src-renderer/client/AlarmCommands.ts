/**
 * One bench's alarm commands. Every reply is an `alarms` message, which benchWiring already puts in the
 * store (replies are dispatched like pushes), so these only send and report refusals: a refused command
 * rejects with the backend's RequestError, whose message names what is wrong.
 */
import type { AlarmSpec, AlarmsMessage } from '../../shared/protocol/alarm';
import type { ConnectionManager } from '../connection/ConnectionManager';

export class AlarmCommands {
  readonly #connection: ConnectionManager;

  constructor(connection: ConnectionManager) {
    this.#connection = connection;
  }

  /** Asks for every definition and state (on each connect). Failures show in the status bar. */
  async refresh(): Promise<void> {
    try {
      await this.#connection.request<AlarmsMessage>({ type: 'list_alarms' });
    } catch {
      // A backend without alarms answers not_found; the panel then says alarms are unavailable.
    }
  }

  async define(alarm: AlarmSpec): Promise<void> {
    await this.#connection.request<AlarmsMessage>({ type: 'define_alarm', alarm });
  }

  async update(alarmId: string, alarm: AlarmSpec): Promise<void> {
    await this.#connection.request<AlarmsMessage>({ type: 'update_alarm', alarm_id: alarmId, alarm });
  }

  async remove(alarmId: string): Promise<void> {
    await this.#connection.request<AlarmsMessage>({ type: 'delete_alarm', alarm_id: alarmId });
  }

  async acknowledge(alarmId: string): Promise<void> {
    await this.#connection.request<AlarmsMessage>({ type: 'acknowledge_alarm', alarm_id: alarmId });
  }
}
