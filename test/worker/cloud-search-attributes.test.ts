import { describe, expect, it } from 'vitest';
import { cloudRegistrationCommand } from '../../worker/namespace';
import { allSearchAttributes, CaseCadres } from '../../workflows/search-attributes';

/** The README's Temporal Cloud step: the tcld command names every attribute the workflows set, typed. */
describe('registering the search attributes on Temporal Cloud', () => {
  it('names each attribute once with the type tcld takes', () => {
    const command = cloudRegistrationCommand('cadre.a1b2c');
    expect(command.startsWith('tcld namespace search-attributes add --namespace cadre.a1b2c ')).toBe(true);
    const flags = [...command.matchAll(/--sa (\w+)=(\w+)/g)].map(([, name, type]) => ({ name, type }));
    expect(flags.map((f) => f.name)).toEqual(allSearchAttributes.map((key) => key.name));
    for (const { type } of flags)
      expect(['Bool', 'Datetime', 'Double', 'Int', 'Keyword', 'KeywordList', 'Text']).toContain(type);
    expect(flags).toContainEqual({ name: 'CaseCadres', type: 'KeywordList' });
  });

  it('names only the missing ones when told', () => {
    expect(cloudRegistrationCommand('ns', [CaseCadres])).toBe(
      'tcld namespace search-attributes add --namespace ns --sa CaseCadres=KeywordList',
    );
  });
});
