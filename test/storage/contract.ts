// One behavioural contract for every botbuilder Storage the bot can run on (see *.test.ts callers).
import assert from 'node:assert/strict';
import type { Storage, StoreItems } from 'botbuilder';

export interface StorageUnderTest {
  storage: Storage;
  close?(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Whether a write carrying an eTag for an item that does not exist (deleted meanwhile) is a
   * conflict. True for SQLite and Blob (and Cosmos); botbuilder's MemoryStorage writes it anyway.
   */
  eTagOnMissingItemConflicts: boolean;
}

const ODD_KEYS = [
  'a/b',
  'a%2Fb',
  'x:y;z@w|v',
  'with spaces and\ttab',
  'unicode 日本語 ключ 🔑 é',
  "quotes ' \" and \\ backslash",
  'msteams/conversations/19:3a9c0e1d2b4f4e5a8f6a7b8c9d0e1f2a@thread.tacv2;messageid=1700000000000/',
  'msteams/users/29:1AbCdEfGhIjKlMnOpQrStUvWxYz-0123456789_abcdefghijklmnopqrstuvwxyz',
  `long/${'k'.repeat(900)}`,
];

export function storageContract(name: string, factory: () => Promise<StorageUnderTest>, options: ContractOptions): void {
  describe(`Storage contract: ${name}`, function () {
    let subject: StorageUnderTest;
    let storage: Storage;

    beforeEach(async function () {
      subject = await factory();
      storage = subject.storage;
    });

    afterEach(async function () {
      await subject.close?.();
    });

    async function readOne(key: string): Promise<StoreItems[string] | undefined> {
      return (await storage.read([key]))[key];
    }

    it('reads back what was written, with a string eTag', async function () {
      const value = { text: 'hello', count: 3, flag: true, nothing: null, list: [1, 'two', { three: 3 }] };
      await storage.write({ item: value });
      const read = await readOne('item');
      assert.ok(read);
      const { eTag, ...rest } = read;
      assert.equal(typeof eTag, 'string');
      assert.ok(eTag.length > 0);
      assert.deepEqual(rest, value);
    });

    it('leaves missing keys out of a read and returns the present ones', async function () {
      await storage.write({ present: { n: 1 } });
      const items = await storage.read(['absent', 'present', 'also-absent']);
      assert.deepEqual(Object.keys(items), ['present']);
      assert.deepEqual(await storage.read([]), {});
    });

    it('writes several keys in one call', async function () {
      await storage.write({ one: { n: 1 }, two: { n: 2 } });
      const items = await storage.read(['one', 'two']);
      assert.equal(items.one.n, 1);
      assert.equal(items.two.n, 2);
    });

    it('gives each write a new eTag', async function () {
      await storage.write({ item: { n: 1 } });
      const first = await readOne('item');
      await storage.write({ item: { n: 2, eTag: first?.eTag } });
      const second = await readOne('item');
      assert.notEqual(second?.eTag, first?.eTag);
      assert.equal(second?.n, 2);
    });

    it('does not change the object handed to write', async function () {
      const value = { n: 1, eTag: '*' };
      await storage.write({ item: value });
      assert.deepEqual(value, { n: 1, eTag: '*' });
    });

    it('overwrites when the eTag is missing or "*"', async function () {
      await storage.write({ item: { n: 1 } });
      await storage.write({ item: { n: 2 } });
      assert.equal((await readOne('item'))?.n, 2);
      await storage.write({ item: { n: 3, eTag: '*' } });
      assert.equal((await readOne('item'))?.n, 3);
    });

    it('rejects a write with a stale eTag and keeps the stored item', async function () {
      await storage.write({ item: { n: 1 } });
      const stale = await readOne('item');
      await storage.write({ item: { n: 2, eTag: stale?.eTag } });
      const current = await readOne('item');
      await assert.rejects(storage.write({ item: { n: 3, eTag: stale?.eTag } }), /eTag conflict/);
      assert.deepEqual(await readOne('item'), current);
    });

    it('lets exactly one of several concurrent writers with the same eTag win', async function () {
      await storage.write({ item: { writer: 'nobody' } });
      const { eTag } = (await readOne('item')) ?? {};
      const writers = ['w0', 'w1', 'w2', 'w3', 'w4', 'w5'];
      const outcomes = await Promise.allSettled(writers.map((writer) => storage.write({ item: { writer, eTag } })));
      const winners = writers.filter((_, index) => outcomes[index].status === 'fulfilled');
      assert.equal(winners.length, 1, `winners: ${winners.join(', ')}`);
      assert.equal((await readOne('item'))?.writer, winners[0]);
    });

    if (options.eTagOnMissingItemConflicts) {
      it('rejects an eTag for an item that was deleted meanwhile', async function () {
        await storage.write({ item: { n: 1 } });
        const { eTag } = (await readOne('item')) ?? {};
        await storage.delete(['item']);
        await assert.rejects(storage.write({ item: { n: 2, eTag } }), /eTag conflict/);
        assert.equal(await readOne('item'), undefined);
      });
    }

    it('deletes items and ignores keys that are not there', async function () {
      await storage.write({ keep: { n: 1 }, drop: { n: 2 } });
      await storage.delete(['drop', 'never-existed']);
      assert.deepEqual(Object.keys(await storage.read(['keep', 'drop'])), ['keep']);
      await storage.write({ drop: { n: 3 } });
      assert.equal((await readOne('drop'))?.n, 3);
    });

    it('keeps keys with odd characters apart', async function () {
      const changes: StoreItems = {};
      ODD_KEYS.forEach((key, index) => (changes[key] = { index, key }));
      await storage.write(changes);
      const items = await storage.read(ODD_KEYS);
      assert.equal(Object.keys(items).length, ODD_KEYS.length);
      ODD_KEYS.forEach((key, index) => {
        assert.equal(items[key]?.index, index, `key ${JSON.stringify(key.slice(0, 40))}`);
        assert.equal(items[key]?.key, key);
      });
      await storage.delete(['x:y;z@w|v']);
      assert.equal(await readOne('x:y;z@w|v'), undefined);
      assert.equal((await readOne('a/b'))?.index, 0);
    });

    it('stores a value of about 1 MB with non-ASCII text intact', async function () {
      const line = 'Get-ExchangeCertificate | fl — 証明書の拇印 0123456789ABCDEF\n';
      const big = { paste: line.repeat(Math.ceil(1_000_000 / line.length)), lines: Array.from({ length: 2000 }, (_, i) => i) };
      await storage.write({ big });
      const read = await readOne('big');
      assert.equal(read?.paste, big.paste);
      assert.deepEqual(read?.lines, big.lines);
    });
  });
}
