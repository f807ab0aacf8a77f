"""`terms/`: words used as if defined, or one concept under several names."""

from __future__ import annotations
