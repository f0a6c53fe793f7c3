"""`genreport 导入`: last year's hand-written report and tables read into a draft data file.

extract (files → text blocks) → numbers (figures in text) → report (blocks → contract keys, and what
could not be placed) → draft (the YAML with sources, checked)."""
