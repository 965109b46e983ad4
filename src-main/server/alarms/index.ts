/** Alarms on the wire: the commands of docs/PROTOCOL.md, "Alarms". */
export { type AlarmCommandContext, handleAlarmCommand } from './alarmCommands.js';
