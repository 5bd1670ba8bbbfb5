/**
 * Option tables generated from the code: the interfaces' properties as TypeDoc reads them
 * (name, type, optional or not, doc comment), with the default from an `@defaultValue` tag
 * or, failing one, from the comment's own "default …" phrase. Nothing here is typed by hand.
 */

const text = (parts = []) =>
  parts
    .map((part) => (part.kind === 'inline-tag' ? `\`${part.text}\`` : part.text))
    .join('')
    .replace(/\s*\n\s*/g, ' ')
    .trim()

/** A TypeDoc JSON type, as TypeScript would write it (short). */
export function typeText(type) {
  if (!type) return 'unknown'
  switch (type.type) {
    case 'intrinsic':
      return type.name
    case 'literal':
      return type.value === null ? 'null' : typeof type.value === 'string' ? `'${type.value}'` : String(type.value?.value ?? type.value)
    case 'reference':
      return type.typeArguments?.length ? `${type.name}<${type.typeArguments.map(typeText).join(', ')}>` : type.name
    case 'union':
      return type.types.map(typeText).join(' | ')
    case 'intersection':
      return type.types.map(typeText).join(' & ')
    case 'array':
      return `${wrap(type.elementType)}[]`
    case 'tuple':
      return `[${(type.elements ?? []).map(typeText).join(', ')}]`
    case 'typeOperator':
      return `${type.operator} ${typeText(type.target)}`
    case 'query':
      return `typeof ${typeText(type.queryType)}`
    case 'indexedAccess':
      return `${typeText(type.objectType)}[${typeText(type.indexType)}]`
    case 'reflection': {
      const declaration = type.declaration ?? {}
      if (declaration.signatures?.length) {
        const [signature] = declaration.signatures
        const parameters = (signature.parameters ?? []).map((parameter) => `${parameter.name}: ${typeText(parameter.type)}`).join(', ')
        return `(${parameters}) => ${typeText(signature.type)}`
      }
      const members = (declaration.children ?? []).map((child) => `${child.name}${child.flags?.isOptional ? '?' : ''}: ${typeText(child.type)}`)
      return `{ ${members.join('; ')} }`
    }
    case 'templateLiteral':
      return 'string'
    default:
      return type.name ?? type.type
  }
}
const wrap = (type) => (type?.type === 'union' || type?.type === 'intersection' ? `(${typeText(type)})` : typeText(type))

/** The default an option's comment gives: `@defaultValue`, else its "default …" phrase. */
export function defaultOf(comment) {
  const tag = comment?.blockTags?.find((block) => block.tag === '@defaultValue' || block.tag === '@default')
  if (tag) return text(tag.content).replace(/^```\w*\s*|\s*```$/g, '')
  const summary = text(comment?.summary)
  const match = /\bdefaults?(?: to|:)?\s+((?:`[^`]*`|[^.;)`])+)/i.exec(summary)
  return match ? match[1].trim().replace(/,$/, '') : undefined
}

/** Every interface of the project, by name: its properties, inherited ones included. */
export function interfacesOf(project) {
  const found = new Map()
  const visit = (reflection) => {
    if (reflection.kind === 256 /* Interface */) {
      const properties = (reflection.children ?? [])
        .filter((child) => child.kind === 1024 /* Property */)
        .map((child) => ({
          name: child.name,
          type: typeText(child.type),
          optional: Boolean(child.flags?.isOptional),
          meaning: text(child.comment?.summary),
          default: defaultOf(child.comment),
        }))
      found.set(reflection.name, { name: reflection.name, summary: text(reflection.comment?.summary), properties })
    }
    for (const child of reflection.children ?? []) visit(child)
  }
  visit(project)
  return found
}

const cell = (value) => String(value).replace(/\|/g, '\\|')
const code = (value) => `\`${cell(value).replace(/`/g, "'")}\``

/** A Markdown table of one interface's options. */
export function optionTable(definition) {
  const rows = definition.properties.map(
    (property) =>
      `| ${code(property.name)} | ${code(property.type)} | ${property.optional ? cell(property.default ?? '—') : 'required'} | ${cell(property.meaning || '—')} |`,
  )
  return ['| Option | Type | Default | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

/** A page's section of generated option tables for the named interfaces. */
export function optionsSection(interfaces, names, heading = '## Options, from the code') {
  const parts = [heading, '', '<!-- Generated at build time from the TypeScript doc comments (site/lib/options.mjs). -->', '']
  for (const name of names) {
    const definition = interfaces.get(name)
    if (!definition) throw new Error(`option tables: no interface ${name} in the TypeDoc output`)
    parts.push(`### \`${name}\``, '', ...(definition.summary ? [definition.summary, ''] : []), optionTable(definition), '')
  }
  return parts.join('\n')
}

/** The option names the first table of a hand-written page lists (its first column, in backticks). */
export function documentedOptions(markdown) {
  const table = /^\| Option \|[^\n]*\n\|[-| :]+\|\n((?:\|[^\n]*\n)+)/m.exec(markdown)
  if (!table) return undefined
  return table[1]
    .split('\n')
    .filter(Boolean)
    .map((row) => /^\|\s*`([^`]+)`/.exec(row)?.[1])
    .filter(Boolean)
}
