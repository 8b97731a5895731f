export async function runFeatureExport(_: unknown): Promise<{ files: { path: string; rows: number }[] }> {
  throw new Error('not yet');
}
