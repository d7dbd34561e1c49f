import DataLoader from 'dataloader';
import type { Db } from '../../db/client.ts';
import { type QualificationAnswer, qualificationRecognitions } from './recognition.service.ts';

export function createRecognitionLoaders(db: Db) {
  return {
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
