/**
 * The setups folder: one `<name>.json` per setup, written atomically (a crash leaves the old file or the
 * new one). Names are checked before they become paths, so no name reaches outside the folder.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setupNameSchema } from '../../shared/protocol/index.js';
import { isTempFileName, writeFileAtomic, type Logger } from '../util/index.js';
import { SetupError } from './SetupError.js';
import { parseSetupText, setupText, type SetupFile } from './setupFile.js';

export const SETUPS_FOLDER = 'setups';

export class SetupStore {
  readonly #dirPath: string;
  readonly #log: Logger;

  constructor(dataDir: string, log: Logger) {
    this.#dirPath = path.join(dataDir, SETUPS_FOLDER);
    this.#log = log;
  }

  get dirPath(): string {
    return this.#dirPath;
  }

  /** Every readable setup, by name; a file that cannot be read is logged and left out (never deleted). */
  async list(): Promise<SetupFile[]> {
    let names: string[];
    try {
      names = await readdir(this.#dirPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const files: SetupFile[] = [];
    for (const fileName of names.sort()) {
      if (!fileName.endsWith('.json') || isTempFileName(fileName)) continue;
      try {
        files.push(await this.read(fileName.slice(0, -'.json'.length)));
      } catch (err) {
        this.#log.warn(`setups: ${fileName} left out of the list: ${(err as Error).message}`);
      }
    }
    return files;
  }

  async read(name: string): Promise<SetupFile> {
    const filePath = this.#pathOf(name);
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new SetupError('not_found', `no setup named "${name}"`, { name });
      }
      throw new SetupError('storage_error', `cannot read setup "${name}": ${(err as Error).message}`);
    }
    return parseSetupText(text, `setup file ${path.basename(filePath)}`);
  }

  /** The stored text of a setup (what `export_setup` hands out), checked first. */
  async text(name: string): Promise<string> {
    return setupText(await this.read(name));
  }

  async write(file: SetupFile): Promise<void> {
    const filePath = this.#pathOf(file.name);
    try {
      await mkdir(this.#dirPath, { recursive: true });
      await writeFileAtomic(filePath, setupText(file));
    } catch (err) {
      throw new SetupError('storage_error', `cannot save setup "${file.name}": ${(err as Error).message}`);
    }
  }

  async delete(name: string): Promise<void> {
    const filePath = this.#pathOf(name);
    try {
      await rm(filePath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new SetupError('not_found', `no setup named "${name}"`, { name });
      }
      throw new SetupError('storage_error', `cannot delete setup "${name}": ${(err as Error).message}`);
    }
  }

  #pathOf(name: string): string {
    const checked = setupNameSchema.safeParse(name);
    if (!checked.success) {
      throw new SetupError(
        'invalid_message',
        `invalid setup name "${name}": ${checked.error.issues[0]?.message}`,
      );
    }
    return path.join(this.#dirPath, `${checked.data}.json`);
  }
}
