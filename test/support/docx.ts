import { strFromU8, unzipSync } from 'fflate';

/**
 * A Word file opened as a reader would: unzipped, its main part (`word/document.xml`) and footer read,
 * and their text runs joined, paragraph by paragraph.
 */
export function readDocx(file: Uint8Array): { xml: string; paragraphs: string[]; footer: string } {
  const parts = unzipSync(file);
  const part = (name: string) => {
    const bytes = parts[name];
    if (!bytes) throw new Error(`the .docx has no ${name}`);
    return strFromU8(bytes);
  };
  const xml = part('word/document.xml');
  const footerName = Object.keys(parts).find((name) => /^word\/footer\d*\.xml$/.test(name));
  return { xml, paragraphs: paragraphsOf(xml), footer: footerName ? part(footerName) : '' };
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function paragraphsOf(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map(([paragraph]) =>
      [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
        .map(([, text]) => unescapeXml(text ?? ''))
        .join(''),
    )
    .filter((text) => text.length > 0);
}
