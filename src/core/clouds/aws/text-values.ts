/**
 * The text a value stands for, as pieces of literal text and deploy-time
 * holes: a plain string; CloudFormation's `Fn::Sub` (its `${…}` are holes),
 * `Fn::Join` (its literal items, joined) and `Fn::Base64` (the text it
 * encodes); Terraform strings and heredocs that interpolate `${…}`. Any other
 * deploy-time value (`!Ref`, `!GetAtt`, `var.x`) is one hole.
 */
import { detachedPiece, scalarPiece, splitInterpolations, type Piece } from '../../parse/embedded';
import { scalar, type Node } from '../../parse/tree';

/** Nesting of Join/Sub/Base64 deeper than this is not followed (a hostile file could nest without end). */
const MAX_NESTING = 16;

export function piecesOf(node: Node | undefined, source?: string, depth = 0): Piece[] | undefined {
  if (!node || depth > MAX_NESTING) return undefined;
  if (node.kind === 'scalar') return node.value === null ? [] : [scalarPiece(node, source)];
  if (node.kind !== 'unknown') return undefined;
  const hole: Piece[] = [{ kind: 'hole', span: { offset: node.offset, length: node.length } }];
  switch (node.name) {
    case 'Fn::Base64':
      return piecesOf(node.argument, source, depth + 1) ?? hole;
    case 'Fn::Sub': {
      const template = node.argument?.kind === 'seq' ? node.argument.items[0] : node.argument;
      if (template?.kind !== 'scalar' || typeof template.value !== 'string') return hole;
      return splitInterpolations(scalarPiece(template, source), 'sub') ?? hole;
    }
    case 'Fn::Join': {
      const [delimiter, items] = node.argument?.kind === 'seq' ? node.argument.items : [];
      const separator = scalar(delimiter);
      if (typeof separator !== 'string' || items?.kind !== 'seq') return hole;
      const out: Piece[] = [];
      items.items.forEach((item, index) => {
        if (index > 0 && separator) out.push(detachedPiece(separator, delimiter!));
        out.push(...(piecesOf(item, source, depth + 1) ?? [{ kind: 'hole', span: { offset: item.offset, length: item.length } }]));
      });
      return out;
    }
    case 'interpolation': {
      // Terraform: the template's source text, `${…}` and all.
      const body = node.argument;
      if (body?.kind !== 'scalar' || typeof body.value !== 'string') return hole;
      return splitInterpolations(scalarPiece(body, source), 'hcl') ?? hole;
    }
    default:
      return hole;
  }
}
