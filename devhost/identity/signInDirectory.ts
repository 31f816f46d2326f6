// Where the sign-in page finds people. devhost is generic and never opens an app's database, so
// the app provides a module (setting DEVHOST_SIGNIN_DIRECTORY, a path relative to the app folder)
// that devhost loads after the app, in the same process: it shares the app's services.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export interface SignInPerson {
  /** stable id: becomes the token's sub and oid */
  subject: string;
  email: string;
  displayName: string;
  jobTitle?: string;
  /** e.g. the company, shown on the page */
  organisation?: string;
  roles: string[];
  /** the `group` claim, for people who hold a role group-wide */
  group?: string;
  /** false for leavers: not listed, but a token can be minted for them (the API refuses it) */
  active: boolean;
}

export interface SignInDirectory {
  /** the page's sections, in order */
  roles: string[];
  search(query: { text?: string; role?: string; limit: number }): Promise<SignInPerson[]>;
  find(email: string): Promise<SignInPerson | undefined>;
}

export function loadSignInDirectory(
  appDir: string,
  setting: string | undefined,
): SignInDirectory | undefined {
  if (!setting) return undefined;
  const path = resolve(appDir, setting);
  if (!existsSync(path))
    throw new Error(`DEVHOST_SIGNIN_DIRECTORY: ${path} does not exist (build the app first).`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by a setting, like the app itself
  const loaded = require(path) as { signInDirectory?: Partial<SignInDirectory> };
  const directory = loaded.signInDirectory;
  if (
    !directory ||
    !Array.isArray(directory.roles) ||
    typeof directory.search !== 'function' ||
    typeof directory.find !== 'function'
  ) {
    throw new Error(
      `DEVHOST_SIGNIN_DIRECTORY: ${path} must export signInDirectory = { roles, search(query), find(email) }.`,
    );
  }
  return directory as SignInDirectory;
}
