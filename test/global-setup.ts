/** Builds the cloud-function bundles once before the suites: function tests run what gets deployed. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default function globalSetup(): void {
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.js')], { stdio: 'inherit', env: { ...process.env, QUIET_BUILD: '1' } });
}
