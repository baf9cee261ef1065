"""This site's topic: North Korea's missile testing (records, charts, importers)."""
