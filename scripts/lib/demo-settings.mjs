// User settings of the demo (npm start): the same quiet workbench the UI tests use, so the demo shows
// Pictor rather than VS Code's own AI chat, and the sample workspace inside this repository does not
// raise Git's "open the parent repository?" prompt.

/** @param {{ baseUrl?: string }} options  baseUrl: the fake Gemini server's URL, when the demo uses it */
export function demoUserSettings({ baseUrl } = {}) {
  return {
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'git.openRepositoryInParentFolders': 'never',
    ...(baseUrl ? { 'pictor.api.baseUrl': baseUrl } : {}),
  };
}
