"""Bundled data files (lexicons, gazetteer, actor dictionary, models); see docs/data.md."""
