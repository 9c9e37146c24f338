import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { PlanDiagnostic, Severity } from '../core/plan/types';

/** Shown as the diagnostic's source in the Problems view; code actions only act on diagnostics carrying it. */
export const DIAGNOSTIC_SOURCE = 'lw-coder';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The core's diagnostic as LSP sends it: same 0-based range, stable code, and `data` for the quick fixes. */
export function toLspDiagnostic(d: PlanDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: { start: { ...d.range.start }, end: { ...d.range.end } },
    severity: SEVERITIES[d.severity],
    source: DIAGNOSTIC_SOURCE,
    code: d.code,
    message: d.message,
    data: { ...(d.data ?? {}) },
  };
  // An unknown key is dead text as far as lw_coder is concerned: editors fade it.
  if (d.code === 'unknown-key') out.tags = [DiagnosticTag.Unnecessary];
  return out;
}
