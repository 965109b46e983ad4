/**
 * A bench that cannot be used, said once and precisely: which file (or other source), where in it (a JSON
 * path such as `instruments[1].options.port`), and why. Start-up stops on it; nothing is left running.
 */
export class BenchFileError extends Error {
  override name = 'BenchFileError';
  constructor(
    /** The file, or a description of where the bench came from ("the default bench"). */
    readonly source: string,
    /** JSON path inside it; undefined when the problem is the file as a whole. */
    readonly jsonPath: string | undefined,
    readonly reason: string,
  ) {
    super(`bench file ${source}: ${jsonPath === undefined ? '' : `${jsonPath}: `}${reason}`);
  }
}
