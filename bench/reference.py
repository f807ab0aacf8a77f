"""The reference parser the benchmarks compare against: markdown-it-py with the same syntax as
speclint reads (CommonMark, HTML, GFM tables, front matter). Lint time is reported as a ratio
to its bare parse time of the same files, measured in the same run."""

from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

markdown_it_py = MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)
