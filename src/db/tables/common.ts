import { date, pgEnum } from 'drizzle-orm/pg-core';

export const datePrecision = pgEnum('date_precision', ['DAY', 'MONTH', 'YEAR']);
export const lifecycleStatus = pgEnum('lifecycle_status', ['DRAFT', 'SUBMITTED', 'APPROVED', 'PUBLISHED', 'WITHDRAWN']);

/** A calendar day, read and written as `YYYY-MM-DD` strings so no time zone ever shifts it. */
export const day = (name: string) => date(name, { mode: 'string' });

/** How exactly a stored day is known: a source that says "Sept 2021" is stored as 2021-09-01, MONTH. */
export const precision = (name: string) => datePrecision(name).notNull().default('DAY');
