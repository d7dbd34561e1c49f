export * from './common.ts';
export * from './jurisdictions.ts';
export * from './instruments.ts';
export * from './standards.ts';
export * from './qualifications.ts';
export * from './catalogs.ts';
export * from './agreements.ts';
export * from './benefits.ts';
