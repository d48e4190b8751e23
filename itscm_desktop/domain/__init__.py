"""Pure-Python continuity plan model: entities, validation, clocks, graphs. No I/O."""
