/**
 * Setups: named setups saved to and recalled from `<dataDir>/setups/`, the working setup restored at
 * start-up with outputs off, and the section seam other rooms contribute through. See docs/ARCHITECTURE.md,
 * "Setups".
 */
export { describeCounts, type Requester, SetupService, type SetupServiceOptions } from './SetupService.js';
export { SetupError, type SetupErrorCode } from './SetupError.js';
export { alarmsSection, type AlarmDefinitions } from './alarmsSection.js';
export { layoutSection, type SectionReport, type SetupSection, streamsSection } from './SetupSection.js';
export {
  captureSettings,
  OUTPUTS_LEFT_OFF,
  planRecall,
  refuseValue,
  type SettingsPlan,
} from './settingsPlan.js';
export { parseSetupText, type SetupFile, type SetupInstrument } from './setupFile.js';
export { WORKING_SETUP_FILE } from './WorkingSetup.js';
