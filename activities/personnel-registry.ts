import type { Post } from '../domain/case';
import { JsonFileStore } from './json-file-store';

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

export interface PersonnelRegistry {
  current(cadreId: string): Promise<Assignment | undefined>;
  history(cadreId: string): Promise<Assignment[]>;
  /** Makes `assignment` current. Writing the same case step twice records it once (activities retry). */
  assign(assignment: Assignment): Promise<void>;
}

interface RegistryDocument {
  cadres: Record<string, Assignment[]>;
}

export class FilePersonnelRegistry implements PersonnelRegistry {
  private readonly store: JsonFileStore<RegistryDocument>;

  constructor(path: string) {
    this.store = new JsonFileStore(path, () => ({ cadres: {} }));
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
      const sameStep = (a: Assignment) =>
        a.basis.workflowId === assignment.basis.workflowId && a.basis.step === assignment.basis.step;
      if (!history.some(sameStep)) history.push(assignment);
    });
  }
}
