/**
 * The files of the wide repository that the screen tests look at (a fixture site, test/sites.ts):
 * 50 components in five groups, names and group names long, one active incident degrading eight
 * of them.
 */
export function wideFiles(): Record<string, string> {
  const groups = [
    ['apps', 'Customer-facing applications and public websites'],
    ['tracking', 'Shipment tracking and notifications'],
    ['billing', 'Billing, invoicing and payment processing'],
    ['partners', 'Partner integrations (carriers, customs, marketplaces)'],
    ['infra', 'Infrastructure'],
  ];
  const components = Array.from({ length: 50 }, (_, i) => {
    const [group] = groups[i % groups.length]!;
    return [
      `  - id: c${i + 1}`,
      `    name: ${i % 7 === 0 ? `Shipment tracking API for the European region (Frankfurt, eu-central-1) ${i + 1}` : `Service ${i + 1}`}`,
      `    group: ${group}`,
      ...(i % 3 === 0 ? ['    description: Answers carriers and customers about where a parcel is, within seconds.'] : []),
      '    probe:',
      `      url: https://c${i + 1}.wide.example/health`,
    ].join('\n');
  });
  const incident = (id: string, fields: string, body: string) => ({ [`incidents/${id}/index.md`]: `---\n${fields}\n---\n${body}\n` });
  return {
    'components.yml': [
      'site:',
      '  title: Northwind Logistics Platform Status',
      '  url: https://status.wide.example/',
      '  timezone: UTC',
      '  links:',
      '    - label: Support',
      '      url: https://wide.example/support',
      '    - label: Developer documentation',
      '      url: https://wide.example/docs',
      'groups:',
      ...groups.map(([id, name]) => `  - id: ${id}\n    name: ${name}\n    description: Everything our customers use directly, grouped.`),
      'components:',
      ...components,
      '',
    ].join('\n'),
    ...incident(
      'latency',
      `title: Elevated latency across the European shipment tracking services\nat: 2026-11-20T09:00:00Z\nstatus: identified\nimpact: minor\ncomponents:\n${Array.from({ length: 8 }, (_, i) => `  c${i * 5 + 2}: degraded_performance`).join('\n')}`,
      'Requests take several seconds. We found the cause and are rolling out a fix.',
    ),
    ...incident(
      'outage',
      'title: Billing outage\nat: 2026-11-02T09:00:00Z\nimpact: critical\ncomponents:\n  c3: major_outage\n  c8: partial_outage',
      'Invoices could not be created.',
    ),
    'incidents/outage/2026-11-02T1000-resolved.md': '---\nat: 2026-11-02T10:00:00Z\nstatus: resolved\n---\nFixed.\n',
  };
}
