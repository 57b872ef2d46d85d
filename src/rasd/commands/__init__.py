"""CLI command groups that live beside `rasd.cli` (each module has `register(app)`)."""
