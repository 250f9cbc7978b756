import { execFileSync } from 'node:child_process';

/** Tests that start `bin/tessera` as a process need a fresh build of the sources under test. */
export default function setup(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
}
