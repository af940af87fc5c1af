/**
 * How the embedded stores keep what they write unreadable on disk. The worker passes an implementation
 * sealed by its keyring (security/text-sealer.ts); activities/ knows only this port.
 */
export interface TextSealer {
  /** `plaintext` sealed, as one line of text with no line break. `purpose` is authenticated with it. */
  seal(plaintext: string, purpose: string): string;
  /**
   * The plaintext of a sealed line, for that purpose; throws if it does not open. Text written before
   * sealing existed (not sealed at all) is returned as it is.
   */
  open(stored: string, purpose: string): string;
}

/** Files the stores write are their owner's only; so are the folders they make. */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_FOLDER = 0o700;
