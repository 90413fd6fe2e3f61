/** The CLI's help texts (`pictor --help`, `pictor <command> --help`). */

const COMMON = `Common options:
  --root FOLDER      the folder Pictor may read and write (default: the working directory)
  --json             print the result as JSON on stdout: { "images": [{ "path", "sidecar" }] }
                     or { "error": { "code", "message" } }
  --verbose          progress and request details on stderr
  -h, --help         this help

Environment:
  GEMINI_API_KEY           the Gemini API key (GOOGLE_API_KEY is read too)
  GOOGLE_GEMINI_BASE_URL   another endpoint (a proxy); the key is sent to that origin only
  PICTOR_BUDGET_MONTHLY_USD  refuse runs that would pass this month's spending (ledger in
                           PICTOR_LEDGER_DIR, default ~/.local/state/pictor)

Exit codes: 0 success, 1 server, 2 badInput, 3 missingKey, 4 invalidKey, 5 quota, 6 blocked,
  7 noImage, 8 network, 9 budget, 130 cancelled.`;

export const HELP: Record<string, string> = {
  main: `Usage: pictor <command> [options]

Generate and edit image assets with Google's Gemini image models. Every image is saved with a
sidecar (name.png.json) that records how it was made; existing files are never replaced.

Commands:
  generate --prompt TEXT      make new images
  edit IMAGE --prompt TEXT    change an image (the result goes beside it)
  regenerate SIDECAR          send the request a sidecar records again
  batch submit MANIFEST       submit a .pictor-batch.jsonl manifest to the Batch API (half price)
  batch status NAME           a batch job's state
  batch download NAME         save a finished batch job's images

Run "pictor <command> --help" for a command's options.

${COMMON}`,
  generate: `Usage: pictor generate --prompt TEXT [options]

Options:
  -p, --prompt TEXT          what to make (required)
  -m, --model ID             a Gemini image model id (default: the catalog's default)
  -a, --aspect-ratio RATIO   1:1, 16:9, 9:16, 4:3, 3:4, 3:2, 2:3, 4:5, 5:4, 21:9, …
  -s, --image-size SIZE      1K, 2K or 4K (models that take a size)
  -n, --count N              images to make, 1–4 (default 1)
      --size WIDTHxHEIGHT    an exact size in pixels: the nearest aspect ratio is asked for, then the
                             image is scaled and cropped to it (such as 512x512, 1200x630)
      --thinking-level LEVEL minimal, low, medium or high (models that take one)
      --service-tier TIER    standard (default) or flex: half price, answers may take longer
                             (models that offer it)
      --preset ID            an asset kind such as app-icon, diagram, logo (or .pictor/presets.json)
      --field NAME=VALUE     a preset field (repeatable)
  -r, --reference IMAGE      a reference image inside the root (repeatable)
      --background transparent   a transparent PNG (two billed requests per image)
  -o, --out FOLDER           output folder relative to the root (default assets/generated)
  -f, --file-name NAME       file name without extension; taken names get -2, -3, …

${COMMON}`,
  edit: `Usage: pictor edit IMAGE --prompt TEXT [options]

Options:
  -p, --prompt TEXT          the change to make (required)
  -m, --model ID             a Gemini image model id
  -a, --aspect-ratio RATIO   the result's aspect ratio
  -s, --image-size SIZE      1K, 2K or 4K
  -n, --count N              versions to make, 1–4
      --thinking-level LEVEL minimal, low, medium or high (models that take one)
      --service-tier TIER    standard (default) or flex (models that offer it)
  -o, --out FOLDER           output folder relative to the root (default: beside IMAGE, as NAME.edit-N)

${COMMON}`,
  regenerate: `Usage: pictor regenerate SIDECAR [options]

SIDECAR is an image's sidecar (name.png.json) or the image itself. The new image goes beside it.

Options:
  -n, --count N              images to make, 1–4 (default 1)
  -m, --model ID             another model than the recorded one
      --allow-changed-inputs use recorded inputs that changed since

${COMMON}`,
  batch: `Usage: pictor batch submit MANIFEST [options]
       pictor batch status NAME
       pictor batch download NAME

Job records are kept in .pictor/batch/ under the root (keep it between the submit and download steps).

Options of submit:
      --display-name TEXT    the job's name in Google AI Studio
      --mode MODE            auto (default), inline or file
      --allow-duplicate      submit requests already submitted again

${COMMON}`,
};
