"""rasd: Arabic news to structured conflict-event data."""
