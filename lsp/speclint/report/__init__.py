"""Output formats. Each takes a `LintRun` (and summaries) and returns or writes text."""
