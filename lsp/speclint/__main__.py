"""`python -m speclint ...` is `spec-lint ...` (the VS Code client starts the server this way)."""

from .cli import main

main()
