"""What changed between two of a committee's meetings: gathered
(builder.py) into plain data (data.py); its pages, its spreadsheet and the
Progress Update's section."""
