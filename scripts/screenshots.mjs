// npm run screenshots: refreshes the README's pictures in media/screenshots on purpose. It runs the UI
// tests with PICTOR_SCREENSHOTS_DIR pointing there; a plain `npm test` saves them to .tmp/screenshots.
import { repoRoot, run } from './lib/proc.mjs';

const env = { ...process.env, PICTOR_SCREENSHOTS_DIR: 'media/screenshots' };
const code = await run(process.execPath, ['scripts/test.mjs', '--e2e'], { env, cwd: repoRoot });
if (code === 0) console.log('media/screenshots refreshed: review them with `git diff --stat media/screenshots` before committing.');
process.exit(code);
