"""Domain logic of the Sanctions & Diplomacy Tracker: schema, actors, filters, charts, UI frame."""
