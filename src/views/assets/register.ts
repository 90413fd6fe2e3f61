import * as vscode from 'vscode';
import { normalizeFolderPrefix, type GalleryRecord } from '../../core/gallery';
import { altTextFrom, formatImageLink, relativeLinkPath } from '../../core/insert-link';
import type { Services } from '../../services';
import { workspaceRelativePath } from '../../workspace/files';
import { AssetsTreeProvider, type AssetNode } from './assets-tree';

const VIEW_ID = 'pictor.assetsView';

/** The Assets view and its commands (search, filters, sort, and actions on an image). */
export function registerAssetsView(services: Services): vscode.Disposable[] {
  const provider = new AssetsTreeProvider(services.gallery);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const describe = () => {
    const parts = [
      provider.filters.text ? `"${provider.filters.text}"` : '',
      provider.filters.model ? `model ${provider.filters.model}` : '',
      provider.filters.preset ? `preset ${provider.filters.preset}` : '',
      provider.filters.folder ? `in ${provider.filters.folder}` : '',
    ].filter(Boolean);
    const count = provider.lastCount;
    view.description = provider.sort === 'oldest' ? 'oldest first' : undefined;
    view.message = parts.length ? `Showing ${count?.total ?? '…'} of ${count?.all ?? '…'} matching ${parts.join(', ')}` : count?.all === 0 ? 'No images with a Pictor sidecar yet.' : undefined;
    void vscode.commands.executeCommand('setContext', 'pictor.assets.filtered', parts.length > 0);
    void vscode.commands.executeCommand('setContext', 'pictor.assets.sort', provider.sort);
  };
  const update = () => {
    provider.refresh();
    describe();
  };
  const record = (node?: AssetNode): GalleryRecord | undefined => (node?.kind === 'asset' ? node.record : undefined);
  const uriOf = (node?: AssetNode) => {
    const r = record(node);
    return r ? vscode.Uri.parse(r.imageKey) : undefined;
  };
  const onImage = (command: string) => (node?: AssetNode) => {
    const uri = uriOf(node);
    return uri ? vscode.commands.executeCommand(command, uri) : undefined;
  };
  void vscode.commands.executeCommand('setContext', 'pictor.assets.sort', provider.sort);

  return [
    provider,
    view,
    provider.onDidCount(describe),
    vscode.commands.registerCommand('pictor.assets.search', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Search Assets',
        prompt: 'Words in the prompt, the effective prompt or the file path (empty shows everything)',
        value: provider.filters.text ?? '',
      });
      if (text === undefined) return;
      provider.filters = { ...provider.filters, text: text.trim() || undefined };
      update();
    }),
    vscode.commands.registerCommand('pictor.assets.filter', () => pickFilter(services, provider).then((picked) => picked && update())),
    vscode.commands.registerCommand('pictor.assets.clearFilters', () => {
      provider.filters = {};
      update();
    }),
    vscode.commands.registerCommand('pictor.assets.sortNewest', () => {
      provider.sort = 'newest';
      update();
    }),
    vscode.commands.registerCommand('pictor.assets.sortOldest', () => {
      provider.sort = 'oldest';
      update();
    }),
    vscode.commands.registerCommand('pictor.assets.showMore', () => provider.showMore()),
    vscode.commands.registerCommand('pictor.assets.open', onImage('vscode.open')),
    vscode.commands.registerCommand('pictor.assets.reveal', onImage('revealInExplorer')),
    vscode.commands.registerCommand('pictor.assets.edit', onImage('pictor.editImage')),
    vscode.commands.registerCommand('pictor.assets.variations', onImage('pictor.generateVariations')),
    vscode.commands.registerCommand('pictor.assets.copyMarkdownLink', async (node?: AssetNode) => {
      const r = record(node);
      if (!r) return undefined;
      const link = markdownLinkFor(r);
      await vscode.env.clipboard.writeText(link);
      void vscode.window.setStatusBarMessage('Pictor: Markdown link copied', 3000);
      return link;
    }),
  ];
}

/** Relative to the active Markdown document when there is one, else to the workspace folder. */
function markdownLinkFor(record: GalleryRecord): string {
  const image = vscode.Uri.parse(record.imageKey);
  const editor = vscode.window.activeTextEditor;
  const sameFolder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri)?.uri.toString() === vscode.workspace.getWorkspaceFolder(image)?.uri.toString();
  const path = sameFolder
    ? relativeLinkPath(workspaceRelativePath(editor.document.uri).split('/').slice(0, -1).join('/'), record.relativePath)
    : record.relativePath;
  return formatImageLink('markdown', path, altTextFrom(record.prompt));
}

/** Filter by model, preset or folder, with the values the gallery holds. */
async function pickFilter(services: Services, provider: AssetsTreeProvider): Promise<boolean> {
  const all = await services.gallery.all();
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Model', value: 'model' as const, description: provider.filters.model },
      { label: 'Preset', value: 'preset' as const, description: provider.filters.preset },
      { label: 'Folder', value: 'folder' as const, description: provider.filters.folder },
      { label: 'Clear All Filters', value: 'clear' as const },
    ],
    { title: 'Filter Assets' },
  );
  if (!kind) return false;
  if (kind.value === 'clear') {
    provider.filters = {};
    return true;
  }
  const values = new Map<string, number>();
  for (const r of all) {
    const value = kind.value === 'model' ? r.model : kind.value === 'preset' ? (r.preset ?? 'blank') : r.relativePath.split('/').slice(0, -1).join('/');
    values.set(value, (values.get(value) ?? 0) + 1);
  }
  const items = [{ label: `Any ${kind.label.toLowerCase()}`, value: undefined as string | undefined }].concat(
    [...values].sort((a, b) => b[1] - a[1]).map(([value, n]) => ({ label: value || '(workspace root)', value, description: `${n} image(s)` })),
  );
  const picked = await vscode.window.showQuickPick(items, { title: `Filter Assets by ${kind.label}` });
  if (!picked) return false;
  const value = kind.value === 'folder' && picked.value !== undefined ? normalizeFolderPrefix(picked.value) || undefined : picked.value;
  provider.filters = { ...provider.filters, [kind.value]: value };
  return true;
}
