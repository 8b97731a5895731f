import { Text } from 'ink';

export interface KeyHelpProps {
  /** While typing a filter, the line explains how to finish it instead. */
  readonly editingFilter: boolean;
  /** Terminal width: narrower terminals get the short form, so the line never wraps. */
  readonly width: number;
}

const FULL = 'q quit · p pause · s sort · / filter · ↑/↓ select · Enter detail · Esc close';
const SHORT = 'q quit p pause s sort / filter ↑↓ Enter Esc';

export function KeyHelp({ editingFilter, width }: KeyHelpProps) {
  const text = editingFilter ? 'type a symbol · Enter keep · Esc clear' : width >= FULL.length ? FULL : SHORT;
  return (
    <Text dimColor wrap="truncate-end">
      {text}
    </Text>
  );
}
