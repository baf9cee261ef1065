"""Readers for external datasets: they turn someone else's files into this project's YAML."""
