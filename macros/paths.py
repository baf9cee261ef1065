"""Every directory the engine uses, built from this file's location."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = ROOT / "content"
DATA_DIR = ROOT / "data"
SEEDS_DIR = ROOT / "seeds"
SCHEMA_DIR = DATA_DIR / "schema"
OVERRIDES_DIR = ROOT / "overrides"
SHARED_DATA_DIR = ROOT.parent / "shared" / "data"
