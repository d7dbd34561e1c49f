import { jurisdictionLevel } from '../../db/tables/index.ts';
import { builder } from '../../graphql/builder.ts';
import { enumOf } from '../../graphql/enums.ts';
import { groupLoader, loadableNode } from '../../graphql/nodes.ts';
import {
  authoritiesByJurisdiction,
  authorityStore,
  groupMembers,
  jurisdictionStore,
  jurisdictionsByParent,
  listJurisdictions,
  listRegionGroups,
  regionGroupStore,
} from './jurisdiction.store.ts';

export const JurisdictionLevelEnum = enumOf(
  'JurisdictionLevel',
  jurisdictionLevel.enumValues,
  'The administrative level of a jurisdiction.',
  {
    NATIONAL: 'The national level (CN).',
    PROVINCIAL: 'A provincial-level division: province, autonomous region, municipality or SAR (ISO 3166-2:CN).',
    MUNICIPAL: 'A city that runs its own lists, under its province (Guangzhou CN-GD-GZ, Shenzhen CN-GD-SZ).',
    DISTRICT:
      'A district, county or special area below a province or city, in the data because an agreement or a catalog covers only that area (the Yangtze River Delta demonstration zone, the Gaozhu New Area, Nansha). Its code sits under its province (CN-SH-QP); it has its province as parent, or its city where the city is in the data.',
  },
);

/** Global ID: the code. */
export const JurisdictionRef = loadableNode('Jurisdiction', jurisdictionStore);
/** Global ID: the slug. */
export const RegionGroupRef = loadableNode('RegionGroup', regionGroupStore);
/** Global ID: the slug. */
export const AuthorityRef = loadableNode('Authority', authorityStore);

const childrenOf = groupLoader(jurisdictionsByParent, (j) => j.parentId!);
const authoritiesOf = groupLoader(authoritiesByJurisdiction, (a) => a.jurisdictionId);
const membersOf = groupLoader(groupMembers, (m) => m.groupId);

JurisdictionRef.implement({
  description: 'The national level, a provincial-level division (ISO 3166-2:CN), or a city with its own lists.',
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
      resolve: (j) => j.parentId,
    }),
    children: t.field({
      type: [JurisdictionRef],
      description: 'Jurisdictions directly below this one, by code.',
      resolve: (j, _a, ctx) => childrenOf(ctx).load(j.id),
    }),
    authorities: t.field({
      type: [AuthorityRef],
      description: 'Issuing bodies of this jurisdiction.',
      resolve: (j, _a, ctx) => authoritiesOf(ctx).load(j.id),
    }),
  }),
});

RegionGroupRef.implement({
  description: 'A named set of jurisdictions that an agreement can name as one party (Beijing–Tianjin–Hebei, 京津冀).',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
    members: t.field({
      type: [JurisdictionRef],
      description: 'The jurisdictions the group stands for, by code.',
      resolve: (g, _a, ctx) => membersOf(ctx).load(g.id),
    }),
  }),
});

AuthorityRef.implement({
  description: 'An issuing body: a ministry, a bureau, a talent work office.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable natural key.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nameZh: t.exposeString('nameZh', { description: 'Chinese name.' }),
    abbreviation: t.exposeString('abbreviation', { nullable: true, description: 'Usual abbreviation (MOHRSS, SAFEA).' }),
    jurisdiction: t.field({
      type: JurisdictionRef,
      description: 'The jurisdiction the body belongs to.',
      resolve: (a) => a.jurisdictionId,
    }),
  }),
});

builder.queryFields((t) => ({
  jurisdiction: t.field({
    type: JurisdictionRef,
    nullable: true,
    description: 'A jurisdiction by code ("CN", "CN-BJ", "CN-GD-SZ"); null when no jurisdiction has that code.',
    args: { code: t.arg.string({ required: true, description: 'The jurisdiction code.' }) },
    resolve: (_r, { code }) => code,
  }),
  jurisdictions: t.field({
    type: [JurisdictionRef],
    description: 'Every jurisdiction, by code; only those of one level when `level` is given.',
    args: { level: t.arg({ type: JurisdictionLevelEnum, required: false, description: 'Only jurisdictions of this level.' }) },
    resolve: (_r, { level }, ctx) => listJurisdictions(ctx.db, level ?? undefined),
  }),
  regionGroups: t.field({
    type: [RegionGroupRef],
    description: 'Every region group, by slug.',
    resolve: (_r, _a, ctx) => listRegionGroups(ctx.db),
  }),
}));
