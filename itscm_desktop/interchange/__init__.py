"""Import and export in standard formats: CSV, vCard, iCalendar, JSON.

Importing is three steps, so the app can show each before anything is written:

1. ``reading.parse_import(data, table, mapping=None, overrides=None) -> ParsedFile``:
   the file's bytes to rows of field values (encoding, CSV or vCard, column mapping;
   ``ParsedFile.mapping`` is what the Import wizard previews, ``columns.targets_for``
   lists what a column may fill, ``ParsedFile.preview`` the first rows as they are).
2. ``importing.plan_import(vault, parsed, progress=None) -> ImportPlan``: new records,
   updates (what matched, what changes), rows already up to date, rejected rows with
   their line; ``summary()`` and ``as_dict()`` for the report. Writes nothing.
3. ``importing.apply_import(vault, plan, update_existing=True, skip_rejected=False,
   progress=None) -> ImportResult``: one save, all or nothing.

A whole file that cannot be imported raises ``problems.ImportRefused`` with a sentence
for the person. Exports: ``exporting.export_bytes`` / ``export_to`` (CSV, vCard,
iCalendar, JSON), refused in one sentence by ``problems.ExportRefused``.
"""
