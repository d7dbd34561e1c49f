import { isObjectType, lexicographicSortSchema } from 'graphql';
import { builder, setNodeTypes } from './builder.ts';
import '../modules/jurisdiction/jurisdiction.schema.ts';
import '../modules/instrument/instrument.schema.ts';
import '../modules/catalog/catalog.schema.ts';
import '../modules/field/field.schema.ts';
import '../modules/qualification/qualification.schema.ts';
import '../modules/standard/standard.schema.ts';
import '../modules/benefit/benefit.schema.ts';
import '../modules/agreement/agreement.schema.ts';
import '../modules/recognition/recognition.schema.ts';
import '../modules/points/points.schema.ts';
import '../modules/analysis/analysis.schema.ts';
import '../modules/governance/account.schema.ts';
import '../modules/governance/drafts.schema.ts';
import '../modules/governance/audit.schema.ts';
import '../modules/change/change.schema.ts';
import '../modules/webhook/webhook.schema.ts';

// NOTE: schema.ts only imports the type modules and builds; the printed SDL is sorted.
export const schema = lexicographicSortSchema(builder.toSchema());
setNodeTypes(
  Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'))
    .map((t) => t.name),
);
