import * as vscode from 'vscode';
import type { GalleryQuery, GalleryRecord } from '../../core/gallery';
import { modelInfo } from '../../core/models';
import type { GalleryService } from '../../workspace/gallery';

/** Images listed at first; "Show more" adds this many again. */
export const ASSETS_PAGE = 200;

export type AssetFilters = Pick<GalleryQuery, 'text' | 'model' | 'preset' | 'folder'>;

export type AssetNode =
  | { kind: 'asset'; record: GalleryRecord; role?: 'parent' | 'child' }
  | { kind: 'more'; shown: number; total: number }
  | { kind: 'problems'; problems: Array<{ sidecarKey: string; message: string }> }
  | { kind: 'problem'; sidecarKey: string; message: string };

/** The Assets view: every Pictor image of the workspace, filtered and sorted, with its lineage. */
export class AssetsTreeProvider implements vscode.TreeDataProvider<AssetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AssetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  filters: AssetFilters = {};
  sort: 'newest' | 'oldest' = 'newest';
  private shown = ASSETS_PAGE;
  private readonly subscription: vscode.Disposable;
  /** Set after each listing: how many match and how many there are, for the view's message. */
  lastCount: { total: number; all: number } | undefined;
  private readonly counted = new vscode.EventEmitter<void>();
  readonly onDidCount = this.counted.event;

  constructor(private readonly gallery: GalleryService) {
    this.subscription = gallery.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(resetPaging = true): void {
    if (resetPaging) this.shown = ASSETS_PAGE;
    this.changed.fire(undefined);
  }

  showMore(): void {
    this.shown += ASSETS_PAGE;
    this.changed.fire(undefined);
  }

  async getChildren(node?: AssetNode): Promise<AssetNode[]> {
    if (!node) return this.roots();
    if (node.kind === 'problems') return node.problems.map((p) => ({ kind: 'problem', ...p }));
    if (node.kind === 'asset' && !node.role) return this.lineage(node.record);
    return [];
  }

  private async roots(): Promise<AssetNode[]> {
    const result = await this.gallery.index.query({ ...this.filters, sort: this.sort, limit: this.shown });
    const all = (await this.gallery.index.all()).length;
    this.lastCount = { total: result.total, all };
    this.counted.fire();
    const nodes: AssetNode[] = result.items.map((record) => ({ kind: 'asset', record }));
    if (result.total > result.items.length) nodes.push({ kind: 'more', shown: result.items.length, total: result.total });
    if (result.problems.length) nodes.push({ kind: 'problems', problems: result.problems });
    return nodes;
  }

  /** The parent (when indexed) and the images made from this one. */
  private async lineage(record: GalleryRecord): Promise<AssetNode[]> {
    const all = await this.gallery.index.all();
    const folderOf = (r: GalleryRecord) => r.imageKey.slice(0, r.imageKey.length - r.relativePath.length);
    const parent = record.parentPath ? all.find((r) => r.relativePath === record.parentPath && folderOf(r) === folderOf(record)) : undefined;
    const children = all.filter((r) => r.parentPath === record.relativePath && folderOf(r) === folderOf(record));
    return [...(parent ? [{ kind: 'asset' as const, record: parent, role: 'parent' as const }] : []), ...children.map((r) => ({ kind: 'asset' as const, record: r, role: 'child' as const }))];
  }

  getTreeItem(node: AssetNode): vscode.TreeItem {
    switch (node.kind) {
      case 'asset':
        return assetItem(node.record, node.role);
      case 'more': {
        const item = new vscode.TreeItem(`Show more (${node.shown} of ${node.total})`);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'pictor.assets.showMore', title: 'Show More' };
        return item;
      }
      case 'problems': {
        const item = new vscode.TreeItem(`${node.problems.length} sidecar(s) with problems`, vscode.TreeItemCollapsibleState.Collapsed);
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.tooltip = 'Sidecars that are damaged, from another tool, from a newer Pictor, or whose image is missing';
        return item;
      }
      case 'problem': {
        const uri = vscode.Uri.parse(node.sidecarKey);
        const item = new vscode.TreeItem(uri.path.split('/').pop() ?? node.sidecarKey);
        item.description = node.message;
        item.tooltip = `${vscode.workspace.asRelativePath(uri)}: ${node.message}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.command = { command: 'vscode.open', title: 'Open Sidecar', arguments: [uri] };
        item.contextValue = 'pictor.assetProblem';
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.counted.dispose();
  }
}

function assetItem(record: GalleryRecord, role?: 'parent' | 'child'): vscode.TreeItem {
  const uri = vscode.Uri.parse(record.imageKey);
  const name = record.relativePath.split('/').pop() ?? record.relativePath;
  const prompt = oneLine(record.prompt);
  const label = prompt.length > 80 ? `${prompt.slice(0, 79)}…` : prompt || name;
  const item = new vscode.TreeItem({ label: role === 'parent' ? `Parent: ${label}` : label }, role ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
  const model = modelInfo(record.model).label.replace(/ \(.*\)$/, '');
  const date = formatDate(record.createdAt);
  item.description = [name, model, record.preset && record.preset !== 'blank' ? record.preset : undefined, date].filter(Boolean).join(' · ');
  item.iconPath = uri;
  item.resourceUri = uri;
  item.id = `${role ?? 'asset'}:${record.sidecarKey}`;
  item.contextValue = 'pictor.asset';
  item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
  const size = record.width && record.height ? `${record.width} × ${record.height}` : undefined;
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.appendText(prompt);
  tooltip.appendMarkdown('\n\n');
  tooltip.appendText([record.relativePath, model, record.preset ?? 'no preset', size, date].filter(Boolean).join(' · '));
  if (record.parentPath) tooltip.appendMarkdown('\n\n').appendText(`Made from ${record.parentPath}`);
  if (record.conversation) tooltip.appendMarkdown('\n\n').appendText(`Chat turn ${record.conversation.turn}`);
  item.tooltip = tooltip;
  item.accessibilityInformation = {
    label: `${role === 'parent' ? 'Parent image' : 'Image'} ${name}: ${prompt}. ${model}${record.preset ? `, preset ${record.preset}` : ''}, made ${date}`,
    role: 'treeitem',
  };
  return item;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
