import { DataFolderInUse } from '../db/client.ts';

/** A command-line tool that cannot open the database: a folder in use is said plainly, not as a stack trace. */
export function cannotConnect(error: unknown): never {
  if (error instanceof DataFolderInUse) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
