/** The backend's event log (issue 18): what every client sees as history. */
export { DEFAULT_JOURNAL_CAPACITY, EventJournal, JOURNAL_FILE_NAME } from './EventJournal.js';
export type { EventJournalOptions, JournalFilter, JournalEntry, JournalStats } from './EventJournal.js';
export {
  type ChangeActor,
  describeActor,
  type SettingChange,
  settingChangedEvent,
} from './recordedEvents.js';
