import type { Post } from '../domain/case';
import { JsonFileStore } from './json-file-store';
import type { TextSealer } from './sealed-text';

/**
 * The personnel registry port: who holds which post and rank. Production implements it against the
 * organization department's cadre-management system; the embedded default keeps it in a JSON file.
 */
export type AssignmentStatus = 'probation' | 'confirmed' | 'restored';

export interface Assignment {
  cadreId: string;
  post: Post;
  status: AssignmentStatus;
  /** The case (workflow id) and step that made this assignment; makes every write idempotent. */
  basis: { workflowId: string; step: string };
  since: string;
}

/**
 * A measure on a cadre's file (诫勉, 降职, 免职, …) in the shape qualification review takes
 * (machines/rules/influence-period.ts), so later reviews see its influence period (影响期).
 */
export interface MeasureOnFile {
  cadreId: string;
  measure: { kind: string; effectiveDate: string; rankAtMeasure: string };
  basis: { workflowId: string; step: string };
  /**
   * The measure was lifted (a 降职 or 免职 revoked on 复核 or 申诉): it stays on file, as the record of what
   * happened, and from `on` its influence period bars nothing. `basis` is the step that lifted it.
   */
  lifted?: { on: string; basis: { workflowId: string; step: string } };
}

export interface PersonnelRegistry {
  current(cadreId: string): Promise<Assignment | undefined>;
  history(cadreId: string): Promise<Assignment[]>;
  /** Makes `assignment` current. Writing the same case step twice records it once (activities retry). */
  assign(assignment: Assignment): Promise<void>;
  measures(cadreId: string): Promise<MeasureOnFile[]>;
  /** Files a measure; the same case step twice files it once. */
  fileMeasure(measure: MeasureOnFile): Promise<void>;
  /**
   * Lifts the measure a case step filed (`filedBy`); lifting it again changes nothing, and a measure not
   * on file is nothing to lift (the case filed none, or the registry never saw it).
   */
  liftMeasure(lift: {
    cadreId: string;
    filedBy: MeasureOnFile['basis'];
    on: string;
    basis: MeasureOnFile['basis'];
  }): Promise<void>;
}

interface RegistryDocument {
  cadres: Record<string, Assignment[]>;
  measures?: Record<string, MeasureOnFile[]>;
}

const sameStep = (a: { basis: Assignment['basis'] }, b: { basis: Assignment['basis'] }) =>
  a.basis.workflowId === b.basis.workflowId && a.basis.step === b.basis.step;

export class FilePersonnelRegistry implements PersonnelRegistry {
  private readonly store: JsonFileStore<RegistryDocument>;

  /** `sealer`: the file is sealed on disk (names, posts and measures are personal data). */
  constructor(path: string, sealer: TextSealer) {
    this.store = new JsonFileStore(path, () => ({ cadres: {} }), sealer, 'registry');
  }

  async current(cadreId: string): Promise<Assignment | undefined> {
    return (await this.history(cadreId)).at(-1);
  }

  async history(cadreId: string): Promise<Assignment[]> {
    return (await this.store.read()).cadres[cadreId] ?? [];
  }

  async assign(assignment: Assignment): Promise<void> {
    await this.store.update((doc) => {
      doc.cadres[assignment.cadreId] ??= [];
      const history = doc.cadres[assignment.cadreId] as Assignment[];
      if (!history.some((a) => sameStep(a, assignment))) history.push(assignment);
    });
  }

  async measures(cadreId: string): Promise<MeasureOnFile[]> {
    return (await this.store.read()).measures?.[cadreId] ?? [];
  }

  async fileMeasure(measure: MeasureOnFile): Promise<void> {
    await this.store.update((doc) => {
      doc.measures ??= {};
      doc.measures[measure.cadreId] ??= [];
      const onFile = doc.measures[measure.cadreId] as MeasureOnFile[];
      if (!onFile.some((m) => sameStep(m, measure))) onFile.push(measure);
    });
  }

  async liftMeasure(lift: Parameters<PersonnelRegistry['liftMeasure']>[0]): Promise<void> {
    await this.store.update((doc) => {
      const filed = doc.measures?.[lift.cadreId]?.find((m) => sameStep(m, { basis: lift.filedBy }));
      if (filed && !filed.lifted) filed.lifted = { on: lift.on, basis: lift.basis };
    });
  }
}
