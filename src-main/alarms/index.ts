/**
 * Alarms (issue 18): limits on readings and measurements, judged in the backend on every sample, recorded
 * as events and in overlapping captures, acting on the bench. See docs/ARCHITECTURE.md, "Alarms".
 */
export {
  ALARM_STREAM_OWNER,
  AlarmEngine,
  type AlarmEngineOptions,
  MAX_ALARMS,
  type ReplaceReport,
} from './AlarmEngine.js';
export { AlarmError } from './AlarmError.js';
export { AlarmEvaluator, type AlarmTransition, type EvaluatorState } from './AlarmEvaluator.js';
export { ALARMS_FILE_NAME } from './alarmFile.js';
