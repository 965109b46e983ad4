/** `SYST:ERR?`, `:SYSTem:ERRor:NEXT?` and the other spellings of the error-queue query. */
const ERROR_QUERY = /^:?SYST(?:EM)?:ERR(?:OR)?(?::NEXT)?\?$/i;

/** True when `command` reads the instrument's error queue. */
export function isErrorQuery(command: string): boolean {
  return ERROR_QUERY.test(command.trim());
}
