import * as vscode from 'vscode';
import { formatUsd } from '../../core/estimate';
import { isActive, stateLabel, type BatchJobInfo, type JobState } from '../../core/batch-job';
import type { BatchService } from '../../batch/service';
import { toInfo, type BatchJobRecord } from '../../batch/store';

/** A job in the tree; menus get this node, commands read `job.name`. */
export interface BatchJobNode {
  job: BatchJobInfo;
  record: BatchJobRecord;
}

const ICONS: Record<JobState, [string, string?]> = {
  JOB_STATE_UNSPECIFIED: ['question', 'problemsWarningIcon.foreground'],
  JOB_STATE_PENDING: ['clock'],
  JOB_STATE_RUNNING: ['sync~spin'],
  JOB_STATE_SUCCEEDED: ['pass', 'testing.iconPassed'],
  JOB_STATE_FAILED: ['error', 'testing.iconFailed'],
  JOB_STATE_CANCELLED: ['circle-slash'],
  JOB_STATE_EXPIRED: ['watch', 'problemsWarningIcon.foreground'],
};

/** The "Batch Jobs" tree: one item per job of this workspace, newest first. */
export class BatchJobsTree implements vscode.TreeDataProvider<BatchJobNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly batches: BatchService<vscode.Uri>) {
    this.subscription = batches.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  async getChildren(element?: BatchJobNode): Promise<BatchJobNode[]> {
    if (element) return [];
    const records = [...(await this.batches.store.all())].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return records.map((record) => ({ job: toInfo(record), record }));
  }

  getTreeItem({ job, record }: BatchJobNode): vscode.TreeItem {
    const item = new vscode.TreeItem(job.displayName || job.name, vscode.TreeItemCollapsibleState.None);
    const [icon, colour] = ICONS[job.state];
    item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    item.description = `${job.model} · ${counts(record)} · ${stateLabel(job.state)}${job.downloaded ? ' · downloaded' : ''} · ${shortTime(job.updatedAt)}`;
    item.id = record.id;
    const flags = [
      isActive(job.state) ? 'active' : '',
      job.state === 'JOB_STATE_SUCCEEDED' ? 'succeeded' : '',
      record.manifest ? 'manifest' : '',
      record.name ? 'remote' : '',
    ].filter(Boolean);
    item.contextValue = `pictorBatchJob ${flags.join(' ')}`;
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(`${job.displayName}\n${job.name}\n\n`);
    tooltip.appendText(`${stateLabel(job.state)} · ${job.count} request(s) · ${job.mode} · ${job.model}\n`);
    tooltip.appendText(`Created ${new Date(job.createdAt).toLocaleString()} · updated ${new Date(job.updatedAt).toLocaleString()}\n`);
    tooltip.appendText(`Estimated cost at the batch price: ${formatUsd(job.estimatedCostUsd)}\n`);
    const why = explain(job);
    if (why) tooltip.appendText(`\n${why}`);
    item.tooltip = tooltip;
    return item;
  }
}

/** When a job last changed, short enough for a tree row: the time today, else the date and time. */
function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  const today = at.toDateString() === now.toDateString();
  return at.toLocaleString(undefined, today ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** `done / failed / total` when the service has said, else the request count. */
function counts(record: BatchJobRecord): string {
  const stats = record.stats;
  if (!stats || stats.succeeded === undefined) return `${record.count} request${record.count === 1 ? '' : 's'}`;
  return `${stats.succeeded} done / ${stats.failed ?? 0} failed / ${stats.total ?? record.count}`;
}

/** Why a job ended without results, in words (FAILED, EXPIRED, CANCELLED, unconfirmed). */
export function explain(job: BatchJobInfo): string | undefined {
  if (job.error) return `${stateLabel(job.state) === 'unconfirmed' ? 'Unconfirmed' : 'Why'}: ${job.error.message}${typeof job.error.code === 'number' ? ` (code ${job.error.code})` : ''}`;
  if (job.state === 'JOB_STATE_CANCELLED') return 'Cancelled: the job was cancelled before it finished; requests it had not run have no results.';
  return undefined;
}
