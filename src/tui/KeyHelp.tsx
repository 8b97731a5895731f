import { Text } from 'ink';

export interface KeyHelpProps {
  /** While typing a filter, the line explains how to finish it instead. */
  readonly editingFilter: boolean;
}

export function KeyHelp({ editingFilter }: KeyHelpProps) {
  return editingFilter ? (
    <Text dimColor>type a symbol · Enter keep · Esc clear</Text>
  ) : (
    <Text dimColor>q quit · p pause · s sort · / filter · ↑/↓ select · Enter detail · Esc close</Text>
  );
}
