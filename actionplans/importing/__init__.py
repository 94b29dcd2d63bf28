"""Bringing in the spreadsheets councils already keep.

An import runs in three steps, each its own module (the Grid they pass on is grid.py):

1. `sheets`: read an uploaded file (.xlsx, or .csv in UTF-8 with or without a
   BOM, or Windows-1252) into a `Grid` of cell values named by their cells
   ("C14"), refusing bad files (not a spreadsheet, macro-enabled, password-
   protected, too big, a zip bomb, XML attacks) with a message a clerk
   understands, and within the limits set in settings (IMPORT_MAX_*). A
   Word progress update (.docx) passes the same checks, and `word` turns
   its label/value tables into a Grid of the product's own layout, its
   cells named by table and label.
2. `headings`: find the heading row and guess which column is which field
   from the councils' usual wordings. The fields of each kind of plan are
   declared there, once, so that partnership plans reuse the machinery.
3. `tracker`: turn the grid and the chosen mapping into an `ImportedPlan`
   (plan.py), naming every problem by its cell.

Then `saving.import_plan()` compares the ImportedPlan with the review
(`comparing`, step by step, with `rounds` for the file's months and
`comparing_actions` for its actions; what it would do is a
`preview.ImportPreview`), and saves it in one transaction, or nothing, as
one change in the audit history ("Imported from FILE");
`partnership.py` reads a partnership plan and `partnership_saving.import_plan()`
saves it as a new one. The import calls the models, never the reverse.

Its pages (upload, preview with the columns' mapping, confirm; the blank
templates) are `views.py`, `forms.py` and `urls.py`.
"""
