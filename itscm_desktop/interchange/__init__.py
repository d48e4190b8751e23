"""Import and export in standard formats: CSV, vCard, iCalendar, JSON."""
