import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification, Outbox } from '../../activities/notifier';
import { OutboxFileNotifier } from '../../activities/notifier';
import {
  type Assignment,
  FilePersonnelRegistry,
  type PersonnelRegistry,
} from '../../activities/personnel-registry';
import { openDatabase } from '../../activities/postgres-database';
import { FileRecordStore, type RecordArchive } from '../../activities/record-store';
import type { CaseView } from '../../domain/case-view';
import { databasePorts } from '../../worker/database-ports';
import { testKeyring, testSealer } from '../support/keys';
import { type Postgres, startPostgres } from '../support/postgres';
import { freshDataDir } from '../support/temporal';

/**
 * One set of tests for the service's own stores, run against both implementations: the embedded files
 * (data/) and PostgreSQL (CADRE_DATABASE_URL, a real server started here). Each write is idempotent by its
 * key (activities retry: DOMAIN.md's "every side effect once"), reads give back what was written, and what
 * rests on disk or in a column holds no name in clear (README, Secrets).
 */

let postgres: Postgres;
let pool: Pool;

beforeAll(async () => {
  postgres = await startPostgres();
  pool = await openDatabase(postgres.url);
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await postgres?.stop();
});

interface Stores {
  registry: PersonnelRegistry;
  outbox: Outbox;
  records: RecordArchive;
  /** Everything the implementation has at rest, as bytes a thief would read. */
  atRest(): string;
}

/** Each test gets a fresh store: a new data folder, or the tables emptied. */
const implementations: [string, () => Promise<Stores>][] = [
  [
    'embedded files',
    async () => {
      const dir = freshDataDir();
      return {
        registry: new FilePersonnelRegistry(join(dir, 'registry.json'), testSealer),
        outbox: new OutboxFileNotifier(join(dir, 'outbox.jsonl'), testSealer),
        records: new FileRecordStore(join(dir, 'records'), testSealer),
        atRest: () =>
          filesUnder(dir)
            .map((file) => readFileSync(file, 'utf8'))
            .join('\n'),
      };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      await pool.query(
        'TRUNCATE cadre_registry_assignments, cadre_registry_measures, cadre_outbox, cadre_records',
      );
      const { registry, notifier, records } = databasePorts(pool, testKeyring);
      return {
        registry,
        outbox: notifier,
        records,
        atRest: () =>
          ['cadre_registry_assignments', 'cadre_registry_measures', 'cadre_outbox', 'cadre_records']
            .map((table) => postgres.psql(`COPY ${table} TO STDOUT`))
            .join('\n'),
      };
    },
  ],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const NAME = '欧阳秀兰';
const post = {
  unit: '区财政局',
  title: '副局长',
  rank: '副处',
  leadershipTeam: true,
  carriesProbation: true,
};
const assignment = (step: string, workflowId = 'district-finance/p-1'): Assignment => ({
  cadreId: 'C-7001',
  post: { ...post, title: `${NAME}的副局长岗位` },
  status: 'probation',
  basis: { workflowId, step },
  since: '2026-12-01',
});
const notification = (key: string): Notification => ({
  key,
  workflowId: 'district-finance/p-1',
  kind: 'probation_started',
  to: 'candidate:C-7001',
  addressee: NAME,
  subject: `${NAME}同志试用期开始`,
  at: '2026-12-01T02:00:00.000Z',
});
const view: CaseView = {
  workflowId: 'district-finance/p-1',
  track: 'probation',
  department: 'district-finance',
  caseId: 'p-1',
  state: 'closed',
  label: { zh: '已办结', en: 'Closed' },
  status: 'closed',
  outcome: 'confirmed',
  legalEvents: [],
  deadlines: [],
  context: { cadre: { id: 'C-7001', name: NAME } },
  record: [
    {
      seq: 1,
      at: '2026-12-01T02:00:00.000Z',
      kind: 'started',
      type: 'CASE_STARTED',
      actor: { id: 'od-zhang', role: 'organization_department', name: '张处长' },
      data: { cadre: NAME },
    },
  ],
};

describe.each(implementations)('the service stores (%s)', (_name, make) => {
  it('the registry records a case step once however often it is written, in the order written', async () => {
    const { registry } = await make();
    await Promise.all([
      registry.assign(assignment('beginTrialPost')),
      registry.assign(assignment('beginTrialPost')),
    ]);
    await registry.assign(assignment('beginTrialPost'));
    await registry.assign({ ...assignment('confirmInPost'), status: 'confirmed' });
    expect((await registry.history('C-7001')).map((a) => a.basis.step)).toEqual([
      'beginTrialPost',
      'confirmInPost',
    ]);
    expect((await registry.current('C-7001'))?.status).toBe('confirmed');
    // The same step of another case is another write.
    await registry.assign(assignment('beginTrialPost', 'district-finance/p-2'));
    expect(await registry.history('C-7001')).toHaveLength(3);
    expect(await registry.history('C-9999')).toEqual([]);
    expect(await registry.current('C-9999')).toBeUndefined();
  });

  it('a measure goes on file once per case step', async () => {
    const { registry } = await make();
    const measure = {
      cadreId: 'C-7001',
      measure: { kind: 'admonishment', effectiveDate: '2026-11-01', rankAtMeasure: '副处' },
      basis: { workflowId: 'district-finance/d-1', step: 'scheduleAdmonishmentTalk:C-7001' },
    };
    await registry.fileMeasure(measure);
    await registry.fileMeasure(measure);
    expect(await registry.measures('C-7001')).toEqual([measure]);
    expect(await registry.measures('C-9999')).toEqual([]);
  });

  it('a measure is lifted once (复核/申诉 reversed it), a second lift and one of a measure not on file change nothing', async () => {
    const { registry } = await make();
    const measure = {
      cadreId: 'C-7001',
      measure: { kind: 'admonishment', effectiveDate: '2026-11-01', rankAtMeasure: '副处' },
      basis: { workflowId: 'district-finance/d-1', step: 'fileMeasure:C-7001' },
    };
    await registry.fileMeasure(measure);
    const lift = (on: string) => ({
      cadreId: 'C-7001',
      filedBy: measure.basis,
      on,
      basis: { workflowId: 'district-finance/d-1', step: 'reverseDecision' },
    });
    await Promise.all([registry.liftMeasure(lift('2026-12-01')), registry.liftMeasure(lift('2026-12-01'))]);
    await registry.liftMeasure(lift('2026-12-09'));
    await registry.liftMeasure({
      ...lift('2026-12-01'),
      filedBy: { workflowId: 'district-finance/x', step: 'none' },
    });
    expect(await registry.measures('C-7001')).toEqual([
      { ...measure, lifted: { on: '2026-12-01', basis: lift('2026-12-01').basis } },
    ]);
  });

  it('the outbox queues one notification per key, concurrent retries included', async () => {
    const { outbox } = await make();
    await Promise.all([outbox.send(notification('k1')), outbox.send(notification('k1'))]);
    await outbox.send(notification('k2'));
    await outbox.send(notification('k1'));
    const sent = await outbox.sent();
    expect(sent.map((n) => n.key)).toEqual(['k1', 'k2']);
    expect(sent[0]).toEqual(notification('k1'));
  });

  it('the archive keeps one record per case, the view and its document, archived again the same', async () => {
    const { records } = await make();
    const where = await records.archive(view);
    expect(await records.archive(view)).toBe(where);
    const read = await records.read('district-finance', 'p-1');
    expect(read?.view).toEqual(view);
    expect(read?.document).toContain('案件编号：district-finance/p-1');
    expect(await records.read('district-finance', 'p-none')).toBeUndefined();
  });

  it('what rests holds the writes sealed: no name, post or subject in clear', async () => {
    const stores = await make();
    await stores.registry.assign(assignment('beginTrialPost'));
    await stores.outbox.send(notification('k1'));
    await stores.records.archive(view);
    const raw = stores.atRest();
    expect(raw).toContain('cadre-sealed:v1:');
    for (const clear of [NAME, '区财政局', '副局长', JSON.stringify(NAME).slice(1, -1)]) {
      expect(raw).not.toContain(clear);
    }
  });
});

describe('PostgreSQL stores shared by several processes', () => {
  it('the tables are made once however many processes start at once (idempotent migration)', async () => {
    const pools = await Promise.all([1, 2, 3].map(() => openDatabase(postgres.url, { max: 2 })));
    await Promise.all(pools.map((p) => p.end()));
    expect(postgres.psql("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'cadre_%'").trim()).toBe('4');
  });

  it('two workers writing the same keys at once leave one row per key', async () => {
    await pool.query('TRUNCATE cadre_registry_assignments, cadre_outbox');
    const other = await openDatabase(postgres.url, { max: 4 });
    try {
      const workers = [databasePorts(pool, testKeyring), databasePorts(other, testKeyring)];
      const keys = Array.from({ length: 20 }, (_, i) => `race-${i}`);
      await Promise.all(
        workers.flatMap((w) =>
          keys.flatMap((key) => [w.notifier.send(notification(key)), w.registry.assign(assignment(key))]),
        ),
      );
      expect(postgres.psql('SELECT count(*), count(DISTINCT key) FROM cadre_outbox').trim()).toBe('20|20');
      expect(postgres.psql('SELECT count(*) FROM cadre_registry_assignments').trim()).toBe('20');
      expect((await workers[1]?.notifier.sent())?.map((n) => n.key).sort()).toEqual([...keys].sort());
    } finally {
      await other.end();
    }
  });

  it('a sealed value moved into another row is refused, not read as that row', async () => {
    await pool.query('TRUNCATE cadre_registry_assignments');
    const { registry } = databasePorts(pool, testKeyring);
    await registry.assign(assignment('beginTrialPost'));
    await pool.query(
      `INSERT INTO cadre_registry_assignments (cadre_id, workflow_id, step, sealed)
       SELECT 'C-8008', workflow_id, step, sealed FROM cadre_registry_assignments WHERE cadre_id = 'C-7001'`,
    );
    await expect(registry.history('C-8008')).rejects.toThrow(/does not belong to its row/);
    expect(await registry.history('C-7001')).toHaveLength(1);
  });
});
