"""The jupyter-lsp server spec: how JupyterLab starts `spec-lint lsp` for Markdown documents.

jupyter-lsp finds it through the `jupyter_lsp_spec_v1` entry point declared in pyproject.toml,
so installing the package is all the set-up a user needs. The languages and MIME types are those
JupyterLab gives Markdown files and notebook Markdown cells (the same set as jupyter-lsp's own
Markdown spec), plus `text/markdown`, the registered MIME type.
"""

from __future__ import annotations

import sys
from typing import Any

from speclint import __version__

SPEC_VERSION = 2  # jupyter-lsp's server spec schema version
KEY = "speclint"


def speclint_spec(_manager: Any = None) -> dict[str, dict[str, Any]]:
    """`{key: spec}` as jupyter-lsp expects from a spec finder."""
    return {
        KEY: {
            "display_name": f"speclint {__version__}",
            # This interpreter, not `spec-lint` from PATH: the server runs in the environment
            # that has speclint installed even when the Jupyter server's PATH lacks its scripts.
            "argv": [sys.executable, "-m", "speclint", "lsp"],
            "languages": ["markdown", "ipythongfm", "gfm"],
            "mime_types": ["text/x-gfm", "text/x-ipythongfm", "text/x-markdown", "text/markdown"],
            "version": SPEC_VERSION,
            # The server lints the text it is sent; no need for jupyter-lsp to mirror unsaved
            # documents into a .virtual_documents folder.
            "requires_documents_on_disk": False,
            "install": {"pip": "pip install speclint[jupyter]"},
            "troubleshoot": (
                f"Run `{sys.executable} -m speclint lsp --help`: it must print the server's "
                "options. Another Markdown server with a higher priority takes the documents "
                "instead: see docs/jupyter.md."
            ),
        }
    }
