import { asc, eq } from 'drizzle-orm';
import { jurisdictionLevel, jurisdictions, regionGroups } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { enumOf } from '../../graphql/enums.ts';
import { loadNodes, parseNodeId } from '../../graphql/node-ids.ts';
import { AuthorityRef, JurisdictionRef, RegionGroupRef } from '../../graphql/refs.ts';
import type { JurisdictionRow } from './jurisdiction.loaders.ts';

export const JurisdictionLevelEnum = enumOf(
  'JurisdictionLevel',
  jurisdictionLevel.enumValues,
  'The administrative level of a jurisdiction.',
  {
    NATIONAL: 'The national level (CN).',
    PROVINCIAL: 'A provincial-level division: province, autonomous region, municipality or SAR (ISO 3166-2:CN).',
    MUNICIPAL: 'A city that runs its own lists, under its province (Guangzhou CN-GD-GZ, Shenzhen CN-GD-SZ).',
  },
);

builder.node(JurisdictionRef, {
  description: 'The national level, a provincial-level division (ISO 3166-2:CN), or a city with its own lists.',
  id: { resolve: (j) => j.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.jurisdictionById, ids),
  fields: (t) => ({
    code: t.exposeString('code', { description: 'CN, an ISO 3166-2:CN code (CN-BJ), or a city code under its province (CN-GD-SZ).' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
    isoName: t.exposeString('isoName', { nullable: true, description: 'The subdivision name as ISO 3166-2 (Debian iso-codes) spells it.' }),
    level: t.field({ type: JurisdictionLevelEnum, description: 'Administrative level.', resolve: (j) => j.level }),
    mainland: t.exposeBoolean('mainland', {
      description: 'Inside the mainland work-permit system. False for Hong Kong, Macao and Taiwan, which a national rule never covers.',
    }),
    parent: t.field({
      type: JurisdictionRef,
      nullable: true,
      description: 'The jurisdiction above this one (CN for a province; the province for a city).',
      resolve: (j, _a, ctx) => (j.parentId === null ? null : ctx.loaders.jurisdictionById.load(j.parentId)),
    }),
    children: t.field({
      type: [JurisdictionRef],
      description: 'Jurisdictions directly below this one, by code.',
      resolve: (j, _a, ctx) => ctx.loaders.jurisdictionsByParent.load(j.id),
    }),
    authorities: t.field({
      type: [AuthorityRef],
      description: 'Issuing bodies of this jurisdiction.',
      resolve: (j, _a, ctx) => ctx.loaders.authoritiesByJurisdiction.load(j.id),
    }),
  }),
});

builder.node(RegionGroupRef, {
  description: 'A named set of jurisdictions that an agreement can name as one party (Beijing–Tianjin–Hebei, 京津冀).',
  id: { resolve: (g) => g.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.regionGroupById, ids),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
    members: t.field({
      type: [JurisdictionRef],
      description: 'The jurisdictions the group stands for.',
      resolve: async (g, _a, ctx) => {
        const links = await ctx.loaders.groupMemberIds.load(g.id);
        const found = await ctx.loaders.jurisdictionById.loadMany(links.map((l) => l.jurisdictionId));
        return found.filter((j): j is JurisdictionRow => j !== null && !(j instanceof Error)).sort((a, b) => a.code.localeCompare(b.code));
      },
    }),
  }),
});

builder.node(AuthorityRef, {
  description: 'An issuing body: a ministry, a bureau, a talent work office.',
  id: { resolve: (a) => a.id, parse: parseNodeId },
  loadMany: (ids, ctx) => loadNodes(ctx.loaders.authorityById, ids),
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
    abbreviation: t.exposeString('abbreviation', { nullable: true, description: 'Usual abbreviation (MOHRSS, SAFEA).' }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction the body belongs to.',
      resolve: async (a, _x, ctx) => (await ctx.loaders.jurisdictionById.load(a.jurisdictionId))!,
    }),
  }),
});

builder.queryFields((t) => ({
  jurisdiction: t.field({
    type: JurisdictionRef,
    nullable: true,
    description: 'A jurisdiction by code ("CN", "CN-BJ", "CN-GD-SZ"); null when no jurisdiction has that code.',
    args: { code: t.arg.string({ required: true, description: 'The jurisdiction code.' }) },
    resolve: (_r, { code }, ctx) => ctx.loaders.jurisdictionByCode.load(code),
  }),
  jurisdictions: t.field({
    type: [JurisdictionRef],
    description: 'Every jurisdiction, by code; only those of one level when `level` is given.',
    args: { level: t.arg({ type: JurisdictionLevelEnum, required: false, description: 'Only jurisdictions of this level.' }) },
    resolve: async (_r, { level }, ctx) =>
      await ctx.db
        .select()
        .from(jurisdictions)
        .where(level ? eq(jurisdictions.level, level) : undefined)
        .orderBy(asc(jurisdictions.code)),
  }),
  regionGroups: t.field({
    type: [RegionGroupRef],
    description: 'Every region group, by slug.',
    resolve: async (_r, _a, ctx) => await ctx.db.select().from(regionGroups).orderBy(asc(regionGroups.slug)),
  }),
}));
