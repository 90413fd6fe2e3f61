import * as assert from 'node:assert/strict';
import { Disposable, DisposableStore } from '../../src/ui/disposable';

class Owner extends Disposable {
  hold<T extends { dispose(): void }>(value: T): T {
    return this._register(value);
  }
}

const probe = (log: string[], name: string) => ({ dispose: () => void log.push(name) });

describe('Disposable and DisposableStore', () => {
  it('disposes what an owner registered, last first, once', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.hold(probe(log, 'a'));
    owner.hold(probe(log, 'b'));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(log, ['b', 'a']);
    assert.equal(owner.isDisposed, true);
  });

  it('disposes at once what is registered on an owner already disposed', () => {
    const log: string[] = [];
    const owner = new Owner();
    owner.dispose();
    owner.hold(probe(log, 'late'));
    assert.deepEqual(log, ['late']);
  });

  it('empties a store on clear and stays usable for the next view', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(probe(log, 'first view'));
    store.clear();
    assert.equal(store.size, 0);
    store.add(probe(log, 'second view'));
    assert.equal(store.size, 1);
    store.dispose();
    assert.deepEqual(log, ['first view', 'second view']);
  });

  it('disposes every item even when one throws, then reports the error', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(probe(log, 'a'));
    store.add({ dispose: () => { throw new Error('boom'); } });
    store.add(probe(log, 'c'));
    assert.throws(() => store.clear(), /boom/);
    assert.deepEqual(log, ['c', 'a']);
  });
});
