import DataLoader from 'dataloader';
import type { Db } from '../../db/client.ts';
import type { CitationRow, createInstrumentLoaders } from '../instrument/instrument.loaders.ts';
import type { QualificationAnswer, Recognition } from './recognition.rules.ts';
import { qualificationRecognitions } from './recognition.service.ts';

type CitationLoaders = Pick<
  ReturnType<typeof createInstrumentLoaders>,
  'citationsByEdition' | 'citationsByEntry' | 'citationsByAgreement' | 'citationsByVersion'
>;

export function createRecognitionLoaders(db: Db, loaders: CitationLoaders) {
  return {
    /** Everything a recognition cites (edition, entry, agreement, standard versions), for all recognitions at once. */
    recognitionCitations: new DataLoader<Recognition, CitationRow[]>(async (recognitions) =>
      Promise.all(
        recognitions.map(async (r) =>
          (
            await Promise.all([
              r.editionId === null ? [] : loaders.citationsByEdition.load(r.editionId),
              r.entryId === null ? [] : loaders.citationsByEntry.load(r.entryId),
              r.agreementId === null ? [] : loaders.citationsByAgreement.load(r.agreementId),
              ...[...new Set([...(r.standardVersionId === null ? [] : [r.standardVersionId]), ...r.conferringVersionIds])].map((id) =>
                loaders.citationsByVersion.load(id),
              ),
            ])
          ).flat(),
        ),
      ),
    ),
    /** Recognitions of many qualifications on a day: one engine run per day asked, however many qualifications. */
    qualificationAnswer: new DataLoader<{ qualificationId: number; day: string }, QualificationAnswer, string>(
      async (keys) => {
        const answers = new Map<string, QualificationAnswer>();
        for (const day of new Set(keys.map((k) => k.day))) {
          const ids = [...new Set(keys.filter((k) => k.day === day).map((k) => k.qualificationId))];
          for (const [id, answer] of await qualificationRecognitions(db, ids, day)) answers.set(`${id}|${day}`, answer);
        }
        return keys.map((k) => answers.get(`${k.qualificationId}|${k.day}`)!);
      },
      { cacheKeyFn: (k) => `${k.qualificationId}|${k.day}` },
    ),
  };
}
